import { hasWildcard, parseArn, patternMatches, textMatches, UnknownParts } from '../../src/analysis/arn-pattern';
import { deployTimeValue } from '../../src/analysis/cfn-values';

// IAM matches `*` and `?` within each of an ARN's first five parts, and anywhere in the resource.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html

const REPO = 'arn:aws:ecr:us-east-1:111111111111:repository/team-a/api';

test.each([
  [REPO, { partition: 'aws', service: 'ecr', region: 'us-east-1', account: '111111111111', resource: 'repository/team-a/api' }],
  ['arn:aws:lambda:us-east-1:111111111111:function:api:live', { partition: 'aws', service: 'lambda', region: 'us-east-1', account: '111111111111', resource: 'function:api:live' }],
  ['arn:aws:iam::111111111111:root', { partition: 'aws', service: 'iam', region: '', account: '111111111111', resource: 'root' }],
  ['arn:aws:s3', undefined],
  ['111111111111', undefined],
])('parseArn(%j)', (text, parts) => {
  expect(parseArn(text)).toEqual(parts);
});

test.each([
  ['*', REPO, true],
  [REPO, REPO, true],
  ['arn:aws:ecr:us-east-1:111111111111:repository/team-a/*', REPO, true],
  ['arn:aws:ecr:*:111111111111:repository/*', REPO, true],
  ['arn:aws:ecr:us-east-?:111111111111:repository/team-a/api', REPO, true],
  ['arn:aws:ecr:us-east-1:111111111111:repository/team-b/*', REPO, false],
  ['arn:aws:ecr:us-east-1:1111*:repository/team-a/api', REPO, true],
  // in the first five parts a wildcard stays inside its part: '*' is not 'us-east-1:111111111111'
  ['arn:aws:ecr:*:repository/team-a/api:extra', 'arn:aws:ecr:us-east-1:111111111111:repository/team-a/api:extra', false],
  ['arn:aws:ecr:us-east-1:222222222222:repository/*', REPO, false],
  ['arn:aws:ecs:us-east-1:111111111111:repository/*', REPO, false],
])('patternMatches(%j, %j) is %s', (pattern, value, matches) => {
  expect(patternMatches(pattern, value, UnknownParts.STRICT)).toBe(matches);
});

test('a deploy-time part matches anything when optimistic, only itself when strict', () => {
  // GIVEN
  const account = deployTimeValue('AWS::AccountId');
  const pattern = `arn:aws:ecr:us-east-1:${account}:repository/team-a/*`;
  // THEN
  expect(patternMatches(pattern, REPO, UnknownParts.OPTIMISTIC)).toBe(true);
  expect(patternMatches(pattern, REPO, UnknownParts.STRICT)).toBe(false);
  expect(patternMatches(pattern, `arn:aws:ecr:us-east-1:${account}:repository/team-a/api`, UnknownParts.STRICT)).toBe(true);
  // the known text around the placeholder still has to match
  expect(patternMatches(pattern, 'arn:aws:ecr:us-east-1:111111111111:repository/team-b/api', UnknownParts.OPTIMISTIC)).toBe(false);
});

test('text patterns (StringLike) cross every separator', () => {
  expect(textMatches('repo:acme/*', 'repo:acme/api:ref:refs/heads/main')).toBe(true);
  expect(textMatches('repo:acme/?pi', 'repo:acme/api')).toBe(true);
  expect(textMatches('repo:acme/api', 'repo:acme/api2')).toBe(false);
});

test.each([['team-a/*', true], ['team-a/ap?', true], ['team-a/api', false]])('hasWildcard(%j) is %s', (text, expected) => {
  expect(hasWildcard(text)).toBe(expected);
});
