import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ciAccountAssumes, codeBuildPush, genericOidcPush, gitHubClaims, gitHubImmutableIds, gitHubPush, gitLabClaims, gitLabPush,
  GITHUB_PROVIDER_ARN, GITLAB_PROVIDER_ARN,
} from './ci-scenarios';
import { CiProvider, EcrCiPrincipal, PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { CI_ACCOUNT, OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// Trust policies are evaluated by @cloud-copilot/iam-simulate's core engine (AccessOracle.trust), with
// the token's claims as the context keys IAM derives from them: `<issuer>:sub`, `<issuer>:aud`.

const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

function trustStatements(stack: Stack): any[] {
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
  return Object.values(roles).flatMap((r: any) => r.Properties.AssumeRolePolicyDocument.Statement);
}

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

describe('GitLab trust', () => {
  const { app, stack, ci } = gitLabPush();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const assume = (sub: string, aud?: string) => oracle.trust(ci.role, GITLAB_PROVIDER_ARN, WEB_IDENTITY, gitLabClaims(sub, aud));

  test('allowed: main and release tags of the project', () => {
    expect(assume('project_path:acme/platform/api:ref_type:branch:ref:main')).toBe('Allowed');
    expect(assume('project_path:acme/platform/api:ref_type:tag:ref:v2.0.1')).toBe('Allowed');
  });

  test.each([
    ['another project', 'project_path:acme/platform/web:ref_type:branch:ref:main'],
    ['a fork in another namespace', 'project_path:forker/api:ref_type:branch:ref:main'],
    ['a look-alike project path', 'project_path:acme/platform/api-evil:ref_type:branch:ref:main'],
    ['another branch', 'project_path:acme/platform/api:ref_type:branch:ref:feature-x'],
    ['a tag named main', 'project_path:acme/platform/api:ref_type:tag:ref:main'],
    ['a branch named like a release tag', 'project_path:acme/platform/api:ref_type:branch:ref:v2.0.1'],
  ])('denied: %s', (_name, sub) => {
    expect(assume(sub)).toBe('ImplicitlyDenied');
  });

  test('denied: a wrong audience', () => {
    expect(assume('project_path:acme/platform/api:ref_type:branch:ref:main', 'sts.amazonaws.com')).toBe('ImplicitlyDenied');
  });

  test('conditions: the instance URL as audience; StringEquals for the branch, StringLike for the tag pattern', () => {
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://gitlab.com', ClientIdList: ['https://gitlab.com'] });
    expect(trustStatements(stack).map((s) => s.Condition)).toEqual([
      { StringEquals: { 'gitlab.com:aud': 'https://gitlab.com', 'gitlab.com:sub': 'project_path:acme/platform/api:ref_type:branch:ref:main' } },
      {
        StringEquals: { 'gitlab.com:aud': 'https://gitlab.com' },
        StringLike: { 'gitlab.com:sub': 'project_path:acme/platform/api:ref_type:tag:ref:v*' },
        StringNotLike: { 'gitlab.com:sub': '*:*:*:*:*:*:*' },
      },
    ]);
  });

  test('self-managed GitLab: its own issuer and condition keys', () => {
    const app2 = new App();
    const s = registryStack(app2, 'Ci');
    new EcrCiPrincipal(s, 'Ci', { provider: CiProvider.gitLab({ projectPath: 'acme/api', branches: ['main'], instanceUrl: 'https://gitlab.acme.example' }) });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://gitlab.acme.example', ClientIdList: ['https://gitlab.acme.example'] });
    expect(trustStatements(s)[0].Condition.StringEquals).toEqual({
      'gitlab.acme.example:aud': 'https://gitlab.acme.example', 'gitlab.acme.example:sub': 'project_path:acme/api:ref_type:branch:ref:main',
    });
  });
});

describe('CodeBuild trust', () => {
  const { app, stack, ci } = codeBuildPush();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const project = (account: string, name: string) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:codebuild:${REGION}:${account}:project/${name}` });

  test('allowed: CodeBuild running the named project of this account', () => {
    expect(oracle.trust(ci.role, 'codebuild.amazonaws.com', 'sts:AssumeRole', project(REGISTRY_ACCOUNT, 'api-build'))).toBe('Allowed');
  });

  test('denied: another project, another account\'s project (confused deputy), no source, another service', () => {
    expect(oracle.trust(ci.role, 'codebuild.amazonaws.com', 'sts:AssumeRole', project(REGISTRY_ACCOUNT, 'web-build'))).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, 'codebuild.amazonaws.com', 'sts:AssumeRole', project(OTHER_ACCOUNT, 'api-build'))).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, 'codebuild.amazonaws.com', 'sts:AssumeRole')).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, 'ec2.amazonaws.com', 'sts:AssumeRole', project(REGISTRY_ACCOUNT, 'api-build'))).toBe('ImplicitlyDenied');
  });

  test('conditions: aws:SourceAccount and aws:SourceArn (ArnEquals for a name)', () => {
    expect(trustStatements(stack)).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'codebuild.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': REGISTRY_ACCOUNT },
        ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:codebuild:${REGION}:${REGISTRY_ACCOUNT}:project/api-build`]] } },
      },
    }]);
  });

  test('without project names: any project of this account, still pinned by aws:SourceAccount', () => {
    const app2 = new App();
    const s = registryStack(app2, 'Ci');
    const any = new EcrCiPrincipal(s, 'Ci', { provider: CiProvider.codeBuild() });
    const o = new AccessOracle(new SynthesizedApp(app2));
    expect(trustStatements(s)[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': REGISTRY_ACCOUNT } });
    expect(o.trust(any.role, 'codebuild.amazonaws.com', 'sts:AssumeRole', project(REGISTRY_ACCOUNT, 'anything'))).toBe('Allowed');
    expect(o.trust(any.role, 'codebuild.amazonaws.com', 'sts:AssumeRole', project(OTHER_ACCOUNT, 'anything'))).toBe('ImplicitlyDenied');
  });
});

