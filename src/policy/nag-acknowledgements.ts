import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgeWithoutTrace } from '../private/acknowledge';

// cdk-nag's AwsSolutions pack flags two things this library writes on purpose: a wildcard resource in
// an identity policy (IAM5) and `Principal: "*"` in a repository policy (ECR1), neither of which
// reads the condition or the reason. Each is acknowledged where it is written, for exactly what is
// written, with the reason, so that a wildcard or a `*` the user writes elsewhere is still reported.

/** Acknowledgements already recorded, per construct: a grant made a thousand times records it once. */
const recorded = new WeakMap<IConstruct, Set<string>>();

/**
 * Tells cdk-nag (AwsSolutions-IAM5) why an identity statement of `scope` names every repository
 * matching `arnPattern`: the names are chosen at run time, or the namespace was asked for. An ARN
 * known only at deploy time cannot be named in an acknowledgement and is left to the finding.
 */
export function acknowledgeWildcardResource(scope: IConstruct, arnPattern: string, reason: string): void {
  if (Token.isUnresolved(arnPattern)) return;
  acknowledgeOnce(scope, `AwsSolutions-IAM5[Resource::${arnPattern}]`, reason);
}

/** Tells cdk-nag (AwsSolutions-ECR1) that the policy of `resource` limits `Principal: "*"` to an organization. */
export function acknowledgeOrganizationPrincipal(resource: IConstruct, organizationId: string): void {
  acknowledgeOnce(resource, 'AwsSolutions-ECR1', `Principal "*" is limited to the AWS Organization ${organizationId} by the aws:PrincipalOrgID condition.`,
    organizationId);
}

/** Records the acknowledgement unless one of `id` (for `about`) is there: the first reason given stands. */
function acknowledgeOnce(scope: IConstruct, id: string, reason: string, about = ''): void {
  const done = recorded.get(scope) ?? new Set<string>();
  recorded.set(scope, done);
  if (done.has(`${id}|${about}`)) return;
  done.add(`${id}|${about}`);
  acknowledgeWithoutTrace(scope, id, reason);
}
