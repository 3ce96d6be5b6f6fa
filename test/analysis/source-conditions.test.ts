import { deployTimeValue } from '../../src/analysis/cfn-values';
import { conditionPinsSource, pinsSource } from '../../src/analysis/source-conditions';

// A service principal acts for whom a condition names: aws:SourceAccount, aws:SourceArn,
// aws:SourceOrgID or aws:SourceOrgPaths under an operator that requires them to match.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html

test.each([
  ['StringEquals', 'aws:SourceAccount', ['111111111111'], true],
  ['StringEquals', 'AWS:SOURCEACCOUNT', ['111111111111'], true],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:lambda:us-east-1:111111111111:function:*'], true],
  ['StringLike', 'aws:SourceArn', ['arn:aws:s3:::my-bucket'], true],
  ['StringEquals', 'aws:SourceOrgID', ['o-a1b2c3d4e5'], true],
  ['StringEquals', 'aws:SourceAccount', [deployTimeValue('AWS::AccountId')], true],
  // a negated operator, or one that passes when the key is absent, lets the service act for anyone
  ['StringNotEquals', 'aws:SourceAccount', ['111111111111'], false],
  ['StringEqualsIfExists', 'aws:SourceAccount', ['111111111111'], false],
  // values that pin nothing
  ['StringLike', 'aws:SourceAccount', ['*'], false],
  ['ArnLike', 'aws:SourceArn', ['arn:aws:lambda:us-east-1:*:function:*'], false],
  ['ArnLike', 'aws:SourceArn', ['not an arn'], false],
  ['StringEquals', 'aws:SourceAccount', [], false],
  ['StringEquals', 'aws:SourceAccount', [111111111111], false],
  // another key
  ['StringEquals', 'aws:PrincipalAccount', ['111111111111'], false],
])('%s %s %j pins the source: %s', (operator, key, values, expected) => {
  expect(pinsSource(operator, key, values)).toBe(expected);
});

test('a Condition block pins the source when one of its entries does', () => {
  expect(conditionPinsSource({ Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:SourceAccount': '111111111111' } })).toBe(true);
  expect(conditionPinsSource({ Bool: { 'aws:SecureTransport': 'true' } })).toBe(false);
  expect(conditionPinsSource(undefined)).toBe(false);
});
