import { diagnose } from '../../../src';

// The CI job got no credentials: the trust condition at fault, never an ECR policy.

test.each([
  ['no OIDC provider', 'Error: No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com', /^There is no IAM OIDC identity provider for the token's issuer/],
  ['audience', 'An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience', /^The token's audience \(aud\)/],
  ['thumbprint', 'InvalidIdentityToken: OpenIDConnect provider\'s HTTPS certificate doesn\'t match configured thumbprint', /thumbprint does not match/],
  ['the trust policy (subject)', 'Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity', /most often the subject \(sub\) differs/],
])('%s', (_, text, explanation) => {
  // WHEN (github.com/aws-actions/configure-aws-credentials issues; real-messages.json ids oidc-*)
  const d = diagnose(text);
  // THEN
  expect([d.kind, d.action]).toEqual(['federation', 'sts:AssumeRoleWithWebIdentity']);
  expect(d.explanation).toMatch(explanation);
  expect(d.explanation).toMatch(/Not an ECR permission/);
  expect(d.fix?.cdk).toMatch(/CiProvider\.gitHubActions\(\{ owner: '<owner>', repository: '<repository>', branches: \['main'\] \}\)/);
  expect(d.fix?.identityPolicy).toBeUndefined();
});

test('the job asked for no token: id-token: write', () => {
  // GIVEN github.com/aws-actions/configure-aws-credentials (real-messages.json: oidc-missing-id-token-permission)
  const d = diagnose('It looks like you might be trying to authenticate with OIDC. Did you mean to set the `id-token` permission?\nError: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers');
  expect(d.kind).toBe('federation');
  expect(d.explanation).toMatch(/permissions: id-token: write/);
});

test('sts:TagSession on role chaining: caller, accounts and the trust to change', () => {
  // GIVEN github.com/OvertureMaps (real-messages.json: chained-assume-role-tag-session-cross-account)
  const d = diagnose('Could not assume role with user credentials: User: arn:aws:sts::913550007193:assumed-role/stac-publish-oidc-overturemaps/GitHubActions is not authorized to perform: sts:TagSession on resource: arn:aws:iam::763944545891:role/cloudfront-invalidator');
  // THEN
  expect(d).toMatchObject({ kind: 'federation', action: 'sts:TagSession', callerAccount: '913550007193', resourceAccount: '763944545891', crossAccount: true });
  expect(d.fix?.steps[0]).toMatch(/Allow sts:TagSession in the trust policy of the target role.*role-skip-session-tagging: true/);
});
