import { diagnose } from '../../../src';

// A pull through cache rule with an ECR upstream fails on its own parts: the deployer passing the
// role, the service assuming it, the upstream registry allowing the caching account. No public paste
// of these failures was found: the messages are constructed (the IAM denial sentence AWS prints, with
// the actions, principal and service AWS documents for ECR-to-ECR pull-through cache,
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html), and the
// labels say what that page and docs/registry.md say the fix is.

const PASS_ROLE = 'Platform CREATE_FAILED AWS::ECR::PullThroughCacheRule Resource handler returned message: "User: arn:aws:sts::222222222222:assumed-role/' +
  'cdk-hnb659fds-cfn-exec-role-222222222222-us-east-1/AWSCloudFormation is not authorized to perform: iam:PassRole on resource: ' +
  'arn:aws:iam::222222222222:role/Workload-RegistryPlatformRole1A2B3C4D-AbCdEf123456 because no identity-based policy allows the iam:PassRole action (Service: Ecr, Status Code: 400)"';
const UPSTREAM_DENIES = 'denied: User: arn:aws:sts::222222222222:assumed-role/platform-cache-role/ECRPullThroughCache is not authorized to perform: ' +
  'ecr:GetImageCopyStatus on resource: arn:aws:ecr:us-west-2:111111111111:repository/base/node because no resource-based policy allows the ecr:GetImageCopyStatus action';
const ROLE_LACKS_READ = 'User: arn:aws:sts::222222222222:assumed-role/platform-cache-role/ECRPullThroughCache is not authorized to perform: ecr:GetImageCopyStatus ' +
  'on resource: arn:aws:ecr:us-west-2:111111111111:repository/base/node because no identity-based policy allows the ecr:GetImageCopyStatus action';
const NOT_ASSUMED = 'User: pullthroughcache.ecr.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/platform-cache-role';
const CLI_CREATE = 'aws ecr create-pull-through-cache-rule --ecr-repository-prefix platform --upstream-registry ecr --upstream-registry-url 111111111111.dkr.ecr.us-west-2.amazonaws.com ' +
  '--upstream-repository-prefix base\nAn error occurred (InvalidParameterException) when calling the CreatePullThroughCacheRule operation: Invalid parameter';

test.each([
  // [case, text, action, what the steps must say, the code]
  ['the deployer may not pass the role', PASS_ROLE, 'iam:PassRole', /iam:PassedToService` = `ecr\.amazonaws\.com`/, /iam:PassRole.*cache\.role!\.roleArn/],
  ['the upstream registry does not allow the caching account', UPSTREAM_DENIES, 'ecr:GetImageCopyStatus', /cache\.upstreamRegistryPolicy\(\)[\s\S]*scope V2; on V1/, /upstreamRegistryPolicy\(\)/],
  ['the role lacks the read', ROLE_LACKS_READ, 'ecr:GetImageCopyStatus', /the rule grants them to the role it creates and to a `role` you pass/, /upstreamPrefix: 'base'/],
  ['the service may not assume the role', NOT_ASSUMED, 'sts:AssumeRole', /trust the service `pullthroughcache\.ecr\.amazonaws\.com`[\s\S]*sourceAccountCondition/, /omit role/],
  ['creating the rule failed', CLI_CREATE, 'ecr:CreatePullThroughCacheRule', /iam:PassRole[\s\S]*upstreamRegistryPolicy[\s\S]*grantPull/, /UpstreamRegistry\.ecr\(/],
])('%s (constructed)', (_, text, action, steps, cdk) => {
  // WHEN
  const d = diagnose(text);
  // THEN
  expect(d).toMatchObject({ kind: 'pull-through-cache', action });
  expect(d.fix?.steps.join('\n')).toMatch(steps);
  expect(d.fix?.cdk).toMatch(cdk);
  // the credential upstreams' advice does not apply
  expect(JSON.stringify(d)).not.toContain('ecr-pullthroughcache/');
});

test('the upstream denial names the upstream repository and the caching account\'s role', () => {
  // WHEN
  const d = diagnose(UPSTREAM_DENIES);
  // THEN
  expect(d).toMatchObject({
    callerAccount: '222222222222',
    resourceAccount: '111111111111',
    region: 'us-west-2',
    repositoryName: 'base/node',
    crossAccount: true,
    missingPolicy: 'resource',
    policyPrincipalArn: 'arn:aws:iam::222222222222:role/platform-cache-role',
  });
  expect(d.explanation).toContain('upstream\'s registry policy (scope V2)');
  expect(d.fix?.steps).toContain('The upstream repository of the message: arn:aws:ecr:us-west-2:111111111111:repository/base/node.');
});

test('an import denied cross-account with an ECR upstream: the upstream statement and the pullers\' grant, both', () => {
  // GIVEN (constructed) the caller may be the rule's role reading upstream, or a puller of another account
  const text = 'UpstreamRegistry: ecr\nUser: arn:aws:sts::222222222222:assumed-role/platform-cache-role/s is not authorized to perform: ecr:BatchImportUpstreamImage ' +
    'on resource: arn:aws:ecr:us-west-2:111111111111:repository/base/node because no resource-based policy allows the ecr:BatchImportUpstreamImage action';
  // WHEN
  const d = diagnose(text);
  // THEN
  expect(d.explanation).toContain('If the caller is not the rule\'s role');
  expect(d.fix?.steps.join('\n')).toMatch(/upstreamRegistryPolicy[\s\S]*cache\.grantPull\(role\)/);
});

test('a puller of an ECR upstream\'s cache that may not create the repository: grantPull', () => {
  // GIVEN (constructed from containers-roadmap#2643: the downstream needs ecr:CreateRepository)
  const text = 'CustomRoleArn: arn:aws:iam::222222222222:role/platform-cache-role\nUser: arn:aws:sts::222222222222:assumed-role/task/abc is not authorized to perform: ' +
    'ecr:CreateRepository on resource: arn:aws:ecr:us-east-1:222222222222:repository/platform/node because no identity-based policy allows the ecr:CreateRepository action';
  // WHEN
  const d = diagnose(text);
  // THEN
  expect(d).toMatchObject({ kind: 'pull-through-cache', action: 'ecr:CreateRepository', crossAccount: false });
  expect(d.fix?.cdk).toContain('cache.grantPull(role)');
});

test('the upstream repository is written in the partition of the message (China)', () => {
  // GIVEN the upstream denial of a cache in a China region (constructed, as above)
  const text = UPSTREAM_DENIES.replace('arn:aws:ecr:us-west-2:', 'arn:aws-cn:ecr:cn-north-1:');
  // WHEN
  const d = diagnose(text);
  // THEN
  expect(d.fix?.steps).toContain('The upstream repository of the message: arn:aws-cn:ecr:cn-north-1:111111111111:repository/base/node.');
});
