import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { gitLabClaims, gitLabPush, GITLAB_PROVIDER_ARN } from './ci-scenarios';
import { CiProvider, EcrCiPrincipal, GitLabProviderOptions } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { registryStack } from '../helpers/scenarios';

// Trust policies are evaluated by @cloud-copilot/iam-simulate's core engine (AccessOracle.trust), with
// the token's claims as the context keys IAM derives from them: `<issuer>:sub`, `<issuer>:aud`.

const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

function trustStatements(stack: Stack): any[] {
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
  return Object.values(roles).flatMap((r: any) => r.Properties.AssumeRolePolicyDocument.Statement);
}

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

describe('CiProvider.gitLab()', () => {
  const gl: GitLabProviderOptions = { projectPath: 'acme/api', branches: ['main'] };
  test.each<[string, Partial<GitLabProviderOptions>, RegExp]>([
    ['a project without a group', { projectPath: 'api' }, /projectPath: got 'api': is not a GitLab project path/],
    ['a project URL', { projectPath: 'https://gitlab.com/acme/api.git' }, /projectPath: got 'https:\/\/gitlab.com\/acme\/api.git': is a URL or clone path[^]*Fix: pass projectPath: 'acme\/api'/],
    ['a wildcard project', { projectPath: 'acme/*' }, /projectPath: got 'acme\/\*': holds a wildcard[^]*unsafeAllowWildcardProjectPath: true/],
    ['a segment with a space', { projectPath: 'acme/my api' }, /projectPath: got 'acme\/my api'/],
    ['no filter', { branches: undefined }, /branches, tags: is missing and the role needs at least one of them[^]*unsafeAllowAllPipelines: true/],
    ['an empty tag list', { tags: [] }, /tags: got \[\]: is empty/],
    ['a full ref', { branches: ['refs/heads/main'] }, /branches\[0\]: got 'refs\/heads\/main': is a full git ref/],
    ['an http instance', { instanceUrl: 'http://gitlab.acme.example' }, /instanceUrl: got 'http:\/\/gitlab.acme.example'[^]*Fix: IAM accepts only https issuers: use 'https:\/\/gitlab.acme.example'/],
    ['an instance with a trailing slash', { instanceUrl: 'https://gitlab.acme.example/' }, /Fix: drop the trailing '\/': 'https:\/\/gitlab.acme.example'/],
    ['an instance with a port', { instanceUrl: 'https://gitlab.acme.example:8443' }, /Fix: drop the port/],
    ['an instance without scheme', { instanceUrl: 'gitlab.acme.example' }, /Fix: add the scheme: 'https:\/\/gitlab.acme.example'/],
    ['an instance with a query', { instanceUrl: 'https://gitlab.acme.example/?x=1' }, /instanceUrl: got 'https:\/\/gitlab.acme.example\/\?x=1'/],
    ['all pipelines with filters', { unsafeAllowAllPipelines: true }, /unsafeAllowAllPipelines: got true: already lets every pipeline/],
  ])('%s', (_name, options, message) => {
    expect(() => CiProvider.gitLab({ ...gl, ...options })).toThrow(message);
  });
});
