import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CiProvider, EcrCiPrincipal } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle, Decision } from '../helpers/oracle';
import { registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// One CI role per provider, and the evaluator's answer to a web-identity token with given claims:
// IAM derives `<issuer host/path>:sub` and `:aud` from the token, and the federated principal is the
// account's IAM OIDC provider for that issuer.

export interface TrustUnderTest {
  /** The conditions of each trust-policy statement, as synthesized. */
  readonly conditions: any[];
  /** The evaluator's decision for a token with this subject (and the provider's audience unless given). */
  decide(sub: string, aud?: string, issuer?: string, action?: string, more?: Record<string, string | string[]>): Decision;
}

export function trustOf(provider: CiProvider, issuer: string, audience: string): TrustUnderTest {
  const app = new App();
  const stack = registryStack(app, 'Ci');
  const ci = new EcrCiPrincipal(stack, 'Ci', { provider });
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const roles = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'));
  return {
    conditions: roles.flatMap((r) => r.Properties.AssumeRolePolicyDocument.Statement).map((s: any) => s.Condition),
    decide: (sub, aud = audience, tokenIssuer = issuer, action = 'sts:AssumeRoleWithWebIdentity', more = {}) => {
      const host = tokenIssuer.replace(/^https:\/\//, '');
      return oracle.trust(ci.role, `arn:aws:iam::${REGISTRY_ACCOUNT}:oidc-provider/${host}`, action,
        { [`${host}:sub`]: sub, [`${host}:aud`]: aud, ...more });
    },
  };
}

export const GITHUB = 'https://token.actions.githubusercontent.com';
export const GITLAB = 'https://gitlab.com';
export const BUILDKITE = 'https://agent.buildkite.com';
