import { App, CfnParameter, Token } from 'aws-cdk-lib';
import { CiProvider, EcrCiPrincipal } from '../../src';
import { registryStack } from '../helpers/scenarios';

// Every CiProvider factory answers missing or wrong-typed options (JavaScript callers, `as any`,
// values read from JSON) with the property and the fix, never a TypeError from inside the library.
// They answer at the factory call, where the user wrote the options: the construct that binds the
// provider later adds nothing the message needs.

const any = (value: unknown) => value as any;

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe.each<[string, (options: any) => CiProvider]>([
  ['gitHubActions', (o) => CiProvider.gitHubActions(o)],
  ['gitLab', (o) => CiProvider.gitLab(o)],
  ['oidc', (o) => CiProvider.oidc(o)],
])('CiProvider.%s() with no options object', (name, factory) => {
  test.each([
    ['undefined', undefined, /options: is missing and must be an options object\. Fix: pass \{/],
    ['null', null, /options: is missing and must be an options object/],
    ['a number', 42, /options: got 42: must be an options object/],
    ['a list', ['acme/api'], /options: got \["acme\/api"\]: must be an options object/],
  ])('%s: a ValidationError naming options and the fix', (_case, value, message) => {
    const error = thrown(() => factory(value));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(new RegExp(`^Invalid CiProvider\\.${name}\\(\\) options \\(1 problem\\)`));
    expect(error.message).toMatch(message);
  });
});

test('a string where the options belong: the fix builds the options from it', () => {
  expect(() => CiProvider.gitLab(any('acme/api'))).toThrow(/options: got 'acme\/api': must be an options object\. Fix: pass \{ projectPath: 'acme\/api', branches: \['main'\] \}/);
  expect(() => CiProvider.codeBuild(any('api-build'))).toThrow(/options: got 'api-build': must be an options object\. Fix: pass \{ projectNames: \['api-build'\] \}/);
  expect(() => CiProvider.gitHubActions(any('acme/api'))).toThrow(/Fix: pass \{ owner: 'acme', repository: 'api', branches: \['main'\] \}/);
});

describe('wrong-typed properties', () => {
  const gh = { owner: 'acme', repository: 'api', branches: ['main'] };
  test.each<[string, () => unknown, RegExp]>([
    ['a number as owner', () => CiProvider.gitHubActions(any({ ...gh, owner: 42 })), /owner: got 42: is not a string\. Fix: quote it: owner: '42'/],
    ['an object as repository', () => CiProvider.gitHubActions(any({ ...gh, repository: { name: 'api' } })), /repository: got \{"name":"api"\}: is not a string/],
    ['one branch as a string', () => CiProvider.gitHubActions(any({ ...gh, branches: 'main' })), /branches: got 'main': is one value, not a list\. Fix: put it in a list: branches: \['main'\]/],
    ['a number for a branch', () => CiProvider.gitHubActions(any({ ...gh, branches: ['main', 2] })), /branches\[1\]: got 2: is not a string\. Fix: quote it: '2'/],
    ['a number for a tag', () => CiProvider.gitHubActions(any({ ...gh, tags: [1.5] })), /tags\[0\]: got 1\.5: is not a string/],
    ['null in the environments', () => CiProvider.gitHubActions(any({ ...gh, environments: [null] })), /environments\[0\]: got null: is not a string/],
    ['a map as environments', () => CiProvider.gitHubActions(any({ ...gh, environments: { prod: true } })), /environments: got \{"prod":true\}: is not a list of strings/],
    ['a string for pullRequests', () => CiProvider.gitHubActions(any({ ...gh, pullRequests: 'yes' })), /pullRequests: got 'yes': is not true or false\. Fix: pass pullRequests: true or leave it out/],
    ['a quoted id', () => CiProvider.gitHubActions(any({ ...gh, ownerId: '1234', repositoryId: 5 })), /ownerId: got '1234': is not a number\. Fix: pass it unquoted: ownerId: 1234/],
    ['a number as audience', () => CiProvider.gitHubActions(any({ ...gh, audience: 7 })), /audience: got 7: is not a string/],
    ['a number as server host', () => CiProvider.gitHubActions(any({ ...gh, enterpriseServerHost: 1 })), /enterpriseServerHost: got 1: is not a string/],
    ['an ARN as oidcProvider', () => CiProvider.gitHubActions(any({ ...gh, oidcProvider: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com' })),
      /oidcProvider: got 'arn:aws:iam::111111111111:oidc-provider\/token.actions.githubusercontent.com': is not an IAM OIDC provider\. Fix: pass the provider construct, e\.g\. iam\.OidcProviderNative\.fromOidcProviderArn\(this, 'Provider', 'arn:aws:iam::111111111111:oidc-provider\/token.actions.githubusercontent.com'\)/],
    ['a string opt-in', () => CiProvider.gitHubActions(any({ owner: 'acme', repository: 'api', unsafeAllowAllWorkflowRuns: 'true' })), /unsafeAllowAllWorkflowRuns: got 'true': is not true or false/],
    ['a number as GitLab project path', () => CiProvider.gitLab(any({ projectPath: 7, branches: ['main'] })), /projectPath: got 7: is not a string/],
    ['GitLab tags as a string', () => CiProvider.gitLab(any({ projectPath: 'acme/api', tags: 'v*' })), /tags: got 'v\*': is one value, not a list/],
    ['a number as GitLab instance', () => CiProvider.gitLab(any({ projectPath: 'acme/api', branches: ['main'], instanceUrl: 443 })), /instanceUrl: got 443: is not a string/],
    ['a list as oidc issuer', () => CiProvider.oidc(any({ issuer: ['https://agent.buildkite.com'], audience: 'sts.amazonaws.com', subjects: ['organization:acme:*'] })), /issuer: got \["https:\/\/agent.buildkite.com"\]: is not a string/],
    ['oidc subjects as a string', () => CiProvider.oidc(any({ issuer: 'https://agent.buildkite.com', audience: 'sts.amazonaws.com', subjects: 'organization:acme:pipeline:api:*' })),
      /subjects: got 'organization:acme:pipeline:api:\*': is one value, not a list/],
    ['oidc without issuer, with a provider', () => CiProvider.oidc(any({ audience: 'sts.amazonaws.com', subjects: ['x:y'], oidcProvider: { oidcProviderRef: { oidcProviderArn: 'arn:aws:iam::1:oidc-provider/x' } } })),
      /issuer: got '': is not an OIDC issuer URL/],
    ['codeBuild project names as a string', () => CiProvider.codeBuild(any({ projectNames: 'api-build' })), /projectNames: got 'api-build': is one value, not a list\. Fix: put it in a list: projectNames: \['api-build'\]/],
    ['an account id as a number', () => CiProvider.account(any(333333333333)), /accountId: got 333333333333: is not a string\. Fix: quote it: accountId: '333333333333' \(as a number, an account id loses its leading zeros\)/],
    ['an external id as a number', () => CiProvider.account('333333333333', any({ externalId: 1234 })), /externalId: got 1234: is not a string/],
    ['account options as a string', () => CiProvider.account('333333333333', any('jenkins-7f3a')), /options: got 'jenkins-7f3a': must be an options object\. Fix: pass \{ externalId: 'ci-2f9a' \}/],
  ])('%s', (_name, run, message) => {
    const error = thrown(run);
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(message);
  });

  test('a wrong type is reported once, not again as missing, and beside the value problems', () => {
    const error = thrown(() => CiProvider.gitHubActions(any({ owner: 42, repository: 'acme/api', branches: 'main' })));
    expect(error.message).toMatch(/^Invalid CiProvider\.gitHubActions\(\) options \(3 problems\):/);
    expect(error.message).toMatch(/owner: got 42[^]*branches: got 'main'[^]*repository: got 'acme\/api'/);
    expect(error.message).not.toMatch(/is missing/);
  });
});

describe('absent and null are the same, and deploy-time values are never type-checked', () => {
  test('null optional properties and options are absent', () => {
    expect(() => CiProvider.gitHubActions(any({ owner: 'acme', repository: 'api', branches: ['main'], tags: null, audience: null }))).not.toThrow();
    expect(() => CiProvider.codeBuild(any(null))).not.toThrow();
    expect(() => CiProvider.account('333333333333', any(null))).not.toThrow();
  });

  test('null for a required property: missing', () => {
    expect(() => CiProvider.gitHubActions(any({ owner: null, repository: 'api', branches: ['main'] }))).toThrow(/owner: is missing and must name the owner/);
    expect(() => CiProvider.account(any(null))).toThrow(/accountId: is missing and must name the CI account/);
  });

  test('a deploy-time number id and a deploy-time list are accepted as given', () => {
    const stack = registryStack(new App(), 'Ci');
    const id = Token.asNumber(new CfnParameter(stack, 'OwnerId', { type: 'Number' }).valueAsNumber);
    const tags = new CfnParameter(stack, 'Tags', { type: 'CommaDelimitedList' }).valueAsList;
    expect(() => new EcrCiPrincipal(stack, 'Ci', {
      provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', ownerId: id, repositoryId: id, branches: ['main'] }),
    })).not.toThrow();
    expect(() => CiProvider.gitHubActions({ owner: 'acme', repository: 'api', tags })).toThrow(/tags: got 'a deploy-time list': cannot be turned into one trusted subject/);
  });
});
