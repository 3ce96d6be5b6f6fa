import { displayJson } from '../../analysis/cfn-values';
import { constructLabel } from '../../analysis/describe';
import { PrincipalType } from '../../analysis/model-views';
import { PolicyKind, PolicyView } from '../../analysis/policy-view';
import { POLICY_QUOTAS } from '../../policy/policy-size';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

// AWS counts policy size in characters, whitespace excluded.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html
const INLINE_TOTAL: Record<PrincipalType, number> = {
  [PrincipalType.ROLE]: POLICY_QUOTAS.roleInline,
  [PrincipalType.USER]: POLICY_QUOTAS.userInline,
  [PrincipalType.GROUP]: POLICY_QUOTAS.groupInline,
};

/**
 * The size AWS counts: the JSON without whitespace, deploy-time values counted as written
 * (`${Repo.Arn}`). Most policies are far below every quota, so an upper bound answers first: the raw
 * JSON length, always at least that size, counted without building the text when it is small enough.
 */
export function policyCharacters(policy: PolicyView, limit: number): number {
  const bound = jsonLengthBound(policy.document ?? '', limit);
  if (bound <= limit) return bound;
  const raw = JSON.stringify(policy.document ?? '');
  if (raw.length <= limit) return raw.length;
  return JSON.stringify(displayJson(policy.document) ?? '').replace(/\s/g, '').length;
}

// JSON escapes quotes, backslashes, control characters and lone surrogates; at most 6 characters each (\uXXXX)
const ESCAPED_IN_JSON = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * At least the length of `JSON.stringify(value)`, without building it (thousands of policies are
 * read per synth): exact for plain strings, 6 characters for each of a string's characters that JSON
 * may escape. Stops counting once over `limit`; Infinity for anything but plain JSON data.
 */
function jsonLengthBound(value: unknown, limit: number): number {
  switch (typeof value) {
    case 'string': return 2 + (ESCAPED_IN_JSON.test(value) ? 6 * value.length : value.length);
    case 'number': return String(value).length;
    case 'boolean': return 5;
    case 'undefined': return 4; // `null` in a list; left out of an object
    case 'object': break;
    default: return Infinity;
  }
  if (value === null) return 4;
  let total = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      total += 1 + jsonLengthBound(item, limit);
      if (total > limit) return total;
    }
    return total;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return Infinity;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    total += 2 + jsonLengthBound(key, limit) + jsonLengthBound((value as Record<string, unknown>)[key], limit);
    if (total > limit) return total;
  }
  return total;
}

/** The policies' {@link policyCharacters} added up (each bounded by the limit of them all). */
function charactersTogether(policies: readonly PolicyView[], limit: number): number {
  let total = 0;
  for (let i = 0; i < policies.length; i++) total += policyCharacters(policies[i], limit);
  return total;
}

/**
 * Catches identity and repository policies over AWS's size quotas: a role's inline policies together
 * (10,240 characters; users 2,048, groups 5,120), one managed policy (6,144), a repository policy (10,240).
 */
export const policySize: Rule = {
  id: 'policy-size',
  level: EcrCheckLevel.ERROR,
  summary: 'A policy over AWS\'s size quota: a role\'s inline policies together over 10,240 characters (user 2,048, group 5,120), a managed policy over 6,144, a repository policy over 10,240',
  why: 'IAM and ECR reject an oversized policy when CloudFormation deploys it ("Maximum policy size exceeded"), after the stacks before it are already deployed.',
  fix: 'Grant on fewer, wildcarded repository ARNs (`repository/team-a/*`), or split the grants over managed policies',
  check(context) {
    const { model } = context;
    // indexed loops without a closure per principal: run once per synth, unoptimized, where each
    // for…of step over the app's principals and policies allocates
    for (let i = 0; i < model.principals.length; i++) {
      const principal = model.principals[i];
      if (principal.inline.length === 0) continue;
      const limit = INLINE_TOTAL[principal.type];
      if (charactersTogether(principal.inline, limit) <= limit) continue;
      const sizes = principal.inline.map((p) => ({ policy: p, size: policyCharacters(p, 0) }));
      const total = sizes.reduce((sum, s) => sum + s.size, 0);
      if (total <= limit) continue;
      const largest = sizes.reduce((a, b) => (b.size > a.size ? b : a));
      context.report({
        resource: largest.policy.resource,
        location: largest.policy.location,
        message: `The inline policies of ${principal.type} '${constructLabel(principal.resource)}' add up to about ${total.toLocaleString('en-US')} characters ` +
          `(this one ${largest.size.toLocaleString('en-US')}), over IAM's ${limit.toLocaleString('en-US')} for a ${principal.type}.`,
        fix: 'grant on a wildcarded repository ARN (e.g. repository/team-a/*) instead of listing repositories, or move statements to managed policies (6,144 characters each, up to 20 per role)',
      });
    }
    for (let i = 0; i < model.policies.length; i++) {
      const policy = model.policies[i];
      const limit = policy.kind === PolicyKind.MANAGED ? POLICY_QUOTAS.managedPolicy
        : policy.kind === PolicyKind.REPOSITORY ? POLICY_QUOTAS.repositoryPolicy : undefined;
      if (limit === undefined) continue;
      const size = policyCharacters(policy, limit);
      if (size <= limit) continue;
      context.report({
        resource: policy.resource,
        location: policy.location,
        message: `The ${policy.kind} of '${constructLabel(policy.resource)}' is about ${size.toLocaleString('en-US')} characters, over the ${limit.toLocaleString('en-US')} AWS allows.`,
        fix: policy.kind === PolicyKind.REPOSITORY
          ? 'trust whole accounts (allowAccountPull) or an organization (allowOrganizationPull) instead of listing principals one by one'
          : 'split it into several managed policies, or grant on wildcarded repository ARNs',
      });
    }
  },
};
