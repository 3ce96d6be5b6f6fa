import { Json } from './assembly';
import { AccessOracle, RepositoryUnderTest } from './oracle';
import { EcrRegistry } from '../../src';
import { REGISTRY_POLICY_ID } from '../../src/registry/registry-policy';

// How the tests model the registry policy (scope V2) with an evaluator that takes one resource
// policy: for a request on a repository of the registry, the resource policy is the registry policy,
// joined with the repository's own policy when it has one. ECR V2 applies both; joining their
// statements into one document gives the same answer (an Allow in either allows, a Deny in either denies).

/** The registry policy of an `EcrRegistry` of the app, resolved to concrete values (undefined: it has none). */
export function registryPolicyOf(oracle: AccessOracle, registry: EcrRegistry): Json | undefined {
  const child = registry.node.tryFindChild(REGISTRY_POLICY_ID);
  return child ? oracle.policyOf(child, 'PolicyText') : undefined;
}

/** A repository of the registry (existing or yet to be created) as ECR authorizes it: registry policy and repository policy together. */
export function registryRepository(arn: string, registryPolicy: Json | undefined, repositoryPolicy?: Json): RepositoryUnderTest {
  const statements = [...(registryPolicy?.Statement ?? []), ...(repositoryPolicy?.Statement ?? [])];
  const policy = statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : undefined;
  return { arn, name: arn.split('/').slice(1).join('/'), account: arn.split(':')[4], policy };
}
