import { Arn, ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Capability } from './capability';
import { EcrActions } from '../actions/action-sets';
import { Task } from '../actions/capabilities';
import { partitionOf } from '../analysis/partitions';
import { identityPolicyDocument, lambdaPullStatement, loginStatement, repositoryIdentityStatement, repositoryPolicyStatement, splitByResourceScope, statementId } from '../policy/statements';

// The policies a fix prints, built by the same statement builders the grants use, so the JSON a
// diagnosis prints is the JSON `grantPush`, `allowAccountPull` or `allowLambdaPull` would write.

/** Where the fix applies; unknown parts are written as `<placeholders>`. */
export interface FixTarget {
  readonly partition?: string;
  readonly region?: string;
  readonly repositoryAccount?: string;
  readonly repositoryName?: string;
}

/** The placeholders a fix uses for values the message does not carry. */
export const PLACEHOLDER = {
  region: '<region>',
  account: '<account-id>',
  repositoryName: '<repository-name>',
  tag: '<tag>',
  prefix: '<prefix>',
} as const;

/** The partition for ARNs in the fix: the message's, else the region's, else the commercial one. */
export function partitionFor(target: FixTarget): string {
  if (target.partition !== undefined) return target.partition;
  return target.region !== undefined ? partitionOf(target.region).partition : 'aws';
}

/** The repository ARN the fix scopes to. */
export function repositoryArnFor(target: FixTarget): string {
  return ecrArn(target, target.repositoryName ?? PLACEHOLDER.repositoryName);
}

/** The name prefix a create fix scopes to: the namespace (`team-a/`) of the name, or the name itself. */
export function createPrefixFor(repositoryName: string | undefined): string {
  if (repositoryName === undefined) return PLACEHOLDER.prefix;
  const slash = repositoryName.lastIndexOf('/');
  return slash >= 0 ? repositoryName.slice(0, slash + 1) : repositoryName;
}

function ecrArn(target: FixTarget, resourceName: string): string {
  return Arn.format({
    partition: partitionFor(target),
    service: 'ecr',
    region: target.region ?? PLACEHOLDER.region,
    account: target.repositoryAccount ?? PLACEHOLDER.account,
    resource: 'repository',
    resourceName,
  });
}

/** The identity policy for the task: what the matching grant writes on the grantee. */
export function identityPolicyFor(capability: Capability, target: FixTarget, resourceAsWritten?: string): iam.PolicyDocument {
  switch (capability.task) {
    case Task.LOGIN:
      return new iam.PolicyDocument({ statements: [loginStatement()] });
    case Task.PULL:
    case Task.PUSH:
      return identityPolicyDocument([...EcrActions.LOGIN, ...capability.actions], [repositoryArnFor(target)]);
    case Task.CREATE:
      // what EcrCiPrincipal.allowCreateRepositories(prefix) writes: create and describe on `repository/<prefix>*`
      return new iam.PolicyDocument({ statements: [repositoryIdentityStatement(capability.actions, [ecrArn(target, `${createPrefixFor(target.repositoryName)}*`)])] });
    case Task.NOT_ECR:
      return new iam.PolicyDocument({ statements: [repositoryIdentityStatement(capability.actions, [resourceAsWritten ?? '*'])] });
    default: {
      const { wildcardOnly, repositoryScoped } = splitByResourceScope(capability.actions);
      const statements: iam.PolicyStatement[] = [];
      if (wildcardOnly.length > 0) statements.push(repositoryIdentityStatement(wildcardOnly, ['*']));
      if (repositoryScoped.length > 0) statements.push(repositoryIdentityStatement(repositoryScoped, [repositoryArnFor(target)]));
      return new iam.PolicyDocument({ statements });
    }
  }
}

/**
 * The repository policy naming the principal: for a role or user, the statement `grantPull`/`grantPush`
 * writes for an imported principal of another account; for an account root, the one
 * `allowAccountPull`/`allowAccountPush` writes. Undefined for tasks a repository policy cannot allow.
 */
export function repositoryPolicyFor(capability: Capability, principalArn: string, rootAccount?: string): iam.PolicyDocument | undefined {
  if (capability.identityOnly || capability.task === Task.NOT_ECR) return undefined;
  const { repositoryScoped } = splitByResourceScope(capability.actions);
  if (repositoryScoped.length === 0) return undefined;
  // the Sid allowAccountPull/allowAccountPush write
  const sid = rootAccount !== undefined && (capability.task === Task.PULL || capability.task === Task.PUSH)
    ? statementId(`Allow${capability.task === Task.PULL ? 'Pull' : 'Push'}FromAccount`, rootAccount)
    : undefined;
  const statement = repositoryPolicyStatement(repositoryScoped, [new iam.ArnPrincipal(principalArn)], undefined, sid);
  return new iam.PolicyDocument({ statements: [statement] });
}

/** The repository policy statement `allowLambdaPull({ accounts: [account] })` writes. */
export function lambdaRepositoryPolicyFor(target: FixTarget, functionAccount: string | undefined): iam.PolicyDocument {
  const account = functionAccount ?? PLACEHOLDER.account;
  const sourceArn = Arn.format({
    partition: partitionFor(target),
    service: 'lambda',
    region: target.region ?? PLACEHOLDER.region,
    account,
    resource: 'function',
    resourceName: '*',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  // a static service principal: the regional one would be a token, which a diagnosis cannot resolve
  const lambda = iam.ServicePrincipal.fromStaticServicePrincipleName('lambda.amazonaws.com');
  return new iam.PolicyDocument({ statements: [lambdaPullStatement(lambda, [account], [sourceArn])] });
}

/** A policy document as a plain JSON object. */
export function toJson(document: iam.PolicyDocument): any {
  return JSON.parse(JSON.stringify(document.toJSON()));
}
