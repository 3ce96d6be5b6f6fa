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
