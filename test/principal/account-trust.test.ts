import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ciAccountAssumes, gitHubClaims, GITHUB_PROVIDER_ARN } from './ci-scenarios';
import { CiProvider, EcrCiPrincipal } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { CI_ACCOUNT, OTHER_ACCOUNT, REGISTRY_ACCOUNT, registryStack } from '../helpers/scenarios';

// Trust policies are evaluated by @cloud-copilot/iam-simulate's core engine (AccessOracle.trust), with
// the token's claims as the context keys IAM derives from them: `<issuer>:sub`, `<issuer>:aud`.

const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

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

// Session tags in a role chain: STS asks the trust policy for sts:TagSession whenever the caller
// passes tags (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html); without
// conditions, the caller would choose the tags that aws:PrincipalTag conditions rely on.
describe('CI account trust with session tags', () => {
  const jenkins = `arn:aws:iam::${CI_ACCOUNT}:role/jenkins`;
  const mayTag = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }] }];
  const tagging = (tags: Record<string, string>, externalId = 'jenkins-7f3a') => ({
    'sts:ExternalId': externalId, 'aws:TagKeys': Object.keys(tags), ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
  });
  function taggedRole() {
    const app = new App();
    const stack = registryStack(app, 'Ci');
    const ci = new EcrCiPrincipal(stack, 'Ci', {
      provider: CiProvider.account(CI_ACCOUNT, { externalId: 'jenkins-7f3a', allowedSessionTags: [{ key: 'team', values: ['platform', 'data'] }, { key: 'env', values: ['prod'] }] }),
    });
    return { stack, ci, oracle: new AccessOracle(new SynthesizedApp(app)) };
  }

  test.each<[string, Record<string, string>, string, string]>([
    ['an allowed key and value', { team: 'platform' }, 'jenkins-7f3a', 'Allowed'],
    ['both keys', { team: 'data', env: 'prod' }, 'jenkins-7f3a', 'Allowed'],
    ['another value', { team: 'security' }, 'jenkins-7f3a', 'ImplicitlyDenied'],
    ['another key', { admin: 'true' }, 'jenkins-7f3a', 'ImplicitlyDenied'],
    ['an allowed tag with another key', { team: 'platform', admin: 'true' }, 'jenkins-7f3a', 'ImplicitlyDenied'],
    ['without the external id', { team: 'platform' }, 'guess', 'ImplicitlyDenied'],
  ])('sts:TagSession with %s', (_name, tags, externalId, decision) => {
    const { ci, oracle } = taggedRole();
    expect(oracle.trust(ci.role, jenkins, 'sts:TagSession', tagging(tags, externalId), mayTag)).toBe(decision);
  });

  test('sts:TagSession from another account, and without the option, is refused', () => {
    const { ci, oracle } = taggedRole();
    expect(oracle.trust(ci.role, `arn:aws:iam::${OTHER_ACCOUNT}:role/jenkins`, 'sts:TagSession', tagging({ team: 'platform' }), mayTag)).toBe('ImplicitlyDenied');
    const { app, ci: plain } = ciAccountAssumes();
    expect(new AccessOracle(new SynthesizedApp(app)).trust(plain.role, jenkins, 'sts:TagSession', tagging({ team: 'platform' }), mayTag)).toBe('ImplicitlyDenied');
  });

  test('conditions of the sts:TagSession statement', () => {
    const { stack } = taggedRole();
    const statements = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument.Statement;
    expect(statements[1]).toMatchObject({
      Action: 'sts:TagSession',
      Condition: {
        'StringEquals': { 'sts:ExternalId': 'jenkins-7f3a' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] },
        'StringEqualsIfExists': { 'aws:RequestTag/team': ['platform', 'data'], 'aws:RequestTag/env': 'prod' },
      },
    });
  });

  test.each<[string, unknown, RegExp]>([
    ['a list of strings', ['team'], /allowedSessionTags: got \["team"\]: is not a list of objects/],
    ['a tag without values', [{ key: 'team', values: [] }], /allowedSessionTags\[0\].values: got \[\]: must list the values/],
    ['a wildcard value', [{ key: 'team', values: ['*'] }], /allowedSessionTags\[0\].values\[0\]: got '\*': is not a session tag value/],
    ['an aws: key', [{ key: 'aws:x', values: ['a'] }], /allowedSessionTags\[0\].key: got 'aws:x': is not a session tag key/],
    ['a key twice', [{ key: 'team', values: ['a'] }, { key: 'Team', values: ['b'] }], /allowedSessionTags\[1\].key: got 'Team': is listed twice/],
  ])('refused: %s', (_name, allowedSessionTags, message) => {
    expect(() => CiProvider.account(CI_ACCOUNT, { allowedSessionTags: allowedSessionTags as any })).toThrow(message);
  });
});
