import { App, CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AccountProviderOptions, CiProvider, CodeBuildProviderOptions, EcrCiPrincipal, EcrCiPrincipalProps, GenericOidcProviderOptions,
  GitHubActionsProviderOptions, GitLabProviderOptions,
} from '../../src';
import { registryStack } from '../helpers/scenarios';

// Bad input is a synth-time error that names the property, the bad value and the fix, every
// problem at once, thrown where the user wrote it (the factory call, the constructor, the method).

const gh: GitHubActionsProviderOptions = { owner: 'acme', repository: 'api', branches: ['main'] };

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

  test('the error carries no stack trace into the user\'s output', () => {
    let error: Error | undefined;
    try { CiProvider.gitHubActions({ owner: '*', repository: 'api', branches: ['main'] }); } catch (e) { error = e as Error; }
    expect(error?.name).toBe('ValidationError');
    expect(error?.stack).toBe(`ValidationError: ${error?.message}`);
  });

  test('the unsafe opt-ins are accepted, each for what it names', () => {
    expect(() => CiProvider.gitHubActions({ owner: 'acme', repository: 'api', unsafeAllowAllWorkflowRuns: true })).not.toThrow();
    expect(() => CiProvider.gitHubActions({ ...gh, repository: 'svc-*', unsafeAllowWildcardRepository: true })).not.toThrow();
    expect(() => CiProvider.gitHubActions({ ...gh, owner: 'acme-*', unsafeAllowWildcardOwner: true })).not.toThrow();
    // one opt-in does not open the other
    expect(() => CiProvider.gitHubActions({ ...gh, owner: 'acme-*', repository: '*', unsafeAllowWildcardOwner: true })).toThrow(/repository: got '\*'/);
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

describe('CiProvider.codeBuild(), account() and oidc()', () => {
  test.each<[string, CodeBuildProviderOptions, RegExp]>([
    ['a project ARN', { projectNames: ['arn:aws:codebuild:us-east-1:111111111111:project/api'] }, /projectNames\[0\]: got 'arn:aws:codebuild[^']*': is not a CodeBuild project name[^]*not its ARN/],
    ['a one-letter project', { projectNames: ['a'] }, /projectNames\[0\]: got 'a'/],
    ['an empty list', { projectNames: [] }, /projectNames: got \[\]: is empty/],
  ])('codeBuild: %s', (_name, options, message) => {
    expect(() => CiProvider.codeBuild(options)).toThrow(message);
  });

  test.each<[string, string, AccountProviderOptions, RegExp]>([
    ['an 11-digit account', '33333333333', {}, /accountId: got '33333333333': is not an AWS account id \(exactly 12 digits\)/],
    ['an account with dashes', '3333-3333-3333', {}, /accountId: got '3333-3333-3333'[^]*no dashes/],
    ['an account ARN', 'arn:aws:iam::333333333333:root', {}, /accountId: got 'arn:aws:iam::333333333333:root'/],
    ['an external id with a space', '333333333333', { externalId: 'my id' }, /externalId: got 'my id': is not an external id STS accepts/],
    ['a one-character external id', '333333333333', { externalId: 'x' }, /externalId: got 'x'/],
  ])('account: %s', (_name, accountId, options, message) => {
    expect(() => CiProvider.account(accountId, options)).toThrow(message);
  });

  const bk: GenericOidcProviderOptions = { issuer: 'https://agent.buildkite.com', audience: 'sts.amazonaws.com', subjects: ['organization:acme:pipeline:api:*'] };
  test.each<[string, Partial<GenericOidcProviderOptions>, RegExp]>([
    ['no subjects', { subjects: undefined }, /subjects: is missing and names no subject, so any workload the issuer signs a token for could assume the role[^]*unsafeAllowAnySubject: true/],
    ['an empty subject list', { subjects: [] }, /subjects: got \[\]: names no subject/],
    ['a lone * subject', { subjects: ['*'] }, /subjects\[0\]: got '\*': matches every subject/],
    ['an empty subject', { subjects: [''] }, /subjects\[0\]: got '': matches every subject/],
    ['subjects with the any-subject opt-in', { unsafeAllowAnySubject: true }, /unsafeAllowAnySubject: got true: trusts every subject when used alone[^]*so with them it would have no effect/],
    ['an issuer with a fragment', { issuer: 'https://agent.buildkite.com#x' }, /issuer: got 'https:\/\/agent.buildkite.com#x'[^]*Fix: drop the query or fragment/],
    ['an issuer in upper case', { issuer: 'https://Agent.Buildkite.com' }, /Fix: write the host in lower case: 'https:\/\/agent.buildkite.com'/],
    ['a wildcard audience', { audience: '*' }, /audience: got '\*': holds a wildcard/],
  ])('oidc: %s', (_name, options, message) => {
    expect(() => CiProvider.oidc({ ...bk, ...options })).toThrow(message);
  });
});

describe('EcrCiPrincipal', () => {
  const provider = CiProvider.gitHubActions(gh);
  const build = (props: Partial<EcrCiPrincipalProps>) => () => new EcrCiPrincipal(registryStack(new App(), 'Ci'), 'Ci', { provider, ...props } as EcrCiPrincipalProps);

  test.each<[string, Partial<EcrCiPrincipalProps>, RegExp]>([
    ['no provider', { provider: undefined }, /^Invalid EcrCiPrincipal props at 'Ci\/Ci' \(1 problem\):\n {2}- provider: is missing and must say who assumes the role/],
    ['a role name with a space', { roleName: 'ci role' }, /roleName: got 'ci role': is not an IAM role name[^]*Fix: use a name such as 'ci-role'/],
    ['a role name over 64 characters', { roleName: 'r'.repeat(65) }, /roleName: got 'r{65}'/],
    ['a session of 30 minutes', { maxSessionDuration: Duration.minutes(30) }, /maxSessionDuration: got 'Duration.minutes\(30\)': is outside what IAM allows \(one to twelve hours\)/],
    ['a session of a day', { maxSessionDuration: Duration.days(1) }, /maxSessionDuration: got 'Duration.days\(1\)'/],
    ['a push entry that is not a repository', { push: ['team-a/api' as any] }, /push\[0\]: got 'team-a\/api': is not an ECR repository[^]*fromRepositoryName/],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test.each([
    ['an upper-case namespace', 'Team-A/', /namespace: got 'Team-A\/': is not a repository namespace[^]*Fix: use a namespace such as 'team-a\/'/],
    ['a wildcard before the end', 'team-*/api', /namespace: got 'team-\*\/api': holds a wildcard before its end[^]*Fix: use 'team-\*' for the names that start with 'team-', or 'team\/' for the namespace/],
    ['an empty namespace', '', /namespace: got '': would cover every repository of the account/],
    ['every repository', '*', /namespace: got '\*': would cover every repository of the account/],
    ['a namespace starting with a slash', '/team-a', /namespace: got '\/team-a'/],
    ['a text prefix without its *', 'sandbox-', /namespace: got 'sandbox-': is not a repository namespace[^]*Fix: write 'sandbox-\*' for the names that start with 'sandbox-' \(a text pattern\), or 'sandbox\/' for the namespace/],
  ])('allowCreateRepositories: %s', (_name, namespace, message) => {
    const ci = build({})();
    expect(() => ci.allowCreateRepositories(namespace)).toThrow(new RegExp(`^Invalid EcrCiPrincipal.allowCreateRepositories\\(\\) at 'Ci/Ci'[^]*${message.source}`));
  });
});

describe('deploy-time values are never validated at synth', () => {
  test('parameters for owner, repository, branch, audience, account, external id, role name and prefix are accepted as given', () => {
    const stack = registryStack(new App(), 'Ci');
    const param = (id: string) => new CfnParameter(stack, id).valueAsString;
    const ci = new EcrCiPrincipal(stack, 'GitHub', {
      provider: CiProvider.gitHubActions({ owner: param('Owner'), repository: param('Repo'), branches: [param('Branch')], audience: param('Aud') }),
      roleName: param('RoleName'),
    });
    ci.allowCreateRepositories(param('Prefix'));
    new EcrCiPrincipal(stack, 'CiAccount', { provider: CiProvider.account(param('Account'), { externalId: param('ExternalId') }) });
    new EcrCiPrincipal(stack, 'GitLab', { provider: CiProvider.gitLab({ projectPath: Lazy.string({ produce: () => 'acme/api' }), tags: ['v*'] }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 3);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': { Ref: 'Aud' },
              'token.actions.githubusercontent.com:sub': { 'Fn::Join': ['', ['repo:', { Ref: 'Owner' }, '/', { Ref: 'Repo' }, ':ref:refs/heads/', { Ref: 'Branch' }]] },
            },
          },
        }],
      },
    });
  });

  test('a deploy-time list of branches is refused: each branch is its own subject', () => {
    const stack = new Stack();
    const branches = new CfnParameter(stack, 'Branches', { type: 'CommaDelimitedList' }).valueAsList;
    expect(() => CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches }))
      .toThrow(/branches: got 'a deploy-time list': cannot be turned into one trusted subject per entry at synth/);
  });
});
