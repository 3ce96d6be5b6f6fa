import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { gitHubClaims, gitHubImmutableIds, gitHubPush, GITHUB_PROVIDER_ARN, GITLAB_PROVIDER_ARN } from './ci-scenarios';
import { GITHUB, trustOf as harnessTrust } from './trust-harness';
import { CiProvider, EcrCiPrincipal, GitHubActionsProviderOptions } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// Trust policies are evaluated by @cloud-copilot/iam-simulate's core engine (AccessOracle.trust), with
// the token's claims as the context keys IAM derives from them: `<issuer>:sub`, `<issuer>:aud`.

const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

function trustStatements(stack: Stack): any[] {
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
  return Object.values(roles).flatMap((r: any) => r.Properties.AssumeRolePolicyDocument.Statement);
}

// Bad input is a synth-time error that names the property, the bad value and the fix, every
// problem at once, thrown where the user wrote it (the factory call, the constructor, the method).

const gh: GitHubActionsProviderOptions = { owner: 'acme', repository: 'api', branches: ['main'] };

describe('GitHub Actions trust', () => {
  const { app, stack, ci } = gitHubPush();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const assume = (sub: string, aud?: string, provider = GITHUB_PROVIDER_ARN) => oracle.trust(ci.role, provider, WEB_IDENTITY, gitHubClaims(sub, aud));

  test.each([
    ['main', 'repo:acme/api:ref:refs/heads/main'],
    ['a release branch (pattern release/*)', 'repo:acme/api:ref:refs/heads/release/2.1'],
    ['a version tag (pattern v*)', 'repo:acme/api:ref:refs/tags/v1.4.0'],
  ])('allowed: %s', (_name, sub) => {
    expect(assume(sub)).toBe('Allowed');
  });

  test.each([
    ['another repository of the owner', 'repo:acme/web:ref:refs/heads/main'],
    ['another owner\'s repository of the same name', 'repo:evil/api:ref:refs/heads/main'],
    ['a fork\'s own workflow on its main branch', 'repo:forker/api:ref:refs/heads/main'],
    ['a pull request (from a fork or not)', 'repo:acme/api:pull_request'],
    ['another branch', 'repo:acme/api:ref:refs/heads/feature/x'],
    ['a branch whose name extends main', 'repo:acme/api:ref:refs/heads/main-hotfix'],
    ['a branch named like a tag', 'repo:acme/api:ref:refs/heads/v1.4.0'],
    ['an environment not listed', 'repo:acme/api:environment:production'],
    ['a look-alike repository name', 'repo:acme/api-evil:ref:refs/heads/main'],
    ['the same run with immutable ids (not what this role trusts)', 'repo:acme@1234/api@5678:ref:refs/heads/main'],
  ])('denied: %s', (_name, sub) => {
    expect(assume(sub)).toBe('ImplicitlyDenied');
  });

  test('denied: a wrong audience, a missing audience, and another issuer\'s provider', () => {
    expect(assume('repo:acme/api:ref:refs/heads/main', 'https://github.com/acme')).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, GITHUB_PROVIDER_ARN, WEB_IDENTITY, { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' })).toBe('ImplicitlyDenied');
    expect(assume('repo:acme/api:ref:refs/heads/main', undefined, GITLAB_PROVIDER_ARN)).toBe('ImplicitlyDenied');
  });

  test('denied: sts:AssumeRole by anyone of the account', () => {
    expect(oracle.trust(ci.role, `arn:aws:iam::${REGISTRY_ACCOUNT}:root`, 'sts:AssumeRole')).toBe('ImplicitlyDenied');
  });

  test('exact subjects use StringEquals, patterns StringLike, each in its own statement with the audience pinned', () => {
    const provider = { Ref: Object.keys(Template.fromStack(stack).findResources('AWS::IAM::OIDCProvider'))[0] };
    expect(trustStatements(stack)).toEqual([
      {
        Action: WEB_IDENTITY,
        Effect: 'Allow',
        Principal: { Federated: provider },
        Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' } },
      },
      {
        Action: WEB_IDENTITY,
        Effect: 'Allow',
        Principal: { Federated: provider },
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/api:ref:refs/heads/release/*', 'repo:acme/api:ref:refs/tags/v*'] },
          // each wildcard within its claim: no subject with more than the pattern's three ':'
          StringNotLike: { 'token.actions.githubusercontent.com:sub': '*:*:*:*:*' },
        },
      },
    ]);
  });

  test('the provider is the native AWS::IAM::OIDCProvider (no Lambda custom resource), with the audience as client id', () => {
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] });
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });
});

describe('GitHub Actions trust with immutable subjects', () => {
  const { app, stack, ci } = gitHubImmutableIds();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const assume = (sub: string) => oracle.trust(ci.role, GITHUB_PROVIDER_ARN, WEB_IDENTITY, gitHubClaims(sub));

  test('allowed: the environment\'s job of the repository with these ids', () => {
    expect(assume('repo:acme@1234/api@5678:environment:production')).toBe('Allowed');
  });

  test.each([
    ['the name-based subject (a recycled name would send it)', 'repo:acme/api:environment:production'],
    ['a new owner that took the name acme', 'repo:acme@9999/api@5678:environment:production'],
    ['a new repository that took the name api', 'repo:acme@1234/api@9999:environment:production'],
    ['another environment', 'repo:acme@1234/api@5678:environment:staging'],
    ['a branch run', 'repo:acme@1234/api@5678:ref:refs/heads/main'],
  ])('denied: %s', (_name, sub) => {
    expect(assume(sub)).toBe('ImplicitlyDenied');
  });

  test('one StringEquals statement', () => {
    expect(trustStatements(stack).map((s) => s.Condition)).toEqual([{
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:acme@1234/api@5678:environment:production',
      },
    }]);
  });
});

describe('GitHub Actions trust options', () => {
  function trustOf(options: Parameters<typeof CiProvider.gitHubActions>[0]) {
    const app = new App();
    const stack = registryStack(app, 'Ci');
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: CiProvider.gitHubActions(options) });
    return { stack, ci, oracle: new AccessOracle(new SynthesizedApp(app)) };
  }

  test('pull requests, when asked for: the pull_request subject', () => {
    const { ci, oracle } = trustOf({ owner: 'acme', repository: 'api', pullRequests: true });
    expect(oracle.trust(ci.role, GITHUB_PROVIDER_ARN, WEB_IDENTITY, gitHubClaims('repo:acme/api:pull_request'))).toBe('Allowed');
    expect(oracle.trust(ci.role, GITHUB_PROVIDER_ARN, WEB_IDENTITY, gitHubClaims('repo:acme/api:ref:refs/heads/main'))).toBe('ImplicitlyDenied');
  });

  test('every workflow run, only through the named unsafe opt-in: StringLike repo:acme/api:*', () => {
    const { ci, oracle, stack } = trustOf({ owner: 'acme', repository: 'api', unsafeAllowAllWorkflowRuns: true });
    expect(oracle.trust(ci.role, GITHUB_PROVIDER_ARN, WEB_IDENTITY, gitHubClaims('repo:acme/api:pull_request'))).toBe('Allowed');
    expect(oracle.trust(ci.role, GITHUB_PROVIDER_ARN, WEB_IDENTITY, gitHubClaims('repo:acme/api-x:ref:refs/heads/main'))).toBe('ImplicitlyDenied');
    expect(trustStatements(stack)[0].Condition.StringLike).toEqual({ 'token.actions.githubusercontent.com:sub': 'repo:acme/api:*' });
  });

  test('GitHub Enterprise Server: its issuer, its condition keys, a custom audience', () => {
    const { ci, oracle, stack } = trustOf({ owner: 'acme', repository: 'api', branches: ['main'], enterpriseServerHost: 'github.acme.example', audience: 'ecr-ci' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://github.acme.example/_services/token', ClientIdList: ['ecr-ci'] });
    const provider = `arn:aws:iam::${REGISTRY_ACCOUNT}:oidc-provider/github.acme.example/_services/token`;
    const claims = (aud: string) => gitHubClaims('repo:acme/api:ref:refs/heads/main', aud, 'github.acme.example/_services/token');
    expect(oracle.trust(ci.role, provider, WEB_IDENTITY, claims('ecr-ci'))).toBe('Allowed');
    expect(oracle.trust(ci.role, provider, WEB_IDENTITY, claims('sts.amazonaws.com'))).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, GITHUB_PROVIDER_ARN, WEB_IDENTITY, gitHubClaims('repo:acme/api:ref:refs/heads/main', 'ecr-ci'))).toBe('ImplicitlyDenied');
  });

  test('GitHub Enterprise Cloud with its own issuer', () => {
    const { stack } = trustOf({ owner: 'acme', repository: 'api', branches: ['main'], enterpriseSlug: 'acme-corp' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://token.actions.githubusercontent.com/acme-corp' });
    expect(Object.keys(trustStatements(stack)[0].Condition.StringEquals)).toEqual([
      'token.actions.githubusercontent.com/acme-corp:aud', 'token.actions.githubusercontent.com/acme-corp:sub',
    ]);
  });

  test('a wildcard repository only through its unsafe opt-in, and then with StringLike', () => {
    const { ci, oracle } = trustOf({ owner: 'acme', repository: 'svc-*', branches: ['main'], unsafeAllowWildcardRepository: true });
    expect(oracle.trust(ci.role, GITHUB_PROVIDER_ARN, WEB_IDENTITY, gitHubClaims('repo:acme/svc-orders:ref:refs/heads/main'))).toBe('Allowed');
    expect(oracle.trust(ci.role, GITHUB_PROVIDER_ARN, WEB_IDENTITY, gitHubClaims('repo:evil/svc-orders:ref:refs/heads/main'))).toBe('ImplicitlyDenied');
  });
});

describe('CiProvider.gitHubActions()', () => {
  test.each<[string, Partial<GitHubActionsProviderOptions>, RegExp]>([
    ['a wildcard owner', { owner: 'acme-*' }, /owner: got 'acme-\*': holds a wildcard, which would trust repositories of any GitHub account whose name matches[^]*Fix: pass the exact owner[^]*unsafeAllowWildcardOwner: true/],
    ['a lone * owner', { owner: '*' }, /owner: got '\*': holds a wildcard/],
    ['a wildcard repository', { repository: '*' }, /repository: got '\*': holds a wildcard, which would trust every matching repository of acme[^]*unsafeAllowWildcardRepository: true/],
    ['a ? pattern repository', { repository: 'api-?' }, /repository: got 'api-\?': holds a wildcard/],
    ['owner/repository in owner', { owner: 'acme/api' }, /owner: got 'acme\/api': is not an owner name \(it holds a '\/'\)\. Fix: pass owner: 'acme' and repository: 'api'/],
    ['a repository URL as owner', { owner: 'https://github.com/acme/api.git' }, /Fix: pass owner: 'acme' and repository: 'api'/],
    ['owner/repository in repository', { repository: 'acme/api' }, /repository: got 'acme\/api': is not a repository name: the owner goes in owner\. Fix: pass owner: 'acme' and repository: 'api'/],
    ['a .git suffix', { repository: 'api.git' }, /repository: got 'api.git': ends in '.git'[^]*Fix: pass repository: 'api'/],
    ['an owner with a space', { owner: 'acme corp' }, /owner: got 'acme corp': is not a GitHub owner name/],
    ['an owner starting with a hyphen', { owner: '-acme' }, /owner: got '-acme'/],
    ['a repository with a space', { repository: 'my api' }, /repository: got 'my api': is not a GitHub repository name/],
    ['an empty owner', { owner: '' }, /owner: got '': must name the owner/],
    ['no filter at all', { branches: undefined }, /branches, tags, environments, pullRequests: is missing and the role needs at least one of them[^]*unsafeAllowAllWorkflowRuns: true/],
    ['pullRequests: false alone', { branches: undefined, pullRequests: false }, /branches, tags, environments, pullRequests: is missing/],
    ['an empty branch list', { branches: [] }, /branches: got \[\]: is empty, so no run could assume the role/],
    ['an empty environment list', { branches: undefined, environments: [] }, /environments: got \[\]: is empty/],
    ['a full ref as branch', { branches: ['refs/heads/main'] }, /branches\[0\]: got 'refs\/heads\/main': is a full git ref[^]*Fix: use 'main'/],
    ['a full ref as tag', { branches: undefined, tags: ['refs/tags/v1'] }, /tags\[0\]: got 'refs\/tags\/v1'[^]*Fix: use 'v1'/],
    ['a branch with a space', { branches: ['my branch'] }, /branches\[0\]: got 'my branch': is not a git branch name/],
    ['a branch with ..', { branches: ['a..b'] }, /branches\[0\]: got 'a..b'/],
    ['a branch ending in .lock', { branches: ['main.lock'] }, /branches\[0\]: got 'main.lock'/],
    ['a branch with a colon', { branches: ['main:x'] }, /branches\[0\]: got 'main:x'/],
    ['an empty environment name', { branches: undefined, environments: [''] }, /environments\[0\]: got '': is not an environment name/],
    ['an environment with trailing space', { branches: undefined, environments: ['prod '] }, /environments\[0\]: got 'prod '/],
    ['all runs together with filters', { unsafeAllowAllWorkflowRuns: true }, /unsafeAllowAllWorkflowRuns: got true: already lets every run[^]*would have no effect/],
    ['a wildcard audience', { audience: 'sts.*' }, /audience: got 'sts.\*': holds a wildcard, but the audience is always matched exactly/],
    ['an empty audience', { audience: '' }, /audience: got '': is not an OIDC audience/],
    ['an audience with a space', { audience: 'sts amazonaws' }, /audience: got 'sts amazonaws'/],
    ['a repositoryId without ownerId', { repositoryId: 5678 }, /ownerId: is missing and must come with repositoryId/],
    ['an ownerId without repositoryId', { ownerId: 1234 }, /repositoryId: is missing and must come with ownerId[^]*gh api repos\/acme\/api --jq .id/],
    ['a negative id', { ownerId: -1, repositoryId: 5 }, /ownerId: got -1: is not a GitHub id/],
    ['a fractional id', { ownerId: 1.5, repositoryId: 5 }, /ownerId: got 1.5/],
    ['a URL as server host', { enterpriseServerHost: 'https://github.acme.example' }, /enterpriseServerHost: got 'https:\/\/github.acme.example': is not a host name\. Fix: pass the host alone, e.g\. 'github.acme.example'/],
    ['github.com as server host', { enterpriseServerHost: 'github.com' }, /enterpriseServerHost: got 'github.com': is github.com, not a GitHub Enterprise Server/],
    ['server host and slug', { enterpriseServerHost: 'github.acme.example', enterpriseSlug: 'acme' }, /enterpriseServerHost: .* cannot be combined with enterpriseSlug/],
    ['a bad slug', { enterpriseSlug: 'Acme Corp' }, /enterpriseSlug: got 'Acme Corp': is not an enterprise slug/],
  ])('%s', (_name, options, message) => {
    expect(() => CiProvider.gitHubActions({ ...gh, ...options })).toThrow(message);
  });

  test('a provider for another issuer', () => {
    const stack = new Stack();
    const gitlab = iam.OidcProviderNative.fromOidcProviderArn(stack, 'P', 'arn:aws:iam::111111111111:oidc-provider/gitlab.com');
    expect(() => CiProvider.gitHubActions({ ...gh, oidcProvider: gitlab }))
      .toThrow(/oidcProvider: got 'arn:aws:iam::111111111111:oidc-provider\/gitlab.com': is not the IAM OIDC provider for https:\/\/token.actions.githubusercontent.com[^]*':oidc-provider\/token.actions.githubusercontent.com'/);
  });

  test('every problem at once, with a subject that says where', () => {
    const run = () => CiProvider.gitHubActions({ owner: 'acme/x', repository: '*', branches: ['refs/heads/main'], audience: '' });
    expect(run).toThrow(/^Invalid CiProvider.gitHubActions\(\) options \(4 problems\):/);
    expect(run).toThrow(/owner[^]*repository[^]*branches\[0\][^]*audience/);
  });

  test('the error carries no stack trace into the user\'s output, only the caller\'s line that passed the input', () => {
    let error: Error | undefined;
    try { CiProvider.gitHubActions({ owner: '*', repository: 'api', branches: ['main'] }); } catch (e) { error = e as Error; }
    expect(error?.name).toBe('ValidationError');
    const [first, ...frames] = error!.stack!.split('\n    at ');
    expect(first).toBe(`ValidationError: ${error?.message}`);
    expect(frames).toEqual([expect.stringMatching(/test\/principal\/github-actions\.test\.ts:\d+:\d+\)?$/)]);
  });

  test('the unsafe opt-ins are accepted, each for what it names', () => {
    expect(() => CiProvider.gitHubActions({ owner: 'acme', repository: 'api', unsafeAllowAllWorkflowRuns: true })).not.toThrow();
    expect(() => CiProvider.gitHubActions({ ...gh, repository: 'svc-*', unsafeAllowWildcardRepository: true })).not.toThrow();
    expect(() => CiProvider.gitHubActions({ ...gh, owner: 'acme-*', unsafeAllowWildcardOwner: true })).not.toThrow();
    // one opt-in does not open the other
    expect(() => CiProvider.gitHubActions({ ...gh, owner: 'acme-*', repository: '*', unsafeAllowWildcardOwner: true })).toThrow(/repository: got '\*'/);
  });
});

// GitHub moves repositories to immutable subjects (`repo:octo-org@123456/octo-repo@456789:…`, the
// default for repositories created or renamed after 2026-07-15; https://docs.github.com/en/actions/reference/security/oidc).
// While workflows switch over, nameSubjectsUntil keeps the name-based form until a moment IAM checks.
describe('GitHub Actions: the move to immutable subjects', () => {
  const ids = { owner: 'acme', ownerId: 1234, repository: 'api', repositoryId: 5678, branches: ['main'], tags: ['v*'] };
  const immutable = 'repo:acme@1234/api@5678:ref:refs/heads/main';
  const named = 'repo:acme/api:ref:refs/heads/main';

  test.each<[string, string, string, string]>([
    ['the immutable subject, before the date', immutable, '2027-03-01T00:00:00Z', 'Allowed'],
    ['the immutable subject, after the date', immutable, '2027-07-01T00:00:00Z', 'Allowed'],
    ['the name-based subject, before the date', named, '2027-03-01T00:00:00Z', 'Allowed'],
    ['the name-based tag pattern, before the date', 'repo:acme/api:ref:refs/tags/v2', '2027-03-01T00:00:00Z', 'Allowed'],
    ['the name-based subject, after the date', named, '2027-07-01T00:00:00Z', 'ImplicitlyDenied'],
    ['the name-based subject of another owner, before the date', 'repo:evil/api:ref:refs/heads/main', '2027-03-01T00:00:00Z', 'ImplicitlyDenied'],
    ['a name-based tag pattern reaching into another claim, before the date', 'repo:acme/api:ref:refs/tags/v1:environment:x', '2027-03-01T00:00:00Z', 'ImplicitlyDenied'],
    ['the name-based subject of another branch, before the date', 'repo:acme/api:ref:refs/heads/dev', '2027-03-01T00:00:00Z', 'ImplicitlyDenied'],
  ])('%s: %s', (_name, sub, now, decision) => {
    const trust = harnessTrust(CiProvider.gitHubActions({ ...ids, nameSubjectsUntil: '2027-06-30' }), GITHUB, 'sts.amazonaws.com');
    expect(trust.decide(sub, undefined, undefined, undefined, { 'aws:CurrentTime': now })).toBe(decision);
  });

  test('the name-based statements carry DateLessThan on aws:CurrentTime', () => {
    const trust = harnessTrust(CiProvider.gitHubActions({ ...ids, nameSubjectsUntil: '2027-06-30' }), GITHUB, 'sts.amazonaws.com');
    expect(trust.conditions).toContainEqual({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': named },
      DateLessThan: { 'aws:CurrentTime': '2027-06-30T00:00:00Z' },
    });
  });

  test.each<[string, string, number]>([
    ['a date that has passed', '2026-01-01', 1],
    ['a date to come', '2099-01-01', 0],
  ])('synth warns once %s', (_name, until, warnings) => {
    const app = new App();
    const stack = registryStack(app, 'Ci');
    new EcrCiPrincipal(stack, 'Ci', { provider: CiProvider.gitHubActions({ ...ids, nameSubjectsUntil: until }) });
    const messages = app.synth().getStackByName(stack.stackName).messages.filter((m) => String(m.entry.data).includes('gitHubNameSubjectsExpired'));
    expect(messages).toHaveLength(warnings);
  });

  test.each<[string, Partial<GitHubActionsProviderOptions>, RegExp]>([
    ['without ids', { ownerId: undefined, repositoryId: undefined }, /nameSubjectsUntil: got '2027-06-30': keeps the name-based subjects[^]*add ownerId and repositoryId/],
    ['a date in another format', { nameSubjectsUntil: '30/06/2027' }, /nameSubjectsUntil: got '30\/06\/2027': is not a date or time in ISO 8601/],
    ['a time with an offset', { nameSubjectsUntil: '2027-06-30T00:00:00+02:00' }, /is not a date or time in ISO 8601 \(UTC\)/],
  ])('refused: %s', (_name, options, message) => {
    expect(() => CiProvider.gitHubActions({ ...ids, nameSubjectsUntil: '2027-06-30', ...options })).toThrow(message);
  });
});

// GHE.com (data residency): https://docs.github.com/en/enterprise-cloud@latest/actions/reference/security/oidc
// ("The value of `iss` in your OIDC token would be `https://token.actions.octocorp.ghe.com`").
describe('GitHub Enterprise Cloud with data residency', () => {
  test('its own issuer and condition keys; a github.com token is denied', () => {
    const trust = harnessTrust(CiProvider.gitHubActions({ ...gh, dataResidencySubdomain: 'octocorp' }), 'https://token.actions.octocorp.ghe.com', 'sts.amazonaws.com');
    expect(trust.decide('repo:acme/api:ref:refs/heads/main')).toBe('Allowed');
    expect(trust.decide('repo:acme/api:ref:refs/heads/main', 'sts.amazonaws.com', GITHUB)).toBe('ImplicitlyDenied');
    expect(trust.decide('repo:acme/api:ref:refs/heads/main', 'sts.amazonaws.com', 'https://token.actions.evilcorp.ghe.com')).toBe('ImplicitlyDenied');
    expect(trust.conditions[0].StringEquals).toHaveProperty(['token.actions.octocorp.ghe.com:sub'], 'repo:acme/api:ref:refs/heads/main');
  });

  test('with the enterprise issuer', () => {
    const trust = harnessTrust(CiProvider.gitHubActions({ ...gh, dataResidencySubdomain: 'octocorp', enterpriseSlug: 'octocorp' }),
      'https://token.actions.octocorp.ghe.com/octocorp', 'sts.amazonaws.com');
    expect(trust.decide('repo:acme/api:ref:refs/heads/main')).toBe('Allowed');
  });

  test.each<[string, Partial<GitHubActionsProviderOptions>, RegExp]>([
    ['the full host', { dataResidencySubdomain: 'octocorp.ghe.com' }, /dataResidencySubdomain: got 'octocorp.ghe.com': is not a GHE.com subdomain[^]*'octocorp'/],
    ['with a server host', { dataResidencySubdomain: 'octocorp', enterpriseServerHost: 'github.acme.example' }, /cannot be combined with enterpriseServerHost/],
  ])('refused: %s', (_name, options, message) => {
    expect(() => CiProvider.gitHubActions({ ...gh, ...options })).toThrow(message);
  });
});

// job_workflow_ref: a condition key of its own for GitHub tokens since January 2026
// (https://aws.amazon.com/about-aws/whats-new/2026/01/aws-sts-supports-validation-identity-provider-claims/);
// the value as GitHub documents it (`octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main`,
// https://docs.github.com/en/actions/reference/security/oidc).
describe('GitHub Actions: only jobs of the named reusable workflows', () => {
  const workflow = 'acme/workflows/.github/workflows/push-image.yml@refs/heads/main';
  const trust = harnessTrust(CiProvider.gitHubActions({ ...gh, jobWorkflowRefs: [workflow, 'acme/workflows/.github/workflows/release.yml@refs/tags/v*'] }), GITHUB, 'sts.amazonaws.com');
  const claim = (ref?: string): Record<string, string> => ref === undefined ? {} : { 'token.actions.githubusercontent.com:job_workflow_ref': ref };

  test.each<[string, string | undefined, string]>([
    ['the reusable workflow on main', workflow, 'Allowed'],
    ['the release workflow at a tag', 'acme/workflows/.github/workflows/release.yml@refs/tags/v1.2', 'Allowed'],
    ['the workflow file of the repository itself', 'acme/api/.github/workflows/ci.yml@refs/heads/main', 'ImplicitlyDenied'],
    ['the reusable workflow from another branch', 'acme/workflows/.github/workflows/push-image.yml@refs/heads/dev', 'ImplicitlyDenied'],
    ['a look-alike workflow repository', 'acme/workflows-evil/.github/workflows/push-image.yml@refs/heads/main', 'ImplicitlyDenied'],
    ['a token without the claim', undefined, 'ImplicitlyDenied'],
  ])('%s', (_name, ref, decision) => {
    expect(trust.decide('repo:acme/api:ref:refs/heads/main', undefined, undefined, undefined, claim(ref))).toBe(decision);
  });

  test('the claim does not stand in for the subject', () => {
    expect(trust.decide('repo:acme/web:ref:refs/heads/main', undefined, undefined, undefined, claim(workflow))).toBe('ImplicitlyDenied');
  });

  test.each([
    ['a wildcard before the @', 'acme/*/.github/workflows/push-image.yml@refs/heads/main'],
    ['no ref', 'acme/workflows/.github/workflows/push-image.yml'],
    ['a workflow path outside .github/workflows', 'acme/workflows/push-image.yml@refs/heads/main'],
  ])('refused: %s', (_name, ref) => {
    expect(() => CiProvider.gitHubActions({ ...gh, jobWorkflowRefs: [ref] })).toThrow(/jobWorkflowRefs\[0\]: got .*: is not a job_workflow_ref/);
  });
});
