import { diagnose } from '../../../src';

// KMS: which key operation failed, and for whom (ECR's grant, the creator, Lambda's own key).

test.each([
  ['a disabled key (KmsError image failure)', '"failureCode": "KmsError", "failureReason": "The KMS key used to encrypt the image is disabled or not accessible"', undefined, /^ECR could not use the repository's KMS key/],
  ['a grant not retired after delete', 'The repository [team-a/api] has been deleted successfully but the grants created by the kmsKey [arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab] failed to be retired', 'kms:RetireGrant', /lacks kms:RetireGrant on the key/],
  ['Lambda\'s image key', 'An error occurred (KMSAccessDeniedException) when calling the Invoke operation: Lambda can\'t decrypt the container image because KMS access is denied.', 'kms:Decrypt', /the key is the function's KMS key/],
])('%s', (_, text, action, explanation) => {
  // WHEN (sources: real-messages.json, ids kms-*)
  const d = diagnose(text);
  // THEN
  expect([d.kind, d.action]).toEqual(['kms', action]);
  expect(d.explanation).toMatch(explanation);
  expect(d.fix?.repositoryPolicy).toBeUndefined();
});

test('the grant not retired: repository, account and region of the message', () => {
  const d = diagnose('The repository [team-a/api] has been deleted successfully but the grants created by the kmsKey [arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab] failed to be retired');
  expect(d).toMatchObject({ repositoryName: 'team-a/api', resourceAccount: '111122223333', region: 'eu-west-1' });
});
