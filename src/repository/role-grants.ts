import { Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { principalForOwner } from './access';
import { repositoryPolicyStatement } from '../policy/statements';

// aws-cdk-lib writes a cross-account grant to a role of the app as "the role's account, for
// principals tagged aws-cdk:id=<stack>_<address>", and tags the role: the tag value is in the
// template, so any role of that account carrying it gets the same access. A role with a fixed name
// is named instead, as a condition on the account principal: ECR rejects a policy whose Principal
// names a role that does not exist yet ("Invalid parameter … Principal not found"), but a condition
// value is never looked up, so the repository's stack needs no deployment order against the role's.

/**
 * The ARN a repository policy can name a grantee by: a role of this app, in another account known
 * at synth, with a fixed name (so its ARN is known before it is deployed).
 */
export function nameableRoleArn(repository: ecr.IRepository, principal: iam.IPrincipal): string | undefined {
  if (!(principal instanceof iam.Role) || principal.principalAccount === undefined) return undefined;
  if (Token.compareStrings(repository.env.account, principal.principalAccount) !== TokenComparison.DIFFERENT) return undefined;
  const named = principalForOwner(principal);
  return named.advice === undefined && named.principal instanceof iam.ArnPrincipal ? named.principal.arn : undefined;
}

/**
 * The grant on a repository this app defines (a `PushableRepository` or a plain `ecr.Repository`)
 * for a role of another account with a fixed name, written by {@link grantToNamedRole}; undefined
 * when the grantee is anything else, which the repository's own grant then writes. Every grant that
 * writes the policy of an owned repository asks here first, so that no path falls back to
 * aws-cdk-lib's tag form for a role that can be named.
 */
export function namedRoleGrant(repository: ecr.Repository, grantee: iam.IGrantable, actions: readonly string[]): iam.Grant | undefined {
  const roleArn = nameableRoleArn(repository, grantee.grantPrincipal);
  return roleArn === undefined ? undefined : grantToNamedRole(repository, grantee, grantee.grantPrincipal as iam.Role, roleArn, actions);
}

/**
 * Grants the actions on the repository to a role of another account with a fixed name: its identity
 * policy, and a repository-policy statement that trusts the role's account only for requests made
 * with that role (`aws:PrincipalArn`, which is the role's ARN for every session of the role).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function grantToNamedRole(
  repository: ecr.Repository, grantee: iam.IGrantable, role: iam.Role, roleArn: string, actions: readonly string[],
): iam.Grant {
  const identity = iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [repository.repositoryArn] });
  const statement = repositoryPolicyStatement(actions, [new iam.AccountPrincipal(role.principalAccount)], { ArnEquals: { 'aws:PrincipalArn': roleArn } });
  const resource = iam.Grant.addStatementToResourcePolicy({
    grantee, actions: [...actions], resourceArns: [repository.repositoryArn], resource: repository, statement,
  });
  return identity.combine(resource);
}
