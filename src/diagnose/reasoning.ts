import { Caller, CallerType } from './arn';
import { Capability } from './capability';
import { MissingPolicy } from './diagnosis';

// Which policy has to change, from the ECR rules:
// - the message names it ("because no resource-based policy allows"): that wins;
// - login (`GetAuthorizationToken`) and `CreateRepository` live only in identity policies;
// - within one account, one side suffices: the caller's identity policy is the one to add;
// - across accounts, both sides must allow: an account root's own side is always allowed, so its
//   missing side is the repository policy; for any other caller either side may be missing.

/** How the missing policy was determined, for the explanation. */
export enum MissingBasis {
  MESSAGE = 'message',
  IDENTITY_ONLY_ACTION = 'identity-only-action',
  SAME_ACCOUNT = 'same-account',
  CROSS_ACCOUNT = 'cross-account',
  CROSS_ACCOUNT_ROOT = 'cross-account-root',
}

/** The missing policy and why; `policy` undefined when the message does not allow a conclusion. */
export interface MissingPolicyConclusion {
  readonly policy?: MissingPolicy;
  readonly basis?: MissingBasis;
}

/** Decides which policy is missing for an implicitly denied request. */
export function missingPolicyFor(
  notAllowedBy: MissingPolicy | undefined,
  capability: Capability,
  caller: Caller | undefined,
  crossAccount: boolean | undefined,
): MissingPolicyConclusion {
  if (notAllowedBy !== undefined) return { policy: notAllowedBy, basis: MissingBasis.MESSAGE };
  const root = caller?.type === CallerType.ROOT;
  // an account's root user needs no identity policy; a denied root is a matter for SCPs or a Deny
  if (capability.identityOnly) return root ? {} : { policy: MissingPolicy.IDENTITY, basis: MissingBasis.IDENTITY_ONLY_ACTION };
  if (crossAccount === true) {
    return root
      ? { policy: MissingPolicy.RESOURCE, basis: MissingBasis.CROSS_ACCOUNT_ROOT }
      : { policy: MissingPolicy.BOTH, basis: MissingBasis.CROSS_ACCOUNT };
  }
  if (crossAccount === false && !root) return { policy: MissingPolicy.IDENTITY, basis: MissingBasis.SAME_ACCOUNT };
  return {};
}
