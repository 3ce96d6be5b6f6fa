import { becauseNo, denied } from './messages';
import { diagnose } from '../../../src';

// The access-denied advice by the policy that does not allow the request: what AWS says must change
// there, which documents the fix holds, the cdk-ecr-access code and the first step.

const fixFor = (text: string) => {
  const d = diagnose(text);
  return { explanation: d.explanation, missing: d.missingPolicy, has: [d.fix?.identityPolicy && 'identity', d.fix?.repositoryPolicy && 'repository'].filter(Boolean), cdk: d.fix?.cdk, steps: d.fix?.steps ?? [] };
};

test.each([
  ['identity-based policy', 'identity', ['identity'], /the identity policy of role arn:aws:iam::222222222222:role\/ci \(the session's role; a session takes no policies\) must allow ecr:InitiateLayerUpload\./,
    /^const caller = iam\.Role\.fromRoleArn[\s\S]*\nrepository\.grantPush\(caller\); \/\/ repository: a PushableRepository$/, /^Attach the identity policy \(fix\.identityPolicy\) to role arn:aws:iam::222222222222:role\/ci/],
  ['resource-based policy', 'resource', ['repository'], /the repository policy must allow it for the caller \(a cross-account request needs the repository policy even when the identity policy allows\)\./,
    /^const caller = iam\.Role\.fromRoleArn[\s\S]*repository\.grantPush\(caller\); \/\/ writes the repository policy/, /^Add the statement \(fix\.repositoryPolicy\) to the repository policy of repository 'team-a\/api' in account 111111111111 \(us-east-1\)\./],
  ['permissions boundary', 'permissions-boundary', ['identity'], /the permissions boundary of the caller must allow it too/,
    /^\/\/ boundary: the iam\.ManagedPolicy that is the role's permissions boundary/, /^Add the statements of fix\.identityPolicy to the permissions boundary of role .*--role-name ci --query Role\.PermissionsBoundary/],
  ['session policy', 'session-policy', ['identity'], /the session policy passed when the role was assumed must allow it too\./,
    undefined, /^The session was started with a session policy that does not allow it/],
  ['VPC endpoint policy', 'vpc-endpoint-policy', [], /the policy of the VPC endpoint the request went through must allow it\./,
    /^\/\/ endpoint: the ec2\.InterfaceVpcEndpoint of ECR/, /^The request went through a VPC endpoint whose policy does not allow ecr:InitiateLayerUpload\. .*com\.amazonaws\.us-east-1\.ecr\.api/],
  ['service control policy', 'service-control-policy', [], /a service control policy of the organization must allow it\./,
    undefined, /^A service control policy of your AWS Organization does not allow ecr:InitiateLayerUpload in account 222222222222\. .*--target-id 222222222222 --filter SERVICE_CONTROL_POLICY/],
  ['resource control policy', 'resource-control-policy', [], /a resource control policy of the organization must allow it\./,
    undefined, /^A resource control policy of your AWS Organization does not allow ecr:InitiateLayerUpload on resources of account 111111111111\. .*--target-id 111111111111 --filter RESOURCE_CONTROL_POLICY/],
])('"because no %s allows": missing %s', (phrase, missing, documents, mustChange, cdk, firstStep) => {
  // WHEN
  const fix = fixFor(denied({ reason: becauseNo(phrase) }));
  // THEN
  expect(fix.missing).toBe(missing);
  expect(fix.explanation).toMatch(new RegExp(`AWS says no ${phrase} allows it: `));
  expect(fix.explanation).toMatch(mustChange);
  expect(fix.has).toEqual(documents);
  if (cdk) expect(fix.cdk).toMatch(cdk);
  else expect(fix.cdk).toBeUndefined();
  expect(fix.steps[0]).toMatch(firstStep);
});

test('both sides, across accounts when the message does not say which: both documents, one step for each account', () => {
  // WHEN
  const fix = fixFor(denied());
  // THEN
  expect(fix.missing).toBe('both');
  expect(fix.has).toEqual(['identity', 'repository']);
  expect(fix.cdk).toMatch(/repository\.grantPush\(caller\)/);
  expect(fix.steps.slice(0, 3)).toEqual([
    expect.stringMatching(/^In the caller's account \(222222222222\): attach the identity policy \(fix\.identityPolicy\) to role/),
    'In the repository\'s account (111111111111): add the statement (fix.repositoryPolicy) to the repository policy of repository \'team-a/api\'.',
    'One of the two may already be in place; both must allow the request.',
  ]);
});

test('no side can be told: both documents, and how to find the caller', () => {
  // WHEN: neither account is in the message
  const fix = fixFor(denied({ caller: 'arn:aws:sts::<account>:assumed-role/ci/gh-42', resource: 'arn:aws:ecr:us-east-1:<account>:repository/team-a/api' }));
  // THEN
  expect(fix.missing).toBeUndefined();
  expect(fix.has).toEqual(['identity', 'repository']);
  expect(fix.cdk).toMatch(/repository\.grantPush/);
  expect(fix.steps[0]).toBe('Find the caller: `aws sts get-caller-identity` with the same credentials.');
});

test('a resource-based policy of another service (a KMS key): its own policy, and no repository code', () => {
  // WHEN
  const fix = fixFor(denied({ action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:111111111111:key/abc', reason: becauseNo('resource-based policy', 'kms:Decrypt') }));
  // THEN
  expect(fix.explanation).toMatch(/the resource policy of 'arn:aws:kms:us-east-1:111111111111:key\/abc' \(for a KMS key, its key policy\) must allow it for the caller/);
  expect(fix.cdk).toBeUndefined();
});
