import { AccessModel } from './access-model';
import { isKnown } from './cfn-values';
import { RepositoryView } from './model-views';
import { ResourceRef, resourceRef } from './policy-view';
import { filterMatches } from '../registry/signing';

// ECR managed signing as the templates write it (AWS::ECR::SigningConfiguration, one per registry):
// each rule signs the images pushed to the repositories its filters match (all, without filters)
// with its AWS Signer profile, "using the identity of the entity pushing the image".
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/managed-signing.html

/* eslint-disable @typescript-eslint/no-explicit-any */

/** One rule of a registry's signing configuration that matches a repository. */
export interface SigningOfRepository {
  /** The signing configuration. */
  readonly resource: ResourceRef;
  /** The rule's index in `Rules`. */
  readonly rule: number;
  /** `SigningProfileArn` as resolved; may hold deploy-time parts. */
  readonly profileArn: string;
}

/**
 * The signing rules of the app that match the repository: those of the signing configuration of its
 * account and Region without filters, or with a filter matching its name. A name known only at deploy
 * time matches only rules without filters.
 */
export function signingOf(model: AccessModel, repository: RepositoryView): SigningOfRepository[] {
  const env = model.resolver.env(repository.resource.stack);
  const name = model.resolver.nameOf(repository.resource.stack, repository.resource.logicalId);
  const out: SigningOfRepository[] = [];
  for (const config of signingConfigurations(model)) {
    const registry = model.resolver.env(config.resource.stack);
    if (registry.account !== env.account || registry.region !== env.region) continue;
    config.rules.forEach((rule: any, i: number) => {
      const profileArn = rule?.SigningProfileArn;
      if (typeof profileArn !== 'string') return;
      const filters: any[] | undefined = Array.isArray(rule.RepositoryFilters) ? rule.RepositoryFilters : undefined;
      const matches = filters === undefined
        || (isKnown(name) && filters.some((f) => typeof f?.Filter === 'string' && filterMatches(f.Filter, name)));
      if (matches) out.push({ resource: config.resource, rule: i, profileArn });
    });
  }
  return out;
}

interface SigningConfiguration {
  readonly resource: ResourceRef;
  readonly rules: unknown[];
}

const configurations = new WeakMap<AccessModel, SigningConfiguration[]>();

function signingConfigurations(model: AccessModel): SigningConfiguration[] {
  let found = configurations.get(model);
  if (!found) {
    found = [];
    for (const { stack, logicalId, resource } of model.resourcesOfType('AWS::ECR::SigningConfiguration')) {
      const rules = model.resolver.resolve(stack, resource.Properties?.Rules);
      found.push({ resource: resourceRef(stack, logicalId, resource.Type), rules: Array.isArray(rules) ? rules : [] });
    }
    configurations.set(model, found);
  }
  return found;
}
