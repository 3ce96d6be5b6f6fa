import { AdviceInput, KindAdvice } from './kind-advice';
import { onResource, principalWords, vpcEndpointSteps } from './words';
import { describeCaller } from '../describe';
import { DenyingPolicyType, DiagnosisKind } from '../diagnosis';
import { PLACEHOLDER } from '../fix';
import { phraseOfDenying } from '../policy-phrases';

// `… with an explicit deny in …`: a Deny statement matched, and no Allow anywhere overrides it. The
// fix is to find that Deny, which depends on the policy that holds it.

/** How to find the Deny, by the type of policy that holds it. */
const FIND_THE_DENY: Readonly<Record<DenyingPolicyType, (input: AdviceInput) => string[]>> = {
  [DenyingPolicyType.IDENTITY_BASED_POLICY]: (input) => {
    const { facts } = input;
    const roleName = facts.caller?.roleName ?? '<role-name>';
    return [
      `Find the Deny in the policies of ${principalWords(input)}: \`aws iam list-attached-role-policies --role-name ${roleName}\` and \`aws iam list-role-policies --role-name ${roleName}\` (for a user: list-attached-user-policies, list-user-policies and its groups' policies).`,
      `\`aws iam simulate-principal-policy --policy-source-arn ${input.policyPrincipalArn ?? '<principal-arn>'} --action-names ${facts.action ?? '<action>'}${facts.resource ? ` --resource-arns '${facts.resource}'` : ''}\` shows which statement matches.`,
    ];
  },
  [DenyingPolicyType.RESOURCE_BASED_POLICY]: ({ facts }) => [
    `Find the Deny in the repository policy: \`aws ecr get-repository-policy --repository-name ${facts.repositoryName ?? PLACEHOLDER.repositoryName} --registry-id ${facts.resourceAccount ?? PLACEHOLDER.account} --region ${facts.region ?? PLACEHOLDER.region}\`, and in the registry policy (\`aws ecr get-registry-policy\`).`,
  ],
  [DenyingPolicyType.PERMISSIONS_BOUNDARY]: ({ facts }) => [
    `Find the Deny in the permissions boundary: \`aws iam get-role --role-name ${facts.caller?.roleName ?? '<role-name>'} --query Role.PermissionsBoundary\` names it.`,
  ],
  [DenyingPolicyType.SESSION_POLICY]: () => [
    'Find the Deny in the session policy passed when the role was assumed (`--policy`/`--policy-arns` of `aws sts assume-role`, `inline-session-policy`/`managed-session-policies` of aws-actions/configure-aws-credentials).',
  ],
  [DenyingPolicyType.VPC_ENDPOINT_POLICY]: (input) => vpcEndpointSteps(input, 'deny'),
  [DenyingPolicyType.SERVICE_CONTROL_POLICY]: ({ facts }) => [
    `Ask your organization's administrators: a service control policy on account ${facts.caller?.account ?? '<account-id>'} (or its organizational units) denies ${facts.action ?? '<action>'}; \`aws organizations list-policies-for-target --target-id ${facts.caller?.account ?? '<account-id>'} --filter SERVICE_CONTROL_POLICY\` lists them.`,
  ],
  [DenyingPolicyType.RESOURCE_CONTROL_POLICY]: ({ facts }) => [
    `Ask your organization's administrators: a resource control policy on account ${facts.resourceAccount ?? '<account-id>'} denies ${facts.action ?? '<action>'}; \`aws organizations list-policies-for-target --target-id ${facts.resourceAccount ?? '<account-id>'} --filter RESOURCE_CONTROL_POLICY\` lists them.`,
  ],
};

/** When the message does not say which policy holds the Deny. */
const FIND_ANY_DENY = [
  'Look for a Deny that matches in: the identity policies and permissions boundary of the caller, the session policy, the repository policy, VPC endpoint policies, and the organization\'s service and resource control policies.',
  'The CloudTrail event of the denied call (errorCode AccessDenied) has the same message; newer messages name the policy type.',
];

export const explicitDeny: KindAdvice = {
  kind: DiagnosisKind.EXPLICIT_DENY,
  title: 'Access denied by an explicit Deny',

  explanation(input) {
    const { facts } = input;
    const type = facts.deniedBy;
    const where = type !== undefined ? `a Deny statement in ${type === DenyingPolicyType.IDENTITY_BASED_POLICY ? 'an' : 'a'} ${denyPhrase(type)}` : 'a Deny statement (the message does not say in which policy)';
    const named = facts.denyingPolicyArn !== undefined ? ` The message names it: ${facts.denyingPolicyArn}.` : '';
    return `${describeCaller(facts.caller)} was denied ${facts.action ?? 'an action'}${onResource(input)} by ${where}.${named} An explicit Deny overrides every Allow: adding permissions (or \`ecr:*\`) cannot fix it.`;
  },

  fix(input) {
    const type = input.facts.deniedBy;
    const find = type !== undefined ? FIND_THE_DENY[type](input) : FIND_ANY_DENY;
    return { steps: [...find, 'Narrow the Deny (for example, exclude this principal or repository in its Condition) or remove it; then retry.'] };
  },
};

function denyPhrase(type: DenyingPolicyType): string {
  return type === DenyingPolicyType.RESOURCE_BASED_POLICY ? `${phraseOfDenying(type)} (the repository policy)` : phraseOfDenying(type);
}
