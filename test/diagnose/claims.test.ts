import * as iam from 'aws-cdk-lib/aws-iam';
import { PolicyKind, readPolicy, ResourceRef } from '../../src/analysis/policy-view';
import { claimsIn, trustConditionsFailing } from '../../src/diagnose/claims';

// The claims a CI job prints, against the conditions of a trust policy.

const ROLE: ResourceRef = { stack: { id: 'S', template: {}, constructPaths: new Map() }, logicalId: 'Role', type: 'AWS::IAM::Role', path: 'S/Role' };

function trust(conditions: Record<string, Record<string, unknown>>) {
  const document = new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [new iam.FederatedPrincipal('arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com')],
      conditions,
    })],
  }).toJSON();
  return readPolicy(PolicyKind.TRUST, ROLE, 'Properties/AssumeRolePolicyDocument', document);
}

const PINNED = trust({
  StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
  StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/api:ref:refs/heads/main', 'repo:acme/api:environment:*'] },
});

test('claims as YAML-ish lines and as JSON', () => {
  expect([...claimsIn('sub: repo:acme/api:ref:refs/heads/main\naud: sts.amazonaws.com')]).toEqual([['sub', 'repo:acme/api:ref:refs/heads/main'], ['aud', 'sts.amazonaws.com']]);
  expect(claimsIn('{"sub":"repo:acme/api:pull_request","iss":"https://token.actions.githubusercontent.com"}').get('sub')).toBe('repo:acme/api:pull_request');
});

test.each([
  ['a pull request', 'sub: repo:acme/api:pull_request', ['StringLike token.actions.githubusercontent.com:sub = repo:acme/api:ref:refs/heads/main | repo:acme/api:environment:* (the token: repo:acme/api:pull_request)']],
  ['another audience', 'aud: sigstore', ['StringEquals token.actions.githubusercontent.com:aud = sts.amazonaws.com (the token: sigstore)']],
  ['an environment the wildcard allows', 'sub: repo:acme/api:environment:prod\naud: sts.amazonaws.com', []],
  ['no claims', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', undefined],
])('%s', (_, text, failing) => {
  expect(trustConditionsFailing(PINNED, text)).toEqual(failing);
});