describe('CI account trust', () => {
  const { app, stack, ci } = ciAccountAssumes();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const jenkins = `arn:aws:iam::${CI_ACCOUNT}:role/jenkins`;

  // a principal of another account needs its own identity policy for sts:AssumeRole as well as the trust
  const mayAssume = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${REGISTRY_ACCOUNT}:role/jenkins-ecr-push` }] }];

  test('allowed: a principal of the CI account with the external id (and its account\'s permission to assume)', () => {
    expect(oracle.trust(ci.role, jenkins, 'sts:AssumeRole', { 'sts:ExternalId': 'jenkins-7f3a' }, mayAssume)).toBe('Allowed');
  });

  test('denied: without or with another external id, from another account, without the CI account\'s permission, by web identity', () => {
    expect(oracle.trust(ci.role, jenkins, 'sts:AssumeRole', {}, mayAssume)).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, jenkins, 'sts:AssumeRole', { 'sts:ExternalId': 'guess' }, mayAssume)).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, `arn:aws:iam::${OTHER_ACCOUNT}:role/jenkins`, 'sts:AssumeRole', { 'sts:ExternalId': 'jenkins-7f3a' }, mayAssume)).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, jenkins, 'sts:AssumeRole', { 'sts:ExternalId': 'jenkins-7f3a' })).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, GITHUB_PROVIDER_ARN, WEB_IDENTITY, gitHubClaims('repo:acme/api:ref:refs/heads/main'))).toBe('ImplicitlyDenied');
  });

  test('conditions: the account root and sts:ExternalId; the role has the name the CI account refers to', () => {
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'jenkins-ecr-push',
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${CI_ACCOUNT}:root`]] } },
          Condition: { StringEquals: { 'sts:ExternalId': 'jenkins-7f3a' } },
        }],
      },
    });
  });
});

describe('any OIDC issuer', () => {
  const { app, stack, ci } = genericOidcPush();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const provider = `arn:aws:iam::${REGISTRY_ACCOUNT}:oidc-provider/agent.buildkite.com`;
  const claims = (sub: string, aud = 'sts.amazonaws.com') => ({ 'agent.buildkite.com:sub': sub, 'agent.buildkite.com:aud': aud });

  test('allowed: a step of the pipeline on main; denied: another pipeline, another branch, a wrong audience', () => {
    expect(oracle.trust(ci.role, provider, WEB_IDENTITY, claims('organization:acme:pipeline:api:ref:refs/heads/main:commit:abc123:step:build'))).toBe('Allowed');
    expect(oracle.trust(ci.role, provider, WEB_IDENTITY, claims('organization:acme:pipeline:web:ref:refs/heads/main:commit:abc123:step:build'))).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, provider, WEB_IDENTITY, claims('organization:acme:pipeline:api:ref:refs/heads/dev:commit:abc123:step:build'))).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, provider, WEB_IDENTITY, claims('organization:acme:pipeline:api:ref:refs/heads/main:commit:abc123:step:build', 'x'))).toBe('ImplicitlyDenied');
  });

  test('conditions: aud with StringEquals, the wildcard subject with StringLike', () => {
    expect(trustStatements(stack)[0].Condition).toEqual({
      StringEquals: { 'agent.buildkite.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'agent.buildkite.com:sub': 'organization:acme:pipeline:api:ref:refs/heads/main:commit:*:step:*' },
      StringNotLike: { 'agent.buildkite.com:sub': '*:*:*:*:*:*:*:*:*:*:*' },
    });
  });

  test('a subject-less trust only through its unsafe opt-in, and then with the audience still pinned', () => {
    const app2 = new App();
    const s = registryStack(app2, 'Ci');
    new EcrCiPrincipal(s, 'Ci', { provider: CiProvider.oidc({ issuer: 'https://agent.buildkite.com', audience: 'sts.amazonaws.com', unsafeAllowAnySubject: true }) });
    expect(trustStatements(s)[0].Condition).toEqual({ StringEquals: { 'agent.buildkite.com:aud': 'sts.amazonaws.com' } });
  });
});

