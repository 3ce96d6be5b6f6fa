import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CiProvider, EcrCiPrincipal } from '../../../src';
import { REGISTRY_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// A role with ECR access that a web identity (GitHub Actions, GitLab …) may assume must pin the
// audience and the subject: without them, any repository of the identity provider may push.

const RULE = 'web-identity-trust-unpinned';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

const GITHUB = `arn:aws:iam::${REGISTRY_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
/** A role GitHub Actions may assume under these conditions, as people write it by hand. */
function ciRole(stack: Stack, id: string, conditions: Record<string, Record<string, unknown>>): iam.Role {
  return new iam.Role(stack, id, { assumedBy: new iam.WebIdentityPrincipal(GITHUB, conditions) });
}

test('compliant 1: aud and sub pinned to one repository and branch (as EcrCiPrincipal writes); roles without ECR access are not judged', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  repository.grantPush(ciRole(stack, 'Pinned', {
    StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' },
  }));
  repository.grantPull(ciRole(stack, 'Environments', {
    StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
    StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/api:environment:prod', 'repo:acme/api:ref:refs/tags/v*'] },
  }));
  ciRole(stack, 'Unrelated', {});
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('compliant 2: a subject refused with StringNotLike is not one admitted (claim bounds; pull requests of any repository kept out)', () => {
  // GIVEN
  // the pull_request subject GitHub documents (https://docs.github.com/en/actions/reference/security/oidc), and the claim
  // bounds EcrCiPrincipal writes for a tag pattern (a StringNotLike with one ':' more than the pattern)
  const { app, stack, repository } = registryApp();
  repository.grantPull(ciRole(stack, 'NoPullRequests', {
    StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
    StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:*' },
    StringNotLike: { 'token.actions.githubusercontent.com:sub': ['repo:*:pull_request', '*:*:*:*:*'] },
  }));
  new EcrCiPrincipal(stack, 'Tags', { provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', tags: ['v*'] }), pull: [repository] });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 4: an audience only refused (StringNotEquals) pins nothing', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  repository.grantPull(ciRole(stack, 'AudRefused', {
    StringNotEquals: { 'token.actions.githubusercontent.com:aud': 'untrusted' },
    StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/api:ref:refs/heads/main' },
  }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding.text).toContain('but no condition pins the audience (aud).');
});

test('non-compliant 1: audience only: every GitHub repository may push', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  repository.grantPush(ciRole(stack, 'AudOnly', { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'error', path: 'Registry/AudOnly/Resource' });
  expect(finding.text).toContain(`Role 'Registry/AudOnly' can be assumed with a web identity token from '${GITHUB}'`);
  expect(finding.text).toContain('no condition pins the subject (sub)');
});

test('non-compliant 3: EcrCiPrincipal\'s explicit unsafe opt-in to a wildcard repository is still reported (acknowledge it with the reason)', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  new EcrCiPrincipal(stack, 'AnyRepository', {
    provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'service-*', branches: ['main'], unsafeAllowWildcardRepository: true }),
    push: [repository],
  });
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.path).toEqual('Registry/AnyRepository/Role/Resource');
  expect(finding.text).toContain("the subject 'repo:acme/service-*:ref:refs/heads/main' matches repositories of any owner or any repository of an owner");
});

test('non-compliant 2: a wildcard owner or repository in the subject', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  repository.grantPull(ciRole(stack, 'AnyRepo', {
    StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
    StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },
  }));
  repository.grantPull(ciRole(stack, 'NoClaims', {}));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Registry/AnyRepo/Resource', 'Registry/NoClaims/Resource']);
  expect(findings[0].text).toContain("the subject 'repo:acme/*' matches repositories of any owner or any repository of an owner");
  expect(findings[1].text).toContain('no condition pins the audience (aud); no condition pins the subject (sub)');
});
