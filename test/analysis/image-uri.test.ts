import { deployTimeValue } from '../../src/analysis/cfn-values';
import { repositoryOfImage } from '../../src/analysis/image-uri';

// `<account>.dkr.ecr.<region>.<suffix>/<name>[:tag|@digest]`, or the dual-stack
// `<account>.dkr-ecr.<region>.on.aws/<name>…`: the repository a container image is in.
// Dual-stack host forms as AWS documents them: https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html

test.each([
  ['111111111111.dkr.ecr.us-east-1.amazonaws.com/team-a/api:v1', { account: '111111111111', region: 'us-east-1', name: 'team-a/api', dualStack: false }],
  ['111111111111.dkr.ecr.us-east-1.amazonaws.com/team-a/api@sha256:abc', { account: '111111111111', region: 'us-east-1', name: 'team-a/api', dualStack: false }],
  ['111111111111.dkr.ecr-fips.us-gov-west-1.amazonaws.com/api', { account: '111111111111', region: 'us-gov-west-1', name: 'api', dualStack: false }],
  ['111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/api:latest', { account: '111111111111', region: 'cn-north-1', name: 'api', dualStack: false }],
  // AWS's documented example: `docker push <registry-id>.dkr-ecr.us-west-1.on.aws/my-repository:tag`
  ['111111111111.dkr-ecr.us-west-1.on.aws/my-repository:tag', { account: '111111111111', region: 'us-west-1', name: 'my-repository', dualStack: true }],
  ['111111111111.dkr-ecr.eu-west-1.on.aws/team-a/api@sha256:abc', { account: '111111111111', region: 'eu-west-1', name: 'team-a/api', dualStack: true }],
  // GovCloud's dual-stack hosts use `.on.aws` too; FIPS adds `-fips` to `dkr-ecr`
  ['111111111111.dkr-ecr-fips.us-gov-west-1.on.aws/api', { account: '111111111111', region: 'us-gov-west-1', name: 'api', dualStack: true }],
])('%s', (uri, expected) => {
  expect(repositoryOfImage(uri)).toEqual(expected);
});

test.each([
  ['public.ecr.aws/nginx/nginx:latest'],
  ['docker.io/library/node:20'],
  ['12345.dkr.ecr.us-east-1.amazonaws.com/api:v1'],
  // a dual-stack host is only ever `.on.aws`; the API's dual-stack host names no repository
  ['111111111111.dkr-ecr.us-east-1.amazonaws.com/api:v1'],
  ['ecr.us-east-1.api.aws/api:v1'],
  ['ecr-public.aws.com/nginx/nginx:latest'],
  [`${deployTimeValue('AWS::AccountId')}.dkr.ecr.us-east-1.amazonaws.com/api:v1`],
])('not a private ECR image of a known account: %s', (uri) => {
  expect(repositoryOfImage(uri)).toBeUndefined();
});
