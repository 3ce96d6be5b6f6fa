import { BUILDKITE, GITHUB, GITLAB, trustOf } from './trust-harness';
import { CiProvider, GenericOidcProviderOptions, GitHubActionsProviderOptions, GitLabProviderOptions } from '../../src';
import { catchAllSubjectReason } from '../../src/principal/subject-input';

// A filter value that matches every value of its field (only wildcards, or wildcards around the
// separators) is as open as the provider's all-runs opt-in, so it is refused unless that opt-in is
// set; `'*:*'` as an oidc() subject let another organization's pipeline in. What a filter admits once
// accepted is decided by the evaluator on the synthesized trust policy.

const gh: GitHubActionsProviderOptions = { owner: 'acme', repository: 'api' };

describe('GitHub Actions: a filter that matches every branch, tag or environment', () => {
  test.each<[string, Partial<GitHubActionsProviderOptions>, RegExp]>([
    ['branches *', { branches: ['*'] }, /branches\[0\]: got '\*': matches every branch, so a run on any branch[^]*could assume the role\. Fix: name the branches, e\.g\. 'main' or 'release\/\*' \(or set unsafeAllowAllWorkflowRuns: true/],
    ['branches **', { branches: ['**'] }, /branches\[0\]: got '\*\*': matches every branch/],
    ['branches ?*', { branches: ['?*'] }, /branches\[0\]: got '\?\*': matches every branch/],
    ['branches */*', { branches: ['*/*'] }, /branches\[0\]: got '\*\/\*': matches every branch/],
    ['branches *-*', { branches: ['main', '*-*'] }, /branches\[1\]: got '\*-\*': matches every branch/],
    ['tags *', { tags: ['*'] }, /tags\[0\]: got '\*': matches every tag[^]*Fix: name the tags, e\.g\. 'v1\.2\.3' or 'v\*'[^]*unsafeAllowAllWorkflowRuns/],
    ['environments *', { environments: ['*'] }, /environments\[0\]: got '\*': matches every environment, so a job that names any environment, including one created later,/],
    ['environments ? and *', { environments: ['?', 'prod'] }, /environments\[0\]: got '\?': matches every environment/],
  ])('refused: %s', (_name, options, message) => {
    expect(() => CiProvider.gitHubActions({ ...gh, ...options })).toThrow(message);
  });

  test('every catch-all value at once, with the other problems', () => {
    expect(() => CiProvider.gitHubActions({ ...gh, branches: ['*'], tags: ['**'], environments: ['*'], audience: '' }))
      .toThrow(/\(4 problems\)[^]*branches\[0\][^]*tags\[0\][^]*environments\[0\][^]*audience/);
  });

  test.each([['release/*'], ['v*'], ['feature-?'], ['*-hotfix'], ['déploiement-*']])('accepted: %s names something', (branch) => {
    expect(() => CiProvider.gitHubActions({ ...gh, branches: [branch] })).not.toThrow();
  });

  test('with unsafeAllowAllWorkflowRuns, branches * is accepted: every branch, but no pull request, environment or other repository', () => {
    const trust = trustOf(CiProvider.gitHubActions({ ...gh, branches: ['*'], unsafeAllowAllWorkflowRuns: true }), GITHUB, 'sts.amazonaws.com');
    expect(trust.decide('repo:acme/api:ref:refs/heads/any/branch')).toBe('Allowed');
    expect(trust.decide('repo:acme/api:pull_request')).toBe('ImplicitlyDenied');
    expect(trust.decide('repo:acme/api:environment:production')).toBe('ImplicitlyDenied');
    expect(trust.decide('repo:acme/api:ref:refs/tags/v1')).toBe('ImplicitlyDenied');
    expect(trust.decide('repo:evil/api:ref:refs/heads/main')).toBe('ImplicitlyDenied');
    expect(trust.decide('repo:acme/api:ref:refs/heads/x:environment:prod')).toBe('ImplicitlyDenied');
  });

  test('unsafeAllowAllWorkflowRuns with filters that each name something still has no effect, and says so', () => {
    expect(() => CiProvider.gitHubActions({ ...gh, branches: ['main'], unsafeAllowAllWorkflowRuns: true }))
      .toThrow(/unsafeAllowAllWorkflowRuns: got true: already lets every run of the repository assume the role when used alone[^]*would have no effect/);
  });
});

describe('GitLab: a filter that matches every branch or tag', () => {
  const gl: GitLabProviderOptions = { projectPath: 'acme/api' };

  test.each<[string, Partial<GitLabProviderOptions>, RegExp]>([
    ['branches *', { branches: ['*'] }, /branches\[0\]: got '\*': matches every branch[^]*unsafeAllowAllPipelines: true/],
    ['tags ?*', { tags: ['?*'] }, /tags\[0\]: got '\?\*': matches every tag[^]*unsafeAllowAllPipelines: true/],
  ])('refused: %s', (_name, options, message) => {
    expect(() => CiProvider.gitLab({ ...gl, ...options })).toThrow(message);
  });

  test('with unsafeAllowAllPipelines, tags * is accepted: every tag, and no branch or other project', () => {
    const trust = trustOf(CiProvider.gitLab({ ...gl, tags: ['*'], unsafeAllowAllPipelines: true }), GITLAB, GITLAB);
    expect(trust.decide('project_path:acme/api:ref_type:tag:ref:anything')).toBe('Allowed');
    expect(trust.decide('project_path:acme/api:ref_type:branch:ref:main')).toBe('ImplicitlyDenied');
    expect(trust.decide('project_path:acme/web:ref_type:tag:ref:v1')).toBe('ImplicitlyDenied');
  });
});

describe('oidc(): a subject that pins no value', () => {
  const bk: GenericOidcProviderOptions = { issuer: BUILDKITE, audience: 'sts.amazonaws.com' };

  test.each([
    ['*:*', /pins nothing but wildcards and separators, so a workload of any organization the issuer serves matches/],
    ['*/*', /pins nothing but wildcards and separators/],
    ['*:*:*', /pins nothing but wildcards and separators/],
    ['?*:*', /pins nothing but wildcards and separators/],
    ['organization:*', /leaves the first value \(organization\)[^]*to wildcards/],
    ['organization:*:pipeline:api:ref:refs/heads/main:commit:*:step:*', /leaves the first value \(organization\)/],
    ['repo:*/api:ref:refs/heads/main', /leaves the first value \(repo\)/],
    ['project_path:*', /leaves the first value \(project_path\)/],
    ['sc://*', /leaves the first value \(sc\)/],
    ['org/*', /leaves the first value \(org\)/],
    ['org/*/project/*', /leaves the first value \(org\)/],
    ['repo:acme/*:*', /holds wildcards on both sides of a ':'/],
    ['organization:acme:*:*', /holds wildcards on both sides of a ':'/],
  ])('refused: %s', (subject, reason) => {
    expect(() => CiProvider.oidc({ ...bk, subjects: [subject] }))
      .toThrow(new RegExp(`subjects\\[0\\]: got '${subject.replace(/[*?/]/g, '\\$&')}': ${reason.source}[^]*Fix: write the subject out[^]*or set unsafeAllowAnySubject: true to accept it`));
  });

  test.each([
    ['organization:acme:pipeline:api:ref:refs/heads/main:commit:*:step:*'],
    ['organization:acme:pipeline:*:ref:*:commit:*:step:*'],
    ['repo:acme/api:ref:refs/heads/release/*'],
    ['{8a1c55e4-2b6b-4a3e-9d61-0f1b4c9a2e77}:*'],
    ['org/5c2f/project/9d1e/user/*'],
    ['api-*'],
  ])('pins a value: %s', (subject) => {
    expect(catchAllSubjectReason(subject)).toBeUndefined();
    expect(() => CiProvider.oidc({ ...bk, subjects: [subject] })).not.toThrow();
  });

  test('with unsafeAllowAnySubject, such a subject is accepted as written (still within its claims)', () => {
    const trust = trustOf(CiProvider.oidc({ ...bk, subjects: ['organization:*:pipeline:api:ref:*:commit:*:step:*'], unsafeAllowAnySubject: true }),
      BUILDKITE, 'sts.amazonaws.com');
    expect(trust.decide('organization:anyone:pipeline:api:ref:refs/heads/main:commit:1:step:build')).toBe('Allowed');
    expect(trust.decide('organization:anyone:pipeline:web:ref:refs/heads/main:commit:1:step:build')).toBe('ImplicitlyDenied');
  });

  test('unsafeAllowAnySubject with subjects that each pin a value has no effect, and says so', () => {
    expect(() => CiProvider.oidc({ ...bk, subjects: ['organization:acme:pipeline:api:*'], unsafeAllowAnySubject: true }))
      .toThrow(/unsafeAllowAnySubject: got true: trusts every subject when used alone[^]*would have no effect/);
  });
});

describe('hostile subjects against the pinned trusts of the docs: none admitted', () => {
  const github = trustOf(CiProvider.gitHubActions({ ...gh, branches: ['main', 'release/*'], tags: ['v*'], environments: ['production'] }), GITHUB, 'sts.amazonaws.com');
  const gitlab = trustOf(CiProvider.gitLab({ projectPath: 'acme/platform/api', branches: ['main'], tags: ['v*'] }), GITLAB, GITLAB);
  const buildkite = trustOf(CiProvider.oidc({ issuer: BUILDKITE, audience: 'sts.amazonaws.com', subjects: ['organization:acme:pipeline:api:ref:refs/heads/main:commit:*:step:*'] }),
    BUILDKITE, 'sts.amazonaws.com');

  const hostile: Array<[string, () => string]> = [
    ['GitHub: another organization', () => github.decide('repo:acme-evil/api:ref:refs/heads/main')],
    ['GitHub: a prefix trick on the repository', () => github.decide('repo:acme/api2:ref:refs/heads/main')],
    ['GitHub: a branch named like a tag', () => github.decide('repo:acme/api:ref:refs/heads/v1')],
    ['GitHub: a tag named like a branch', () => github.decide('repo:acme/api:ref:refs/tags/main')],
    ['GitHub: a wildcard injected as the branch', () => github.decide('repo:acme/api:ref:refs/heads/*')],
    ['GitHub: extra claims after a release branch', () => github.decide('repo:acme/api:ref:refs/heads/release/1:environment:production')],
    ['GitHub: a wrong audience', () => github.decide('repo:acme/api:ref:refs/heads/main', 'https://github.com/acme')],
    ['GitHub: another issuer with the same subject', () => github.decide('repo:acme/api:ref:refs/heads/main', 'sts.amazonaws.com', 'https://token.actions.githubusercontent.com/other')],
    ['GitLab: another group', () => gitlab.decide('project_path:evil/platform/api:ref_type:branch:ref:main')],
    ['GitLab: a subgroup prefix trick', () => gitlab.decide('project_path:acme/platform/api/evil:ref_type:branch:ref:main')],
    ['GitLab: extra claims after a tag', () => gitlab.decide('project_path:acme/platform/api:ref_type:tag:ref:v1:ref_protected:false')],
    ['Buildkite: another organization', () => buildkite.decide('organization:evil:pipeline:api:ref:refs/heads/main:commit:1:step:build')],
    ['Buildkite: an organization prefix trick', () => buildkite.decide('organization:acme-evil:pipeline:api:ref:refs/heads/main:commit:1:step:build')],
    ['Buildkite: another branch', () => buildkite.decide('organization:acme:pipeline:api:ref:refs/heads/dev:commit:1:step:build')],
    ['Buildkite: a commit that carries the ref', () => buildkite.decide('organization:acme:pipeline:api:ref:refs/heads/main:commit:1:ref:x:step:build')],
  ];

  test('0 of the hostile claim sets are admitted', () => {
    const admitted = hostile.filter(([, decide]) => decide() !== 'ImplicitlyDenied').map(([name]) => name);
    expect(admitted).toEqual([]);
  });

  test('and the legitimate ones are', () => {
    expect([
      github.decide('repo:acme/api:ref:refs/heads/main'), github.decide('repo:acme/api:ref:refs/heads/release/3'),
      github.decide('repo:acme/api:ref:refs/tags/v3.0.0'), github.decide('repo:acme/api:environment:production'),
      gitlab.decide('project_path:acme/platform/api:ref_type:branch:ref:main'), gitlab.decide('project_path:acme/platform/api:ref_type:tag:ref:v3'),
      buildkite.decide('organization:acme:pipeline:api:ref:refs/heads/main:commit:0a1b2c:step:push'),
    ]).toEqual(Array(7).fill('Allowed'));
  });
});
