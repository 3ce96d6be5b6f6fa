import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { knownPartition } from '../policy/render';

/**
 * An ECR private registry: the one of an account and region, with its registry policy. Creation
 * templates and pull-through cache rules belong to one.
 */
export interface IEcrRegistry extends IConstruct {
  /** The registry id: the account id (a deploy-time value in an environment-agnostic stack). */
  readonly registryId: string;

  /** The registry's region. */
  readonly region: string;

  /**
   * Adds a statement to the registry policy. A registry-policy statement names its principals and
   * the repositories it covers.
   */
  addToRegistryPolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult;
}

/**
 * The ARN of the registry's repositories matching `resourceName` (`team-a/*`), with the partition
 * written out when the region is known: a plain string, which cdk-nag acknowledgements can name.
 */
export function repositoryArnPattern(registry: IEcrRegistry, resourceName: string): string {
  return repositoryArnIn(registry, registry.registryId, registry.region, resourceName);
}

/** The same, for a registry of any account and region (one outside the app), formatted in `scope`'s stack. */
export function repositoryArnIn(scope: IConstruct, account: string, region: string, resourceName: string): string {
  const stack = Stack.of(scope);
  return stack.formatArn({
    partition: knownPartition(stack),
    service: 'ecr',
    account,
    region,
    resource: 'repository',
    resourceName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}
