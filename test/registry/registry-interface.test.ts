import { App, Stack } from 'aws-cdk-lib';
import { EcrRegistry } from '../../src';
import { repositoryArnPattern } from '../../src/registry/registry-interface';

// The ARN of a registry's repositories is plain text when the region is known, so that cdk-nag
// acknowledgements can name it; otherwise the partition stays a reference.

test.each([
  ['the region known: the partition written out', { account: '111111111111', region: 'cn-north-1' }, 'arn:aws-cn:ecr:cn-north-1:111111111111:repository/team-a/*'],
  ['GovCloud', { account: '111111111111', region: 'us-gov-west-1' }, 'arn:aws-us-gov:ecr:us-gov-west-1:111111111111:repository/team-a/*'],
])('%s', (_name, env, expected) => {
  const registry = new EcrRegistry(new Stack(new App(), 'S', { env }), 'Registry');
  expect(repositoryArnPattern(registry, 'team-a/*')).toBe(expected);
});

test('environment-agnostic: the partition, account and region are references', () => {
  const stack = new Stack(new App(), 'S');
  const arn = repositoryArnPattern(new EcrRegistry(stack, 'Registry'), '*');
  expect(stack.resolve(arn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':repository/*']] });
});
