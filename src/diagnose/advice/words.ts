import { Task } from '../../actions/capabilities';
import { CallerType, splitArn } from '../arn';
import { describeCaller, describeRepository } from '../describe';
import { PLACEHOLDER } from '../fix';
import type { AdviceInput } from './kind-advice';

// Phrases several kinds of advice write: where the request went, who must be granted, which
// resource policy is the other side, and what to check on a VPC endpoint.

/** ` on repository 'x' in account …`, or ` on "*"`, or the resource as written. */
export function onResource(input: AdviceInput): string {
  const { facts } = input;
  if (facts.resource === '*') return ' on "*"';
  if (facts.resource !== undefined && splitArn(facts.resource)?.service !== 'ecr') return ` on '${facts.resource}'`;
  if (facts.repositoryName !== undefined || facts.resourceAccount !== undefined) return ` on ${describeRepository(facts.repositoryName, facts.resourceAccount, facts.region)}`;
  return facts.resource !== undefined ? ` on '${facts.resource}'` : '';
}

/** Where the resource side is written: a repository policy, or for other services the resource's own policy. */
export function resourcePolicyWords(input: AdviceInput, withAccount = true): string {
  const { facts, capability } = input;
  if (capability.task === Task.NOT_ECR) return `the resource policy of '${facts.resource ?? 'the resource'}' (for a KMS key, its key policy)`;
  return `the repository policy of ${describeRepository(facts.repositoryName, withAccount ? facts.resourceAccount : undefined, withAccount ? facts.region : undefined)}`;
}

/** The principal whose policies change: a session's role, the user behind a federated user, the caller. */
export function principalWords(input: AdviceInput): string {
  const { facts, policyPrincipalArn } = input;
  const caller = facts.caller;
  if (caller?.type === CallerType.ASSUMED_ROLE) return `role ${policyPrincipalArn ?? `'${caller.roleName}'`} (the session's role; a session takes no policies)`;
  if (caller?.type === CallerType.FEDERATED_USER) return 'the IAM user that called GetFederationToken';
  if (policyPrincipalArn !== undefined) return policyPrincipalArn;
  if (caller !== undefined && caller.type !== CallerType.OTHER) return describeCaller(caller).replace(/^The /, 'the ');
  return 'the caller\'s role or user';
}

/** What to check on the ECR interface endpoints and the S3 gateway endpoint the layers come through. */
export function vpcEndpointSteps(input: AdviceInput, effect: 'allow' | 'deny'): string[] {
  const region = input.facts.region ?? PLACEHOLDER.region;
  const verb = effect === 'allow' ? 'does not allow' : 'denies';
  return [
    `The request went through a VPC endpoint whose policy ${verb} ${input.facts.action ?? 'the action'}. Check the policies of the com.amazonaws.${region}.ecr.api and com.amazonaws.${region}.ecr.dkr endpoints: \`aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.${region}.ecr.api,com.amazonaws.${region}.ecr.dkr\`.`,
    `Image layers download from Amazon S3: an S3 gateway endpoint policy must allow s3:GetObject on arn:aws:s3:::prod-${region}-starport-layer-bucket/*.`,
  ];
}
