import { BUILDKITE, GITHUB, GITLAB, trustOf } from './trust-harness';
import { CiProvider } from '../../src';
import { claimBoundedBlocks, moreClaimsThan } from '../../src/principal/claim-bounded';

// IAM's StringLike lets `*` and `?` match ':' as well, so without a bound the pattern `release/*` also
// admits `…:ref:refs/heads/release/x:environment:prod`: a subject with more claims after the branch,
// as organizations that customize their subject claims produce. Every decision below is the evaluator's
// (AccessOracle.trust) on the synthesized trust policy.

describe('GitHub Actions: a wildcard stays within its branch, tag or environment', () => {
  const trust = trustOf(CiProvider.gitHubActions({
    owner: 'acme', repository: 'api', branches: ['main', 'release/*'], tags: ['v*', 'rc?'], environments: ['prod-*'],
  }), GITHUB, 'sts.amazonaws.com');

  test.each([
    ['main', 'repo:acme/api:ref:refs/heads/main'],
    ['a release branch', 'repo:acme/api:ref:refs/heads/release/2.1'],
    ['a release branch with more slashes (a wildcard still crosses /)', 'repo:acme/api:ref:refs/heads/release/2.1/hotfix'],
    ['a version tag', 'repo:acme/api:ref:refs/tags/v1.4.0'],
    ['a one-character rc tag', 'repo:acme/api:ref:refs/tags/rc1'],
    ['an environment matching prod-*', 'repo:acme/api:environment:prod-eu'],
  ])('admitted: %s', (_name, sub) => {
    expect(trust.decide(sub)).toBe('Allowed');
  });

  test.each([
    ['a release branch with an environment claim after it', 'repo:acme/api:ref:refs/heads/release/x:environment:prod'],
    ['a tag with a customized job_workflow_ref claim after it', 'repo:acme/api:ref:refs/tags/v1:job_workflow_ref:evil/x/.github/workflows/a.yml@refs/heads/main'],
    ['an environment pattern with a ref claim after it', 'repo:acme/api:environment:prod-x:ref:refs/heads/feature'],
    ['? standing for a :', 'repo:acme/api:ref:refs/tags/rc:'],
    ['a release branch followed by a second ref claim', 'repo:acme/api:ref:refs/heads/release/1:ref:refs/heads/main'],
    ['another owner, release branch', 'repo:evil/api:ref:refs/heads/release/1'],
    ['a look-alike repository, tag', 'repo:acme/api-evil:ref:refs/tags/v1'],
    ['another repository\'s environment', 'repo:acme/web:environment:prod-eu'],
    ['main with a claim after it', 'repo:acme/api:ref:refs/heads/main:environment:prod'],
    ['a pull request', 'repo:acme/api:pull_request'],
  ])('denied: %s', (_name, sub) => {
    expect(trust.decide(sub)).toBe('ImplicitlyDenied');
  });

  test('the patterns share one statement, bounded to their three claim separators', () => {
    expect(trust.conditions).toEqual([
      {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' },
      },
      {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': [
            'repo:acme/api:ref:refs/heads/release/*', 'repo:acme/api:ref:refs/tags/v*', 'repo:acme/api:ref:refs/tags/rc?', 'repo:acme/api:environment:prod-*',
          ],
        },
        StringNotLike: { 'token.actions.githubusercontent.com:sub': '*:*:*:*:*' },
      },
    ]);
  });

  test('with immutable ids and a wildcard repository (its opt-in), the wildcards are bounded too', () => {
    const ids = trustOf(CiProvider.gitHubActions({ owner: 'acme', ownerId: 1234, repository: 'api', repositoryId: 5678, tags: ['v*'] }), GITHUB, 'sts.amazonaws.com');
    expect(ids.decide('repo:acme@1234/api@5678:ref:refs/tags/v2')).toBe('Allowed');
    expect(ids.decide('repo:acme@1234/api@5678:ref:refs/tags/v2:environment:prod')).toBe('ImplicitlyDenied');
    const svc = trustOf(CiProvider.gitHubActions({ owner: 'acme', repository: 'svc-*', branches: ['main'], unsafeAllowWildcardRepository: true }), GITHUB, 'sts.amazonaws.com');
    expect(svc.decide('repo:acme/svc-orders:ref:refs/heads/main')).toBe('Allowed');
    expect(svc.decide('repo:acme/svc-x:ref:refs/heads/evil:ref:refs/heads/main')).toBe('ImplicitlyDenied');
  });

  test('a wildcard repository with every run (both opt-ins): every run of every matching repository', () => {
    const all = trustOf(CiProvider.gitHubActions({ owner: 'acme', repository: 'svc-*', unsafeAllowWildcardRepository: true, unsafeAllowAllWorkflowRuns: true }),
      GITHUB, 'sts.amazonaws.com');
    expect(all.decide('repo:acme/svc-orders:ref:refs/heads/main')).toBe('Allowed');
    expect(all.decide('repo:acme/api:ref:refs/heads/main')).toBe('ImplicitlyDenied');
  });

  test('the all-runs opt-in alone still spans every claim after the repository, as it says', () => {
    const all = trustOf(CiProvider.gitHubActions({ owner: 'acme', repository: 'api', unsafeAllowAllWorkflowRuns: true }), GITHUB, 'sts.amazonaws.com');
    expect(all.decide('repo:acme/api:ref:refs/heads/feature/x')).toBe('Allowed');
    expect(all.decide('repo:acme/api:environment:prod')).toBe('Allowed');
    expect(all.decide('repo:acme/api-evil:ref:refs/heads/main')).toBe('ImplicitlyDenied');
    expect(all.conditions[0].StringNotLike).toBeUndefined();
  });
});

