import { AccessModel, RepositoryView } from './access-model';
import { isKnown } from './cfn-values';
import { ResourceRef } from './policy-view';

// The images the app runs from its own repositories: an ECS container (`ContainerDefinitions[].Image`)
// or a Lambda function (`Code.ImageUri`), named `<registry>/<repository>:<tag>` or
// `<registry>/<repository>@<digest>`. A tag is looked up when the task starts or the function is
// deployed, so what a lifecycle rule does to the tagged image reaches the app; a digest names one
// image for good. With neither, Docker and ECS pull `latest`.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html (image)

/* eslint-disable @typescript-eslint/no-explicit-any */

/** One image an ECS task definition or a Lambda function of the app names in one of the app's repositories. */
export interface ImageReference {
  /** The task definition or function. */
  readonly resource: ResourceRef;
  /** Where the image is in it (`Properties/ContainerDefinitions/0/Image`). */
  readonly location: string;
  readonly imageUri: string;
  readonly repository: RepositoryView;
  /** The tag, `latest` when none is written; undefined when the image is named by digest. */
  readonly tag?: string;
}

// `<host>/<name>` then `:<tag>` or `@<digest>`; the host is ECR's (`<account>.dkr.ecr.<region>.…`,
// FIPS and dual-stack included), its parts possibly known only at deploy time
const IMAGE = /^([^/]+)\/([^:@]+)(?::([^@]+))?(?:@(.+))?$/;
const ECR_HOST = /^([^.]+)\.dkr[.-]ecr(?:-fips)?\.([^.]+)\./;

/** Every image of the app's ECS task definitions and Lambda functions that is in a repository of the app and whose tag is known at synth. */
export function imageReferences(model: AccessModel): ImageReference[] {
  const byName = new Map<string, RepositoryView[]>();
  for (const repository of model.repositories) {
    const name = model.resolver.nameOf(repository.resource.stack, repository.resource.logicalId);
    byName.set(name, [...byName.get(name) ?? [], repository]);
  }
  const out: ImageReference[] = [];
  const add = (resource: ResourceRef, location: string, imageUri: unknown) => {
    if (typeof imageUri !== 'string') return;
    const match = IMAGE.exec(imageUri);
    const host = match ? ECR_HOST.exec(match[1]) : null;
    if (!match || !host) return;
    const [, , name, tag, digest] = match;
    const repository = (byName.get(name) ?? []).find((r) => sameRegistry(model, r, host[1], host[2]));
    if (!repository) return;
    if (digest !== undefined) {
      out.push({ resource, location, imageUri, repository });
    } else if (tag === undefined || isKnown(tag)) {
      out.push({ resource, location, imageUri, repository, tag: tag ?? 'latest' });
    }
  };
  for (const stack of model.templates.stacks) {
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource?.Type !== 'AWS::ECS::TaskDefinition') continue;
      const ref: ResourceRef = { stack, logicalId, type: resource.Type, path: stack.constructPaths.get(logicalId) ?? `${stack.id}/${logicalId}` };
      const containers = model.resolver.resolve(stack, resource.Properties?.ContainerDefinitions);
      if (!Array.isArray(containers)) continue;
      containers.forEach((c: any, i: number) => add(ref, `Properties/ContainerDefinitions/${i}/Image`, c?.Image));
    }
  }
  for (const fn of model.lambdaImages) add(fn.resource, 'Properties/Code/ImageUri', fn.imageUri);
  return out;
}

/** The host names the repository's account and Region, or a part of it is known only at deploy time. */
function sameRegistry(model: AccessModel, repository: RepositoryView, account: string, region: string): boolean {
  const env = model.resolver.env(repository.resource.stack);
  const same = (written: string, actual: string) => !isKnown(written) || !isKnown(actual) || written === actual;
  return same(account, repository.account) && same(region, env.region);
}
