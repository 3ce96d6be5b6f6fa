import { denied, explicitDenyIn } from './messages';
import { diagnose } from '../../../src';
import * as M from '../messages';

// An explicit Deny overrides every Allow: the fix is to find that Deny, which depends on the type of
// policy that holds it (AWS's words in the message).

test.each([
  ['identity-based policy', /^Find the Deny in the policies of role arn:aws:iam::222222222222:role\/ci .*list-attached-role-policies --role-name ci/, /simulate-principal-policy --policy-source-arn arn:aws:iam::222222222222:role\/ci --action-names ecr:InitiateLayerUpload --resource-arns/],
  ['resource-based policy', /^Find the Deny in the repository policy: `aws ecr get-repository-policy --repository-name team-a\/api --registry-id 111111111111 --region us-east-1`/, undefined],
  ['permissions boundary', /^Find the Deny in the permissions boundary: `aws iam get-role --role-name ci --query Role\.PermissionsBoundary`/, undefined],
  ['session policy', /^Find the Deny in the session policy passed when the role was assumed/, undefined],
  ['VPC endpoint policy', /^The request went through a VPC endpoint whose policy denies ecr:InitiateLayerUpload/, /prod-us-east-1-starport-layer-bucket/],
  ['service control policy', /^Ask your organization's administrators: a service control policy on account 222222222222 .*denies ecr:InitiateLayerUpload/, undefined],
  ['resource control policy', /^Ask your organization's administrators: a resource control policy on account 111111111111 denies ecr:InitiateLayerUpload/, undefined],
])('in a %s: where to find it', (phrase, first, second) => {
  // WHEN
  const d = diagnose(denied({ reason: explicitDenyIn(phrase) }));
  // THEN
  expect(d.kind).toBe('explicit-deny');
  expect(d.explanation).toMatch(new RegExp(`by a Deny statement in an? ${phrase}.*\\. An explicit Deny overrides every Allow: adding permissions \\(or \`ecr:\\*\`\\) cannot fix it\\.$`));
  expect(d.fix?.steps[0]).toMatch(first);
  if (second) expect(d.fix?.steps[1]).toMatch(second);
  expect(d.fix?.steps.at(-1)).toBe('Narrow the Deny (for example, exclude this principal or repository in its Condition) or remove it; then retry.');
  expect(d.fix?.identityPolicy).toBeUndefined();
});

test('a resource-based policy is called the repository policy, and a named policy ARN is repeated', () => {
  // WHEN
  const d = diagnose(M.SCP_DENY_IDENTITY_CENTER);
  const resource = diagnose(denied({ reason: explicitDenyIn('resource-based policy') }));
  // THEN
  expect(d.explanation).toMatch(/The message names it: arn:aws:organizations::/);
  expect(resource.explanation).toMatch(/a Deny statement in a resource-based policy \(the repository policy\)/);
});

test('when the message does not say which policy: every place a Deny can be', () => {
  // WHEN
  const d = diagnose(denied({ reason: ' with an explicit deny' }));
  // THEN
  expect(d.explanation).toMatch(/by a Deny statement \(the message does not say in which policy\)\./);
  expect(d.fix?.steps).toHaveLength(3);
  expect(d.fix?.steps[0]).toMatch(/^Look for a Deny that matches in: the identity policies and permissions boundary of the caller/);
});
