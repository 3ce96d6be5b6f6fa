import { AccessModel } from './access-model';
import { isKnown } from './cfn-values';
import { RepositoryView } from './model-views';
import { ResourceRef, resourceRef } from './policy-view';

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

/** An image in a repository of the app. */
export interface AppImage {
  readonly repository: RepositoryView;
  /** The tag, `latest` when none is written; undefined when the image is named by digest. */
  readonly tag?: string;
  /** True when the tag is known only at deploy time. */
  readonly tagUnknown?: boolean;
}

const reposByName = new WeakMap<AccessModel, Map<string, RepositoryView[]>>();

/** The repository of the app an image URI names, and its tag; undefined for any other image. */
export function appImageOf(model: AccessModel, imageUri: unknown): AppImage | undefined {
  if (typeof imageUri !== 'string') return undefined;
  const match = IMAGE.exec(imageUri);
  const host = match ? ECR_HOST.exec(match[1]) : null;
  if (!match || !host) return undefined;
  const [, , name, tag, digest] = match;
  const repository = (repositoriesByName(model).get(name) ?? []).find((r) => sameRegistry(model, r, host[1], host[2]));
  if (!repository) return undefined;
  if (digest !== undefined) return { repository };
  return tag === undefined || isKnown(tag) ? { repository, tag: tag ?? 'latest' } : { repository, tagUnknown: true };
}

function repositoriesByName(model: AccessModel): Map<string, RepositoryView[]> {
  let byName = reposByName.get(model);
  if (!byName) {
    byName = new Map();
    for (const repository of model.repositories) {
      const name = model.resolver.nameOf(repository.resource.stack, repository.resource.logicalId);
      byName.set(name, [...byName.get(name) ?? [], repository]);
    }
    reposByName.set(model, byName);
  }
  return byName;
}

/** Every image of the app's ECS task definitions and Lambda functions that is in a repository of the app and whose tag is known at synth. */
export function imageReferences(model: AccessModel): ImageReference[] {
  const out: ImageReference[] = [];
  const add = (resource: ResourceRef, location: string, imageUri: unknown) => {
    const image = appImageOf(model, imageUri);
    if (!image || image.tagUnknown) return;
    const tag = image.tag !== undefined ? { tag: image.tag } : {};
    out.push({ resource, location, imageUri: imageUri as string, repository: image.repository, ...tag });
  };
  for (const { stack, logicalId, resource } of model.resourcesOfType('AWS::ECS::TaskDefinition')) {
    const ref = resourceRef(stack, logicalId, resource.Type);
    const containers = model.resolver.resolve(stack, resource.Properties?.ContainerDefinitions);
    if (!Array.isArray(containers)) continue;
    containers.forEach((c: any, i: number) => add(ref, `Properties/ContainerDefinitions/${i}/Image`, c?.Image));
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
