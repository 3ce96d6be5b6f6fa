import { UpstreamRegistry } from '../../src';
import { InputProblems } from '../../src/private/input-problems';

// The upstream registries ECR can cache, as the AWS documentation lists them
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html) and as
// CloudFormation names them (AWS::ECR::PullThroughCacheRule UpstreamRegistry): the host each factory
// writes, and which of them authenticate. Written from the documentation, not from the code.

function problemsOf(upstream: UpstreamRegistry, hasCredentials: boolean): string {
  const problems = new InputProblems('test');
  upstream._check(problems, 'upstream', hasCredentials, 'credentials');
  try {
    problems.throwIfAny();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

test.each<[string, UpstreamRegistry, string, string, 'required' | 'optional' | 'not accepted']>([
  ['ecrPublic', UpstreamRegistry.ecrPublic(), 'public.ecr.aws', 'ecr-public', 'not accepted'],
  ['kubernetes', UpstreamRegistry.kubernetes(), 'registry.k8s.io', 'k8s', 'not accepted'],
  ['quay', UpstreamRegistry.quay(), 'quay.io', 'quay', 'optional'],
  ['dockerHub', UpstreamRegistry.dockerHub(), 'registry-1.docker.io', 'docker-hub', 'required'],
  ['gitHubContainerRegistry', UpstreamRegistry.gitHubContainerRegistry(), 'ghcr.io', 'github-container-registry', 'required'],
  ['gitLabContainerRegistry', UpstreamRegistry.gitLabContainerRegistry(), 'registry.gitlab.com', 'gitlab-container-registry', 'required'],
  ['chainguard', UpstreamRegistry.chainguard(), 'cgr.dev', 'chainguard', 'optional'],
  ['azureContainerRegistry', UpstreamRegistry.azureContainerRegistry('myimages'), 'myimages.azurecr.io', 'azure-container-registry', 'required'],
  ['fromUrl of a supported host', UpstreamRegistry.fromUrl('quay.io'), 'quay.io', 'quay', 'optional'],
])('%s: host, CloudFormation type and credentials as documented', (_name, upstream, host, type, credentials) => {
  // THEN
  expect([upstream.url, upstream.upstreamType]).toEqual([host, type]);
  const without = problemsOf(upstream, false);
  const withSecret = problemsOf(upstream, true);
  expect([without === '', withSecret === '']).toEqual(
    credentials === 'required' ? [false, true] : credentials === 'optional' ? [true, true] : [true, false]);
});

test('an unsupported host has no CloudFormation type and is refused with the list of supported ones', () => {
  const upstream = UpstreamRegistry.fromUrl('registry.example.com');
  expect(upstream.upstreamType).toBeUndefined();
  expect(problemsOf(upstream, false)).toMatch(/upstream: got 'registry.example.com': is not an upstream registry ECR can cache \(public.ecr.aws, registry.k8s.io/);
});
