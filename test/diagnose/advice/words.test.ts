import { DiagnosisKind } from '../../../src';
import { AdviceInput } from '../../../src/diagnose/advice/kind-advice';
import { onResource, principalWords, resourcePolicyWords, vpcEndpointSteps } from '../../../src/diagnose/advice/words';
import { parseCaller } from '../../../src/diagnose/arn';
import { capabilityOf } from '../../../src/diagnose/capability';
import { ErrorFacts } from '../../../src/diagnose/parse';

// The phrases several kinds of advice share.

function input(facts: Partial<ErrorFacts>, policyPrincipalArn?: string): AdviceInput {
  return {
    facts: { kind: DiagnosisKind.ACCESS_DENIED, pushing: false, unusable: [], ...facts },
    capability: capabilityOf(facts.action, false),
    conclusion: {},
    policyPrincipalArn,
    target: {},
  };
}

test.each([
  [{ resource: '*' }, ' on "*"'],
  [{ resource: 'arn:aws:kms:us-east-1:111111111111:key/abc' }, ' on \'arn:aws:kms:us-east-1:111111111111:key/abc\''],
  [{ resource: 'arn:aws:ecr:us-east-1:111111111111:repository/api', repositoryName: 'api', resourceAccount: '111111111111', region: 'us-east-1' }, ' on repository \'api\' in account 111111111111 (us-east-1)'],
  [{}, ''],
])('onResource(%j)', (facts, words) => {
  expect(onResource(input(facts))).toBe(words);
});

test.each([
  [{ caller: parseCaller('arn:aws:sts::222222222222:assumed-role/ci/gh-42') }, 'arn:aws:iam::222222222222:role/ci', 'role arn:aws:iam::222222222222:role/ci (the session\'s role; a session takes no policies)'],
  [{ caller: parseCaller('arn:aws:sts::<account>:assumed-role/ci/gh-42') }, undefined, 'role \'ci\' (the session\'s role; a session takes no policies)'],
  [{ caller: parseCaller('arn:aws:sts::222222222222:federated-user/bob') }, undefined, 'the IAM user that called GetFederationToken'],
  [{ caller: parseCaller('arn:aws:iam::222222222222:user/dev') }, 'arn:aws:iam::222222222222:user/dev', 'arn:aws:iam::222222222222:user/dev'],
  [{}, undefined, 'the caller\'s role or user'],
])('principalWords(%j)', (facts, arn, words) => {
  expect(principalWords(input(facts, arn))).toBe(words);
});

test('the resource side is the repository policy, or for another service the resource\'s own policy', () => {
  expect(resourcePolicyWords(input({ action: 'ecr:BatchGetImage', repositoryName: 'api', resourceAccount: '111111111111' }))).toBe('the repository policy of repository \'api\' in account 111111111111');
  expect(resourcePolicyWords(input({ action: 'ecr:BatchGetImage', repositoryName: 'api', resourceAccount: '111111111111' }), false)).toBe('the repository policy of repository \'api\'');
  expect(resourcePolicyWords(input({ action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:111111111111:key/abc' })))
    .toBe('the resource policy of \'arn:aws:kms:us-east-1:111111111111:key/abc\' (for a KMS key, its key policy)');
});

test('the VPC endpoints to check, in the message\'s Region or a placeholder', () => {
  expect(vpcEndpointSteps(input({ region: 'eu-west-1', action: 'ecr:BatchGetImage' }), 'deny')[0]).toMatch(/whose policy denies ecr:BatchGetImage\. Check the policies of the com\.amazonaws\.eu-west-1\.ecr\.api/);
  expect(vpcEndpointSteps(input({}), 'allow')[1]).toBe('Image layers download from Amazon S3: an S3 gateway endpoint policy must allow s3:GetObject on arn:aws:s3:::prod-<region>-starport-layer-bucket/*.');
});
