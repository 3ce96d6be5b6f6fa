import { AdviceInput, KindAdvice, withoutUndefined } from './kind-advice';
import { MISSING_POLICY_SIDES, MissingPolicySide, UNKNOWN_SIDE } from './missing-policy-sides';
import { onResource } from './words';
import { Task } from '../../actions/capabilities';
import { CallerType } from '../arn';
import { describeCaller } from '../describe';
import { DiagnosisKind } from '../diagnosis';
import { phraseOfMissing } from '../policy-phrases';
import { MissingBasis } from '../reasoning';

// `… is not authorized to perform …` with no explicit deny: some policy does not allow it. Which
// one, the message says or the ECR rules imply (reasoning.ts); each side's fix is in
// missing-policy-sides.ts.

/** Why that side is the one to change, by how it was found. */
const REASONS: Readonly<Record<MissingBasis, (input: AdviceInput, accounts: string) => string>> = {
  [MissingBasis.MESSAGE]: (input) => `AWS says no ${phraseOfMissing(input.conclusion.policy)} allows it: ${sideOf(input).mustChange(input)}`,
  [MissingBasis.IDENTITY_ONLY_ACTION]: ({ facts, capability }) => (capability.task === Task.CREATE
    ? `${facts.action} can only be allowed by an identity policy: the repository does not exist yet, so no repository policy applies. Scope it to a name prefix instead of "*".`
    : `${facts.action} is account-level: only an identity policy with Resource "*" can allow it; a repository policy cannot.`),
  [MissingBasis.SAME_ACCOUNT]: ({ facts }) => `Caller and repository are in the same account (${facts.caller?.account}), so one allow is enough: the caller's identity policy is missing it (a repository policy naming the caller would also do, but the identity policy is where grants belong).`,
  [MissingBasis.CROSS_ACCOUNT_ROOT]: ({ facts }, accounts) => `The caller is the root of another account (${accounts}): its own side is always allowed, so the repository policy must trust account ${facts.caller?.account}.`,
  [MissingBasis.CROSS_ACCOUNT]: (_, accounts) => `Cross-account request (${accounts}): both the caller's identity policy and the repository policy must allow it, and the message does not say which one is missing.`,
};

export const accessDenied: KindAdvice = {
  kind: DiagnosisKind.ACCESS_DENIED,
  title: 'Access denied',

  explanation(input) {
    const { facts, conclusion } = input;
    const what = `${describeCaller(facts.caller)} was denied ${facts.action ?? 'an action'}${onResource(input)}.`;
    const accounts = `caller in ${facts.caller?.account ?? 'an unknown account'}, repository in ${facts.resourceAccount ?? 'an unknown account'}`;
    let why: string;
    if (conclusion.basis !== undefined) {
      why = REASONS[conclusion.basis](input, accounts);
    } else if (facts.caller?.type === CallerType.ROOT) {
      why = 'A root user needs no identity policy, so a service control policy, a resource control policy or a Deny is the likely cause; the message does not say which.';
    } else {
      why = `The message names neither the missing policy nor both accounts (${accounts}), so the side cannot be told apart.`;
    }
    return `${what} ${why}`;
  },

  fix(input) {
    const { facts, capability } = input;
    const { identityPolicy, repositoryPolicy, cdk, steps } = sideOf(input).fix(input);
    steps.push(...principalCaveats(input, repositoryPolicy !== undefined));
    if (facts.caller?.type === CallerType.FEDERATED_USER && identityPolicy !== undefined) {
      steps.push('A federated user has what that IAM user has and the session policy passed to GetFederationToken allows: the session policy must allow the actions too.');
    }
    if (capability.task !== Task.NOT_ECR && (identityPolicy !== undefined || repositoryPolicy !== undefined)) {
      steps.push('Grant exactly these actions: not `ecr:*`, and repository actions on the repository ARN rather than on "*".');
    }
    if (hasPlaceholder([identityPolicy, repositoryPolicy, cdk])) steps.push('Replace each <placeholder> with your value: the message does not carry it.');
    return withoutUndefined({ identityPolicy, repositoryPolicy, cdk, steps });
  },
};

function sideOf(input: AdviceInput): MissingPolicySide {
  const policy = input.conclusion.policy;
  return policy === undefined ? UNKNOWN_SIDE : MISSING_POLICY_SIDES[policy];
}

/** A role named by its session's ARN may have a path the ARN does not show: the repository policy must name the real one. */
function principalCaveats(input: AdviceInput, namesPrincipal: boolean): string[] {
  const caller = input.facts.caller;
  if (!namesPrincipal || caller?.type !== CallerType.ASSUMED_ROLE) return [];
  if (caller.identityCenterRole) {
    return ['This is an IAM Identity Center role, under the path /aws-reserved/sso.amazonaws.com/ (followed by the region, e.g. …/sso.amazonaws.com/eu-west-1/, when Identity Center runs outside us-east-1; `aws iam list-roles --path-prefix /aws-reserved/sso.amazonaws.com/` shows it). Its name changes when the permission set is re-provisioned: a repository policy that trusts the account with an `aws:PrincipalArn` ArnLike condition on `…/AWSReservedSSO_<PermissionSet>_*` survives that.'];
  }
  if (caller.rolePath === undefined) {
    return [`A session ARN does not show the role's path: if \`aws iam get-role --role-name ${caller.roleName} --query Role.Arn\` prints one (such as role/service-role/${caller.roleName}), name that ARN in the repository policy.`];
  }
  return [];
}

function hasPlaceholder(parts: unknown[]): boolean {
  return parts.some((part) => part !== undefined && /<[a-z-]+>/.test(typeof part === 'string' ? part : JSON.stringify(part)));
}
