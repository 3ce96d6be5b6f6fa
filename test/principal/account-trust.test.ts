import { Template } from 'aws-cdk-lib/assertions';
import { ciAccountAssumes, gitHubClaims, GITHUB_PROVIDER_ARN } from './ci-scenarios';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { CI_ACCOUNT, OTHER_ACCOUNT, REGISTRY_ACCOUNT } from '../helpers/scenarios';

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
