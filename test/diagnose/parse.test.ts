import * as M from './messages';
import { DenyingPolicyType, DiagnosisKind, MissingPolicy } from '../../src';
import { CallerType } from '../../src/diagnose/arn';
import { FactDetail, parseErrorText } from '../../src/diagnose/parse';

// Text to facts: what the message says and nothing inferred (which side is missing, and the fix,
// are diagnose's). The messages are real ones, from messages.ts with their sources.

test('an access-denied message: caller, action, resource, and the policy AWS says is missing', () => {
  // WHEN
  const facts = parseErrorText(M.GITHUB_ACTIONS_IDENTITY);
  // THEN
  expect(facts).toMatchObject({
    kind: DiagnosisKind.ACCESS_DENIED,
    action: 'ecr:InitiateLayerUpload',
    caller: { type: CallerType.ASSUMED_ROLE, account: '754256621582', roleName: 'cloud-platform-ecr-e344de1fe05708ec-github' },
    resource: 'arn:aws:ecr:eu-west-2:754256621582:repository/laa-pcuam/csv-converter',
    resourceAccount: '754256621582',
    region: 'eu-west-2',
    repositoryName: 'laa-pcuam/csv-converter',
    notAllowedBy: MissingPolicy.IDENTITY,
    unusable: [],
  });
});

test('an explicit deny: the type of policy, and the policy ARN when named', () => {
  // WHEN
  const identity = parseErrorText(M.IDENTITY_EXPLICIT_DENY);
  const scp = parseErrorText(M.SCP_DENY_IDENTITY_CENTER);
  // THEN
  expect(identity).toMatchObject({ kind: DiagnosisKind.EXPLICIT_DENY, deniedBy: DenyingPolicyType.IDENTITY_BASED_POLICY });
  expect(scp).toMatchObject({ kind: DiagnosisKind.EXPLICIT_DENY, deniedBy: DenyingPolicyType.SERVICE_CONTROL_POLICY, denyingPolicyArn: expect.stringMatching(/^arn:aws:organizations::/) });
});

// awsdocs/amazon-ecr-user-guide#13 pasted the message with `*an explicit deny*`
test.each(['*an explicit deny*', '**an explicit deny**', '_an explicit deny_'])('an explicit deny in Markdown emphasis: with %s', (phrase) => {
  // GIVEN
  const text = 'User: arn:aws:iam::421414164445:user/user1 is not authorized to perform: ecr:DeleteRepository on resource: '
    + `arn:aws:ecr:us-east-2:421414164445:repository/test with ${phrase} in an identity-based policy`;
  // WHEN
  const facts = parseErrorText(text);
  // THEN
  expect(facts).toMatchObject({ kind: DiagnosisKind.EXPLICIT_DENY, deniedBy: DenyingPolicyType.IDENTITY_BASED_POLICY });
});

test('placeholders are unknowns, and the message says why they were not used', () => {
  // WHEN
  const facts = parseErrorText(M.SAGEMAKER_PLACEHOLDERS);
  // THEN
  expect(facts.caller?.account).toBeUndefined();
  expect(facts.resourceAccount).toBeUndefined();
  expect(facts.region).toBeUndefined();
  expect(facts.unusable).toEqual(expect.arrayContaining([expect.stringMatching(/^caller account '<account>' is a placeholder/)]));
});

test.each([
  ['the decoded JSON of an encoded message', M.DECODED_MESSAGE, DiagnosisKind.ACCESS_DENIED, FactDetail.DECODED_MESSAGE],
  ['an encoded message', M.ENCODED_MESSAGE, DiagnosisKind.ENCODED_AUTHORIZATION_MESSAGE, undefined],
  ['Lambda', M.LAMBDA_CFN_WITH_IMAGE, DiagnosisKind.LAMBDA_IMAGE_ACCESS, undefined],
  ['expired credentials', M.EXPIRED_SECURITY_TOKEN, DiagnosisKind.INVALID_CREDENTIALS, FactDetail.EXPIRED_SECURITY_TOKEN],
  ['no registry login', M.DOCKER_NO_BASIC_AUTH, DiagnosisKind.NOT_LOGGED_IN, FactDetail.NO_REGISTRY_CREDENTIALS],
  ['an expired registry login', M.EXPIRED_REGISTRY_LOGIN, DiagnosisKind.NOT_LOGGED_IN, FactDetail.EXPIRED_REGISTRY_TOKEN],
  ['a registry 403', M.CONTAINERD_HEAD_403, DiagnosisKind.FORBIDDEN, undefined],
  ['Docker Hub', M.DOCKER_HUB_DENIED, DiagnosisKind.FORBIDDEN, FactDetail.DOCKER_HUB_DENIED],
  ['a repository that does not exist', M.REPOSITORY_NOT_FOUND, DiagnosisKind.REPOSITORY_NOT_FOUND, undefined],
  ['unrelated text', M.UNRELATED, DiagnosisKind.UNRECOGNIZED, undefined],
])('%s', (_, text, kind, detail) => {
  // WHEN
  const facts = parseErrorText(text);
  // THEN
  expect(facts.kind).toBe(kind);
  expect(facts.detail).toBe(detail);
});

test('a registry host fills in account, Region and repository when the message does not name them, and says a push', () => {
  // WHEN
  const facts = parseErrorText(M.SEED_001_PUSH_FORBIDDEN);
  // THEN
  expect(facts).toMatchObject({ kind: DiagnosisKind.FORBIDDEN, region: 'us-east-1', pushing: true });
});
