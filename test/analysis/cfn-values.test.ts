import { deployTimeValue, displayJson, displayValue, isKnown, replaceDeployTimeParts } from '../../src/analysis/cfn-values';

// Values known only at deploy time are marked placeholders inside plain strings: they never read as
// an IAM wildcard or split an ARN, and users see them written `${...}` as in the template.

test('a placeholder is unknown; text around it stays known text', () => {
  // GIVEN
  const arn = `arn:aws:ecr:us-east-1:${deployTimeValue('AWS::AccountId')}:repository/api`;
  // THEN
  expect(isKnown('arn:aws:ecr:us-east-1:111111111111:repository/api')).toBe(true);
  expect(isKnown(arn)).toBe(false);
  expect(displayValue(arn)).toBe('arn:aws:ecr:us-east-1:${AWS::AccountId}:repository/api');
});

test('a placeholder holds no ":", "*", "?" or "/" of its own: an ARN still has six parts, and no wildcard appears', () => {
  // GIVEN
  const value = deployTimeValue('Import:shared:repo/*?');
  // WHEN
  const arn = `arn:aws:ecr:us-east-1:111111111111:repository/${value}`;
  // THEN
  expect(arn.split(':')).toHaveLength(6);
  expect(arn).not.toMatch(/[*?]/);
  expect(displayValue(arn)).toBe('arn:aws:ecr:us-east-1:111111111111:repository/${Import:shared:repo/*?}');
});

test('two placeholders with the same display differ by their hidden qualifier', () => {
  // GIVEN
  const a = deployTimeValue('Repo', 'StackA');
  const b = deployTimeValue('Repo', 'StackB');
  // THEN
  expect(a).not.toBe(b);
  expect(displayValue(a)).toBe(displayValue(b));
});

test('placeholders can be replaced, e.g. by "*" to match as a pattern', () => {
  // GIVEN
  const value = `team-a/${deployTimeValue('Name')}-${deployTimeValue('Suffix')}`;
  // WHEN / THEN
  expect(replaceDeployTimeParts(value, '*')).toBe('team-a/*-*');
  expect(replaceDeployTimeParts('plain', '*')).toBe('plain');
});

test('a JSON value is shown with every string displayed, whatever its depth', () => {
  // GIVEN
  const json = { Statement: [{ Resource: [deployTimeValue('Arn')], Sid: 'x', Count: 2, Nothing: null }] };
  // WHEN / THEN
  expect(displayJson(json)).toEqual({ Statement: [{ Resource: ['${Arn}'], Sid: 'x', Count: 2, Nothing: null }] });
});

test('a real IAM policy variable is not a placeholder', () => {
  expect(isKnown('arn:aws:iam::111111111111:user/${aws:username}')).toBe(true);
});
