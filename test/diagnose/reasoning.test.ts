import { MissingPolicy } from '../../src';
import { parseCaller } from '../../src/diagnose/arn';
import { capabilityOf } from '../../src/diagnose/capability';
import { MissingBasis, missingPolicyFor } from '../../src/diagnose/reasoning';

// Which policy must change, from the ECR rules: the message's word wins; login and create are
// identity-only; one side suffices in one account; both are needed across accounts, except for an
// account's root, whose own side is always allowed.

const role = parseCaller('arn:aws:sts::222222222222:assumed-role/ci/gh-42');
const root = parseCaller('arn:aws:iam::222222222222:root');
const push = capabilityOf('ecr:PutImage', false);
const login = capabilityOf('ecr:GetAuthorizationToken', false);

test.each([
  ['the message says', MissingPolicy.RESOURCE, push, role, false, { policy: MissingPolicy.RESOURCE, basis: MissingBasis.MESSAGE }],
  ['login', undefined, login, role, true, { policy: MissingPolicy.IDENTITY, basis: MissingBasis.IDENTITY_ONLY_ACTION }],
  ['login by a root', undefined, login, root, undefined, {}],
  ['same account', undefined, push, role, false, { policy: MissingPolicy.IDENTITY, basis: MissingBasis.SAME_ACCOUNT }],
  ['across accounts', undefined, push, role, true, { policy: MissingPolicy.BOTH, basis: MissingBasis.CROSS_ACCOUNT }],
  ['another account\'s root', undefined, push, root, true, { policy: MissingPolicy.RESOURCE, basis: MissingBasis.CROSS_ACCOUNT_ROOT }],
  ['a root in its own account', undefined, push, root, false, {}],
  ['accounts unknown', undefined, push, role, undefined, {}],
])('%s', (_, notAllowedBy, capability, caller, crossAccount, conclusion) => {
  expect(missingPolicyFor(notAllowedBy, capability, caller, crossAccount)).toEqual(conclusion);
});
