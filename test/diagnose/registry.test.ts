import { findRegistryReferences } from '../../src/diagnose/registry';

// Registry hosts and image references in docker, containerd, ECS and Kubernetes output.

test('an image reference: account, Region, repository name and tag', () => {
  expect(findRegistryReferences('pull 111111111111.dkr.ecr.us-east-1.amazonaws.com/team-a/api:1.2 failed')).toEqual([{
    host: '111111111111.dkr.ecr.us-east-1.amazonaws.com',
    accountText: '111111111111',
    account: '111111111111',
    region: 'us-east-1',
    repositoryName: 'team-a/api',
    tag: '1.2',
    method: undefined,
    registryApiPath: false,
  }]);
});

test('a registry API request: its method and the repository in its path', () => {
  // WHEN
  const [reference] = findRegistryReferences('failed to resolve ref: unexpected status from HEAD request to https://111111111111.dkr.ecr.eu-west-1.amazonaws.com/v2/base/node/manifests/20: 403 Forbidden');
  // THEN
  expect(reference).toMatchObject({ method: 'HEAD', registryApiPath: true, repositoryName: 'base/node', region: 'eu-west-1' });
});

test('a placeholder account is kept as written, and not used; FIPS and China hosts are registries too', () => {
  expect(findRegistryReferences('docker pull <account number>.dkr.ecr.eu-west-1.amazonaws.com/zre')[0]).toMatchObject({ accountText: '<account number>', account: undefined });
  expect(findRegistryReferences('111111111111.dkr.ecr-fips.us-gov-west-1.amazonaws.com/api')[0]?.region).toBe('us-gov-west-1');
  expect(findRegistryReferences('111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/api')[0]?.host).toBe('111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn');
});

test.each([
  // the dual-stack hosts AWS documents (ecr-requests.html): `<registry-id>.dkr-ecr.<region>.on.aws`, FIPS `dkr-ecr-fips`, GovCloud `.on.aws` too
  ['docker push 111122223333.dkr-ecr.us-west-1.on.aws/my-repository:tag', '111122223333.dkr-ecr.us-west-1.on.aws', 'us-west-1', 'my-repository', 'tag'],
  ['HEAD request to https://111122223333.dkr-ecr-fips.us-gov-west-1.on.aws/v2/team-a/api/manifests/1.0: 403 Forbidden', '111122223333.dkr-ecr-fips.us-gov-west-1.on.aws', 'us-gov-west-1', 'team-a/api', '1.0'],
])('a dual-stack host: %s', (text, host, region, repositoryName, tag) => {
  expect(findRegistryReferences(text)).toEqual([expect.objectContaining({ host, account: '111122223333', region, repositoryName, tag })]);
});

test('no registry, and at most 50 references however long the log', () => {
  expect(findRegistryReferences('docker.io/library/node:20')).toEqual([]);
  expect(findRegistryReferences('111111111111.dkr.ecr.us-east-1.amazonaws.com/a '.repeat(200))).toHaveLength(50);
});