describe('GitLab: a wildcard stays within its branch or tag', () => {
  const trust = trustOf(CiProvider.gitLab({ projectPath: 'acme/platform/api', branches: ['release/*'], tags: ['v*'] }), GITLAB, GITLAB);

  test.each([
    ['a release branch', 'project_path:acme/platform/api:ref_type:branch:ref:release/1.2'],
    ['a version tag', 'project_path:acme/platform/api:ref_type:tag:ref:v2.0.1'],
  ])('admitted: %s', (_name, sub) => {
    expect(trust.decide(sub)).toBe('Allowed');
  });

  test.each([
    ['a tag with a claim after it', 'project_path:acme/platform/api:ref_type:tag:ref:v1:environment:production'],
    ['a release branch with a claim after it', 'project_path:acme/platform/api:ref_type:branch:ref:release/1:user_login:mallory'],
    ['another project', 'project_path:acme/platform/web:ref_type:tag:ref:v1'],
    ['a look-alike project', 'project_path:acme/platform/api-evil:ref_type:branch:ref:release/1'],
    ['a branch named like a release tag', 'project_path:acme/platform/api:ref_type:branch:ref:v1'],
  ])('denied: %s', (_name, sub) => {
    expect(trust.decide(sub)).toBe('ImplicitlyDenied');
  });
});

describe('any OIDC issuer: a wildcard stays within its claim', () => {
  const trust = trustOf(CiProvider.oidc({
    issuer: BUILDKITE, audience: 'sts.amazonaws.com', subjects: ['organization:acme:pipeline:api:ref:refs/heads/main:commit:*:step:*'],
  }), BUILDKITE, 'sts.amazonaws.com');

  test('admitted: a step of the pipeline on main', () => {
    expect(trust.decide('organization:acme:pipeline:api:ref:refs/heads/main:commit:4f2a9c:step:build')).toBe('Allowed');
  });

  test('patterns with fewer claims get their own statement: their bound does not refuse the longer subjects', () => {
    const two = trustOf(CiProvider.oidc({
      issuer: BUILDKITE,
      audience: 'sts.amazonaws.com',
      subjects: ['organization:acme:pipeline:api:ref:refs/heads/main:commit:*:step:*', 'organization:acme:pipeline:deploy-*'],
    }), BUILDKITE, 'sts.amazonaws.com');
    expect(two.decide('organization:acme:pipeline:api:ref:refs/heads/main:commit:4f2a9c:step:build')).toBe('Allowed');
    expect(two.decide('organization:acme:pipeline:deploy-eu')).toBe('Allowed');
    expect(two.decide('organization:acme:pipeline:deploy-eu:ref:refs/heads/main')).toBe('ImplicitlyDenied');
    expect(two.conditions.map((c) => c.StringNotLike)).toEqual([
      { 'agent.buildkite.com:sub': '*:*:*:*:*:*:*:*:*:*:*' }, { 'agent.buildkite.com:sub': '*:*:*:*:*' },
    ]);
  });

  test.each([
    ['a claim after the step', 'organization:acme:pipeline:api:ref:refs/heads/main:commit:4f2a9c:step:build:env:prod'],
    ['a commit value that carries claims', 'organization:acme:pipeline:api:ref:refs/heads/main:commit:x:ref:refs/heads/dev:step:build'],
    ['another organization', 'organization:evil:pipeline:api:ref:refs/heads/main:commit:4f2a9c:step:build'],
    ['another pipeline', 'organization:acme:pipeline:web:ref:refs/heads/main:commit:4f2a9c:step:build'],
  ])('denied: %s', (_name, sub) => {
    expect(trust.decide(sub)).toBe('ImplicitlyDenied');
  });
});

describe('claimBoundedBlocks', () => {
  const base = { StringEquals: { 'x:aud': 'a' } };

  test('exact subjects in one StringEquals block; no bound needed', () => {
    expect(claimBoundedBlocks(base, 'x:sub', ['a:b', 'a:c', 'a:b'])).toEqual([{ StringEquals: { 'x:aud': 'a', 'x:sub': ['a:b', 'a:c'] } }]);
  });

  test('patterns grouped by their number of claims, each group with one bound', () => {
    expect(claimBoundedBlocks(base, 'x:sub', ['a:*', 'b:c:*', 'c:?'])).toEqual([
      { StringEquals: { 'x:aud': 'a' }, StringLike: { 'x:sub': ['a:*', 'c:?'] }, StringNotLike: { 'x:sub': '*:*:*' } },
      { StringEquals: { 'x:aud': 'a' }, StringLike: { 'x:sub': 'b:c:*' }, StringNotLike: { 'x:sub': '*:*:*:*' } },
    ]);
  });

  test('spanning patterns (the all-runs opt-ins) carry no bound', () => {
    expect(claimBoundedBlocks(base, 'x:sub', ['repo:a/b-*:*'], true)).toEqual([{ StringEquals: { 'x:aud': 'a' }, StringLike: { 'x:sub': 'repo:a/b-*:*' } }]);
  });

  test.each([[0, '*:*'], [1, '*:*:*'], [3, '*:*:*:*:*']])('more than %d claim separators: %s', (separators, pattern) => {
    expect(moreClaimsThan(separators)).toBe(pattern);
  });

  test('the base block is not changed', () => {
    claimBoundedBlocks(base, 'x:sub', ['a:*']);
    expect(base).toEqual({ StringEquals: { 'x:aud': 'a' } });
  });
});