describe('one IAM OIDC provider per issuer per account', () => {
  // a second one fails the deployment ("Provider with url https://token.actions.githubusercontent.com already exists")
  const github = (repository: string, extra: Partial<Parameters<typeof CiProvider.gitHubActions>[0]> = {}) =>
    CiProvider.gitHubActions({ owner: 'acme', repository, branches: ['main'], ...extra });

  function providers(stack: Stack): Record<string, any> {
    return Template.fromStack(stack).findResources('AWS::IAM::OIDCProvider');
  }

  test('principals of one stack share one provider, which lists every audience they use', () => {
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    new EcrCiPrincipal(stack, 'Api', { provider: github('api') });
    new EcrCiPrincipal(stack, 'Web', { provider: github('web', { audience: 'ecr-web' }) });
    const found = Object.values(providers(stack));
    expect(found).toHaveLength(1);
    expect(found[0].Properties.ClientIdList).toEqual(['sts.amazonaws.com', 'ecr-web']);
  });

  test('a second stack of the same account (another region too) refers to the first one\'s provider and deploys after it', () => {
    const app = new App();
    const first = new Stack(app, 'CiEast', { env: { account: REGISTRY_ACCOUNT, region: 'us-east-1' } });
    const second = new Stack(app, 'CiWest', { env: { account: REGISTRY_ACCOUNT, region: 'eu-west-1' } });
    new EcrCiPrincipal(first, 'Api', { provider: github('api') });
    const web = new EcrCiPrincipal(second, 'Web', { provider: github('web', { audience: 'ecr-web' }) });

    expect(Object.keys(providers(first))).toHaveLength(1);
    expect(Object.keys(providers(second))).toHaveLength(0);
    expect(second.dependencies).toContain(first);
    expect(Object.values(providers(first))[0].Properties.ClientIdList).toEqual(['sts.amazonaws.com', 'ecr-web']);
    Template.fromStack(second).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Principal: { Federated: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${REGISTRY_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`]] } },
        }],
      },
    });
    const oracle = new AccessOracle(new SynthesizedApp(app));
    expect(oracle.trust(web.role, GITHUB_PROVIDER_ARN, 'sts:AssumeRoleWithWebIdentity', gitHubClaims('repo:acme/web:ref:refs/heads/main', 'ecr-web'))).toBe('Allowed');
  });

  test('stacks of different accounts each create their own', () => {
    const app = new App();
    const a = new Stack(app, 'A', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const b = new Stack(app, 'B', { env: { account: CI_ACCOUNT, region: REGION } });
    new EcrCiPrincipal(a, 'Ci', { provider: github('api') });
    new EcrCiPrincipal(b, 'Ci', { provider: github('api') });
    expect(Object.keys(providers(a))).toHaveLength(1);
    expect(Object.keys(providers(b))).toHaveLength(1);
    expect(b.dependencies).not.toContain(a);
  });

  test('two stacks whose accounts are known only at deploy time: a clear error, not a failed deployment', () => {
    const app = new App();
    new EcrCiPrincipal(new Stack(app, 'A'), 'Ci', { provider: github('api') });
    expect(() => new EcrCiPrincipal(new Stack(app, 'B'), 'Ci', { provider: github('web') }))
      .toThrow(/needs an IAM OIDC provider for https:\/\/token.actions.githubusercontent.com, and 'A\/OidcProvider-token.actions.githubusercontent.com' already creates one[^]*Fix: set env.account on both stacks/);
  });

  test('a dependency cycle between the stacks: a clear error at synth naming both stacks, why, and the way out', () => {
    const app = new App();
    const a = new Stack(app, 'A', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const b = new Stack(app, 'B', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    new EcrCiPrincipal(a, 'Ci', { provider: github('api') });
    a.addDependency(b);
    new EcrCiPrincipal(b, 'Ci', { provider: github('web') });
    expect(() => app.synth()).toThrow(new RegExp("\\[B/Ci\\] EcrCiPrincipal at 'B/Ci' trusts the IAM OIDC provider for https://token.actions.githubusercontent.com " +
      "that 'A/OidcProvider-token.actions.githubusercontent.com' creates in stack 'A' [^]*so stack 'B' must deploy after 'A', " +
      "but stack 'A' already deploys after 'B' \\('A' after 'B'[^]*Fix: create the provider once \\(new iam.OidcProviderNative\\(...\\)\\) " +
      "in a stack that both 'B' and 'A' deploy after, and pass it to both CI providers as oidcProvider; or put both principals in one stack."));
  });

  test('the first principal\'s stack later uses a repository of the second\'s (sweep seed 183): the same error, not aws-cdk-lib\'s cyclic reference', () => {
    // GIVEN: the provider is created in Shared; Registry's principal trusts it, so Registry must deploy after Shared
    const app = new App();
    const registry = registryStack(app);
    const shared = new Stack(app, 'Shared', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const repository = new PushableRepository(registry, 'R1');
    const first = new EcrCiPrincipal(shared, 'Ci1', { provider: github('platform') });
    new EcrCiPrincipal(registry, 'Ci2', { provider: github('platform') });

    // WHEN: Shared's principal pushes to Registry's repository, so Shared refers to Registry
    first.allowPush(repository);

    // THEN
    let error: Error | undefined;
    try {
      app.synth();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/\[Registry\/Ci2\] EcrCiPrincipal at 'Registry\/Ci2' trusts the IAM OIDC provider for https:\/\/token.actions.githubusercontent.com[^]*but stack 'Shared' already deploys after 'Registry'[^]*Fix: create the provider once/);
    expect(error?.message).not.toMatch(/cyclic reference/);
  });

  test('the dependency is added at synth, after the references: a stack that uses the first one\'s values is no cycle', () => {
    // GIVEN: Registry creates the provider; Shared's principal trusts it and pushes to Registry's repository
    const app = new App();
    const registry = registryStack(app);
    const shared = new Stack(app, 'Shared', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const repository = new PushableRepository(registry, 'R1');
    new EcrCiPrincipal(registry, 'Ci1', { provider: github('platform') });
    const second = new EcrCiPrincipal(shared, 'Ci2', { provider: github('platform') });
    second.allowPush(repository);

    // WHEN
    const assembly = app.synth();

    // THEN
    expect(shared.dependencies).toEqual([registry]);
    expect(assembly.getStackByName('Shared').dependencies.map((d) => d.id)).toContain('Registry');
  });

  test('a given provider is used as is, and none is created', () => {
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    const existing = iam.OidcProviderNative.fromOidcProviderArn(stack, 'GitHub', GITHUB_PROVIDER_ARN);
    new EcrCiPrincipal(stack, 'Ci', { provider: github('api', { oidcProvider: existing }) });
    expect(Object.keys(providers(stack))).toHaveLength(0);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Federated: GITHUB_PROVIDER_ARN } }] },
    });
  });

  test('a provider created by hand for the same URL in the same account fails synth, naming both', () => {
    const app = new App();
    const stack = new Stack(app, 'Ci', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    new iam.OidcProviderNative(stack, 'HandMade', { url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] });
    new EcrCiPrincipal(stack, 'Ci', { provider: github('api') });
    expect(() => app.synth()).toThrow(/'Ci\/HandMade\/Resource' also creates an IAM OIDC provider for https:\/\/token.actions.githubusercontent.com in this account[^]*Fix: pass that provider to the CI provider as oidcProvider/);
  });

  test('a hand-made provider in another account is no clash', () => {
    const app = new App();
    const other = new Stack(app, 'Other', { env: { account: CI_ACCOUNT, region: REGION } });
    new iam.OidcProviderNative(other, 'HandMade', { url: 'https://token.actions.githubusercontent.com' });
    new EcrCiPrincipal(new Stack(app, 'Ci', { env: { account: REGISTRY_ACCOUNT, region: REGION } }), 'Ci', { provider: github('api') });
    expect(() => app.synth()).not.toThrow();
  });
});
