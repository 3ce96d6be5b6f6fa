import { CfnParameter, Stack } from 'aws-cdk-lib';
import { InputProblems } from '../../src/private/input-problems';
import { checkCacheSecretName, checkRegion, checkReplicationFilter, checkScanningFilter, secretNameFromArn } from '../../src/registry/registry-input';

// The registry-level name rules, from the CloudFormation schemas of AWS::ECR::* (the same patterns
// the ECR API enforces): what each accepts, and the fix each problem names.

type Check = (problems: InputProblems, property: string, value: string) => void;

function problemOf(check: Check, value: string): string {
  const problems = new InputProblems('test');
  check(problems, 'value', value);
  try {
    problems.throwIfAny();
    return '';
  } catch (e) {
    return (e as Error).message.split('\n')[1].trim();
  }
}

test.each<[string, Check, string, RegExp | '']>([
  ['a region', checkRegion, 'eu-west-1', ''],
  ['a GovCloud region', checkRegion, 'us-gov-west-1', ''],
  ['an Availability Zone', checkRegion, 'us-east-1a', /is not an AWS region name. Fix: use the region 'us-east-1' \(the letter at the end names an Availability Zone\)$/],
  ['a region in upper case', checkRegion, 'EU-WEST-1', /Fix: use 'eu-west-1' \(region names are lower case\)$/],
  ['a region without dashes', checkRegion, 'euwest1', /Fix: use 'eu-west-1'$/],
  ['a replication prefix', checkReplicationFilter, 'prod/', ''],
  ['a replication prefix with a wildcard', checkReplicationFilter, 'prod/*', /is not a replication filter [^]*Fix: use a name prefix such as 'prod'$/],
  ['a one-character replication prefix', checkReplicationFilter, 'p', /is not a replication filter/],
  ['a scanning wildcard', checkScanningFilter, 'prod-*', ''],
  ['every repository for scanning', checkScanningFilter, '*', ''],
  ['a scanning filter in upper case', checkScanningFilter, 'Prod', /is not a scanning filter [^]*Fix: use a pattern such as 'prod'$/],
  ['a cache secret', checkCacheSecretName, 'ecr-pullthroughcache/docker-hub', ''],
  ['a cache secret without the prefix', checkCacheSecretName, 'docker-hub', /is not named 'ecr-pullthroughcache\/<name>'[^]*Fix: name the secret 'ecr-pullthroughcache\/docker-hub'$/],
  ['the bare prefix', checkCacheSecretName, 'ecr-pullthroughcache/', /Fix: name the secret 'ecr-pullthroughcache\/docker-hub'$/],
])('%s: %j', (_name, check, value, expected) => {
  const problem = problemOf(check, value);
  if (expected === '') expect(problem).toBe('');
  else expect(problem).toMatch(expected);
});

test('deploy-time values are not judged', () => {
  const value = new CfnParameter(new Stack(), 'Value').valueAsString;
  expect([checkRegion, checkReplicationFilter, checkScanningFilter, checkCacheSecretName].map((check) => problemOf(check as Check, value))).toEqual(['', '', '', '']);
});

test.each([
  ['arn:aws:secretsmanager:us-east-1:111111111111:secret:ecr-pullthroughcache/docker-hub-AbC123', 'ecr-pullthroughcache/docker-hub'],
  ['arn:aws:secretsmanager:us-east-1:111111111111:secret:ecr-pullthroughcache/docker-hub', 'ecr-pullthroughcache/docker-hub'],
])('secretNameFromArn(%j) is the name without the six-character suffix', (arn, name) => {
  expect(secretNameFromArn(arn)).toBe(name);
});
