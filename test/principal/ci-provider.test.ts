import { App, CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountProviderOptions, CiProvider, CodeBuildProviderOptions, EcrCiPrincipal, GenericOidcProviderOptions } from '../../src';
import { registryStack } from '../helpers/scenarios';

// Bad input is a synth-time error that names the property, the bad value and the fix, every
// problem at once, thrown where the user wrote it (the factory call, the constructor, the method).

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
