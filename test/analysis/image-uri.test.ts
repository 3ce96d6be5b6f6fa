import { deployTimeValue } from '../../src/analysis/cfn-values';
import { repositoryOfImage } from '../../src/analysis/image-uri';

// `<account>.dkr.ecr.<region>.<suffix>/<name>[:tag|@digest]`: the repository a container image is in.

test.each([
  ['111111111111.dkr.ecr.us-east-1.amazonaws.com/team-a/api:v1', { account: '111111111111', region: 'us-east-1', name: 'team-a/api' }],
  ['111111111111.dkr.ecr.us-east-1.amazonaws.com/team-a/api@sha256:abc', { account: '111111111111', region: 'us-east-1', name: 'team-a/api' }],
  ['111111111111.dkr.ecr-fips.us-gov-west-1.amazonaws.com/api', { account: '111111111111', region: 'us-gov-west-1', name: 'api' }],
  ['111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/api:latest', { account: '111111111111', region: 'cn-north-1', name: 'api' }],
])('%s', (uri, expected) => {
  expect(repositoryOfImage(uri)).toEqual(expected);
});

test.each([
  ['public.ecr.aws/nginx/nginx:latest'],
  ['docker.io/library/node:20'],
  ['12345.dkr.ecr.us-east-1.amazonaws.com/api:v1'],
  [`${deployTimeValue('AWS::AccountId')}.dkr.ecr.us-east-1.amazonaws.com/api:v1`],
])('not a private ECR image of a known account: %s', (uri) => {
  expect(repositoryOfImage(uri)).toBeUndefined();
});
