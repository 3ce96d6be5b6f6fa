import { bareImageReference, findPublicReference, quotedTag, regionFromEndpoints, regionOfCdkAssetRepository } from '../../src/diagnose/locations';

// Where a message says the registry is when no repository ARN or private registry host says it.

test.each([
  ['the API endpoint', 'Post "https://api.ecr.eu-west-3.amazonaws.com/": dial tcp', 'eu-west-3'],
  ['the legacy API endpoint', 'Post https://ecr.eu-west-1.amazonaws.com/: dial tcp', 'eu-west-1'],
  ['the layer bucket', 'Get https://prod-us-east-1-starport-layer-bucket.s3.amazonaws.com/x', 'us-east-1'],
  ['a log field', 'level=debug msg="Retrieving credentials" region=eu-west-1 registry=087665217675', 'eu-west-1'],
  ['a KMS key ARN', 'kmsKey [arn:aws:kms:eu-west-1:111122223333:key/1234]', 'eu-west-1'],
  ['a CDK environment', 'Environment aws://XXXXXXXXXX/eu-west-1 failed bootstrapping', 'eu-west-1'],
  // the API's dual-stack endpoints, as AWS documents them (ecr-requests.html)
  ['the dual-stack API endpoint', 'Post "https://ecr.eu-central-1.api.aws/": dial tcp [2a05:d014::1]:443: connect: network is unreachable', 'eu-central-1'],
  ['the FIPS dual-stack API endpoint', 'Could not connect to the endpoint URL: "https://ecr-fips.us-gov-west-1.api.aws/"', 'us-gov-west-1'],
  ['ECR Public\'s regional API is not a registry region', 'getaddrinfo ENOTFOUND api.ecr-public.ap-northeast-1.amazonaws.com', undefined],
  ['a placeholder', 'region=<region>', undefined],
])('region from %s', (_, text, region) => {
  expect(regionFromEndpoints(text)).toBe(region);
});

test('CDK\'s bootstrap repository names its region', () => {
  expect(regionOfCdkAssetRepository('cdk-hnb659fds-container-assets-481173391592-us-east-1')).toBe('us-east-1');
  expect(regionOfCdkAssetRepository('team-a/api')).toBeUndefined();
});

test.each([
  ['an image reference', 'docker pull public.ecr.aws/aws-ia/taskcat:latest', { host: 'public.ecr.aws', repositoryName: 'aws-ia/taskcat', tag: 'latest', method: undefined }],
  // ECR Public's dual-stack host (public-ecr-requests.html): `ecr-public.aws.com/<alias>/<repo>:tag`
  ['a dual-stack image reference', 'docker pull ecr-public.aws.com/nginx/nginx:1.27', { host: 'ecr-public.aws.com', repositoryName: 'nginx/nginx', tag: '1.27', method: undefined }],
  ['a registry request', 'unexpected status from HEAD request to https://public.ecr.aws/v2/lambda/provided/manifests/al2023: 403 Forbidden', { host: 'public.ecr.aws', repositoryName: 'lambda/provided', tag: 'al2023', method: 'HEAD' }],
  ['none', 'docker pull 111111111111.dkr.ecr.us-east-1.amazonaws.com/api', undefined],
])('ECR Public: %s', (_, text, expected) => {
  expect(findPublicReference(text)).toEqual(expected);
});

test.each([
  ['the immutable-tag sentence', 'The image tag \'v1.2\' already exists in the \'api\' repository', 'v1.2'],
  ['an image id', 'The image with imageId {imageDigest:\'null\', imageTag:\'latest\'} does not exist', 'latest'],
  ['a manifest reference', 'unexpected status code [manifests 6981141]: 403 Forbidden', '6981141'],
  ['a CLI argument', 'aws ecr batch-get-image --image-ids imageTag=2025.03.1', '2025.03.1'],
  ['a placeholder', 'The image tag \'<tag>\' already exists', undefined],
])('the tag of %s', (_, text, tag) => {
  expect(quotedTag(text)).toBe(tag);
});

test('an image without a registry host: Docker Hub or a bare name', () => {
  expect(bareImageReference('manifest for nginx:0f6b3cdf not found')).toEqual({ repositoryName: 'nginx', tag: '0f6b3cdf' });
  expect(bareImageReference('Source image instance-scheduler-ecr-repo:latest is not valid')).toEqual({ repositoryName: 'instance-scheduler-ecr-repo', tag: 'latest' });
  expect(bareImageReference('manifest for 1.dkr.ecr.us-east-1.amazonaws.com/api:1 not found')).toBeUndefined();
});
