import { accountOrUndefined, describeUnusableAccount, partitionOrUndefined, regionOrUndefined, repositoryNameOrUndefined } from '../../src/diagnose/values';

// Values copied out of a message are used only when they are real: placeholders, masked and
// shortened values are unknowns.

test.each([
  ['111111111111', '111111111111'], ['<account>', undefined], ['07579032XXXX', undefined], ['123456789', undefined], ['***', undefined],
])('account %j', (value, account) => {
  expect(accountOrUndefined(value)).toBe(account);
});

test.each([
  ['us-east-1', 'us-east-1'], ['us-gov-west-1', 'us-gov-west-1'], ['cn-north-1', 'cn-north-1'], ['<region>', undefined], ['$AWS_REGION', undefined],
])('region %j', (value, region) => {
  expect(regionOrUndefined(value)).toBe(region);
});

test.each([['aws', 'aws'], ['aws-cn', 'aws-cn'], ['aws-us-gov', 'aws-us-gov'], ['<partition>', undefined]])('partition %j', (value, partition) => {
  expect(partitionOrUndefined(value)).toBe(partition);
});

test.each([['team-a/api', 'team-a/api'], ['<repo>', undefined], ['IMAGENAME', undefined]])('repository name %j', (value, name) => {
  expect(repositoryNameOrUndefined(value)).toBe(name);
});

test('why an account value is not used', () => {
  expect(describeUnusableAccount('123456789')).toBe('\'123456789\' is not an account id (9 digits, not 12; shortened or redacted?)');
  expect(describeUnusableAccount('<account>')).toBe('\'<account>\' is a placeholder or masked value, not an account id');
  expect(describeUnusableAccount('111111111111')).toBeUndefined();
  expect(describeUnusableAccount(undefined)).toBeUndefined();
});
