import { parseCaller } from '../../src/diagnose/arn';
import { describeCaller, describeRepository } from '../../src/diagnose/describe';

// Who and where, as the explanation says them.

test.each([
  ['arn:aws:sts::222222222222:assumed-role/ci/gh-42', 'The session \'gh-42\' of role \'ci\' in account 222222222222'],
  ['arn:aws:iam::222222222222:role/ci', 'Role \'ci\' in account 222222222222'],
  ['arn:aws:iam::222222222222:user/dev', 'IAM user \'dev\' in account 222222222222'],
  ['arn:aws:iam::222222222222:root', 'The root user of account 222222222222'],
  ['arn:aws:sts::222222222222:federated-user/bob', 'Federated user \'bob\' in account 222222222222'],
  ['arn:aws:sts::<account>:assumed-role/ci/x', 'The session \'x\' of role \'ci\''],
  ['arn:aws:ec2:us-east-1:222222222222:instance/i-1', 'arn:aws:ec2:us-east-1:222222222222:instance/i-1'],
])('%s', (arn, words) => {
  expect(describeCaller(parseCaller(arn))).toBe(words);
});

test('an unknown caller, and a repository with what is known of it', () => {
  expect(describeCaller(undefined)).toBe('The caller');
  expect(describeRepository('team-a/api', '111111111111', 'us-east-1')).toBe('repository \'team-a/api\' in account 111111111111 (us-east-1)');
  expect(describeRepository(undefined, undefined, undefined)).toBe('the repository');
});
