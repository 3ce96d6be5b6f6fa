import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { genericOidcPush } from './ci-scenarios';
import { CiProvider, EcrCiPrincipal } from '../../src';
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
