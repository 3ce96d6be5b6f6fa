import { becauseNo, denied } from './messages';
import { diagnose } from '../../../src';

// Access denied with no explicit deny: what happened, why that side (the message's words, or the
// ECR rules: login and create live in identity policies only, one side suffices in one account,
// both are needed across accounts), and the steps every such fix ends with.

test.each([
  ['the message names the side', denied({ reason: becauseNo('identity-based policy') }), /^The session 'gh-42' of role 'ci' in account 222222222222 was denied ecr:InitiateLayerUpload on repository 'team-a\/api' in account 111111111111 \(us-east-1\)\. AWS says no identity-based policy allows it/],
  ['login: identity policies only', denied({ action: 'ecr:GetAuthorizationToken', resource: '*' }), /was denied ecr:GetAuthorizationToken on "\*"\. ecr:GetAuthorizationToken is account-level: only an identity policy with Resource "\*" can allow it/],
  ['create: the repository does not exist yet', denied({ action: 'ecr:CreateRepository' }), /ecr:CreateRepository can only be allowed by an identity policy: the repository does not exist yet/],
  ['one account: one side suffices', denied({ caller: 'arn:aws:sts::111111111111:assumed-role/ci/gh-42' }), /Caller and repository are in the same account \(111111111111\), so one allow is enough/],
  ['another account: both sides', denied(), /Cross-account request \(caller in 222222222222, repository in 111111111111\): both the caller's identity policy and the repository policy must allow it/],
  ['another account\'s root: the repository policy', denied({ caller: 'arn:aws:iam::222222222222:root' }), /The caller is the root of another account \(caller in 222222222222, repository in 111111111111\)/],
  ['a root of unknown relation: SCPs, RCPs or a Deny', denied({ caller: 'arn:aws:iam::222222222222:root', resource: '*', action: 'ecr:GetAuthorizationToken' }), /A root user needs no identity policy, so a service control policy, a resource control policy or a Deny is the likely cause/],
  ['nothing to tell the sides apart', denied({ caller: 'arn:aws:sts::<account>:assumed-role/ci/gh-42', resource: 'arn:aws:ecr:us-east-1:<account>:repository/team-a/api' }), /The message names neither the missing policy nor both accounts \(caller in an unknown account, repository in an unknown account\)/],
])('why: %s', (_, text, explanation) => {
  expect(diagnose(text).explanation).toMatch(explanation);
});

test('every fix with a policy ends with "exactly these actions"; a role named by a session ARN gets the path caveat', () => {
  // WHEN
  const d = diagnose(denied({ reason: becauseNo('resource-based policy') }));
  // THEN
  expect(d.fix?.steps.slice(-2)).toEqual([
    'A session ARN does not show the role\'s path: if `aws iam get-role --role-name ci --query Role.Arn` prints one (such as role/service-role/ci), name that ARN in the repository policy.',
    'Grant exactly these actions: not `ecr:*`, and repository actions on the repository ARN rather than on "*".',
  ]);
});

test('an IAM Identity Center role gets its own caveat; a federated user the session-policy note', () => {
  // WHEN
  const sso = diagnose(denied({ caller: 'arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Dev_0123456789abcdef/me', reason: becauseNo('resource-based policy') }));
  const federated = diagnose(denied({ caller: 'arn:aws:sts::222222222222:federated-user/bob', reason: becauseNo('identity-based policy') }));
  // THEN
  expect(sso.fix?.steps.join('\n')).toMatch(/This is an IAM Identity Center role, under the path \/aws-reserved\/sso\.amazonaws\.com\//);
  expect(federated.fix?.steps.join('\n')).toMatch(/A federated user has what that IAM user has and the session policy passed to GetFederationToken allows/);
});

test('a placeholder in the fix is pointed out', () => {
  // WHEN
  const d = diagnose(denied({ resource: 'arn:aws:ecr:us-east-1:<account>:repository/team-a/api', reason: becauseNo('identity-based policy') }));
  // THEN
  expect(d.fix?.steps.at(-1)).toBe('Replace each <placeholder> with your value: the message does not carry it.');
  expect(JSON.stringify(d.fix?.identityPolicy)).toContain('<account-id>');
});
