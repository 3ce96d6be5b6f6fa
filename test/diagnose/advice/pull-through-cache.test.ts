import { diagnose } from '../../../src';

// A pull through cache that cannot use its upstream: the secret's naming rule; the first pull's import.

test('the upstream rejected the credentials: the secret rule and the path of the message', () => {
  // GIVEN github.com/aws/containers-roadmap/issues/2354 (cut off as stored)
  const d = diagnose('docker pull <awsid>.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/percona/percona-xtradb-cluster-operator:1.14.0\nError response from daemon: pull access denied for <awsid>.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/percona/percona-xtradb-cluster-operator, repository does not exist or may require \'docker login\': denied: The authentication to the upstream registry failed. Verify that the credenti');
  // THEN
  expect(d).toMatchObject({ kind: 'pull-through-cache', region: 'eu-west-1', repositoryName: 'docker-hub/library/percona/percona-xtradb-cluster-operator', tag: '1.14.0' });
  expect(d.fix?.steps[0]).toContain('`ecr-pullthroughcache/`');
  expect(d.fix?.steps[1]).toContain('(here: \'docker-hub/library/percona/percona-xtradb-cluster-operator\')');
});

test('a rule whose upstream needs credentials: the operation of the message', () => {
  // GIVEN github.com/aws-controllers-k8s/community/issues/2589
  const d = diagnose('operation error ECR: CreatePullThroughCacheRule, https response error StatusCode: 400, UnsupportedUpstreamRegistryException: The specified upstream registry requires authentication. Specify a valid Secrets Manager ARN');
  expect(d).toMatchObject({ kind: 'pull-through-cache', action: 'ecr:CreatePullThroughCacheRule' });
});

test('a rule of another upstream that names a role ARN is not read as an ECR upstream', () => {
  // GIVEN github.com/pulumi/pulumi-aws/issues/5714 (a quay.io rule)
  const d = diagnose('updating ECR Pull Through Cache Rule (quay): operation error ECR: UpdatePullThroughCacheRule, https response error StatusCode: 400, InvalidParameterException: Invalid input: Please set either credential arn or role arn to update the credentials');
  // THEN the credential upstreams' advice, not the role's
  expect(d).toMatchObject({ kind: 'pull-through-cache', action: 'ecr:UpdatePullThroughCacheRule' });
  expect(d.fix?.steps[0]).toContain('`ecr-pullthroughcache/`');
  expect(JSON.stringify(d.fix)).not.toContain('pullthroughcache.ecr.amazonaws.com');
});

test.each([
  ['the same account: grantPull', '444455556666', 'cache.grantPull(role)'],
  ['another account: the registry policy', '777788889999', 'cache.allowAccountPull('],
])('the first pull\'s import, %s', (_, callerAccount, cdk) => {
  // GIVEN the import denial of the corpus (synthetic, from the pull-through-cache page), with the caller's account varied
  const d = diagnose(`denied: User: arn:aws:sts::${callerAccount}:assumed-role/build-agent/i-0a1b2c3d4e5f67890 is not authorized to perform: ecr:BatchImportUpstreamImage on resource: arn:aws:ecr:us-east-1:444455556666:repository/ecr-public/nginx/nginx because no resource-based policy allows the ecr:BatchImportUpstreamImage action`);
  // THEN
  expect(d.kind).toBe('pull-through-cache');
  expect(d.fix?.cdk).toContain(cdk);
  expect(d.fix?.steps[0]).toContain('arn:aws:ecr:us-east-1:444455556666:repository/<prefix>/*');
});

test('a pull that may not create the repository is the first pull through a cache; a push that may not is not', () => {
  // GIVEN (constructed, from AWS's pull-through-cache IAM page: ecr:CreateRepository when the cached repository does not exist yet)
  const denial = 'denied: User: arn:aws:sts::222222222222:assumed-role/node/i-1 is not authorized to perform: ecr:CreateRepository on resource: arn:aws:ecr:us-east-1:222222222222:repository/quay/prometheus/node-exporter because no identity-based policy allows the ecr:CreateRepository action';
  // WHEN
  const pull = diagnose(`Error response from daemon: pull access denied for 222222222222.dkr.ecr.us-east-1.amazonaws.com/quay/prometheus/node-exporter, repository does not exist or may require 'docker login': ${denial}`);
  const create = diagnose(`An error occurred (AccessDeniedException) when calling the CreateRepository operation: ${denial.replace('denied: ', '')}`);
  // THEN
  expect(pull).toMatchObject({ kind: 'pull-through-cache', action: 'ecr:CreateRepository', repositoryName: 'quay/prometheus/node-exporter' });
  expect(pull.fix?.cdk).toContain('cache.grantPull(role)');
  expect(create.kind).toBe('access-denied');
});

test('the cache repositories of the first pull are written in the partition of the message (GovCloud)', () => {
  // GIVEN the import denial above, in a GovCloud region
  const d = diagnose('denied: User: arn:aws-us-gov:sts::444455556666:assumed-role/build-agent/i-0a1b2c3d4e5f67890 is not authorized to perform: ecr:BatchImportUpstreamImage on resource: arn:aws-us-gov:ecr:us-gov-west-1:444455556666:repository/ecr-public/nginx/nginx because no resource-based policy allows the ecr:BatchImportUpstreamImage action');
  // THEN
  expect(d.fix?.steps[0]).toContain('arn:aws-us-gov:ecr:us-gov-west-1:444455556666:repository/<prefix>/*');
});
