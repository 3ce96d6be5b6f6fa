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

test('compliant 3: the trust of every CiProvider factory (their wildcards stay within a claim after the pinned organization)', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  const uuid = '0b6e1f5a-2c4d-4e8f-9a1b-3c5d7e9f1a2b';
  const providers = [
    CiProvider.buildkite({ organization: 'acme', pipelines: ['api'], branches: ['main'], sessionTags: true }),
    CiProvider.hcpTerraform({ organization: 'acme', project: 'Default Project', workspaces: ['ecr-*'] }),
    CiProvider.bitbucketPipelines({ workspace: 'acme', workspaceUuid: uuid, repositoryUuids: [uuid], deploymentEnvironmentUuids: [uuid] }),
    CiProvider.circleCi({ organizationId: uuid, projectIds: [uuid], vcsOrigin: 'github.com/acme/api', branches: ['main'] }),
    CiProvider.azureDevOps({ organizationId: uuid, organization: 'acme', project: 'platform', serviceConnections: ['aws-ecr'] }),
    CiProvider.spacelift({ account: 'acme', spaceId: 'root', stacks: ['api'] }),
  ];
  providers.forEach((provider, i) => new EcrCiPrincipal(stack, `Ci${i}`, { provider }).allowPush(repository));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 5: a wildcard organization or space in a Buildkite, HCP Terraform or Spacelift subject', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  const buildkite = `arn:aws:iam::${REGISTRY_ACCOUNT}:oidc-provider/agent.buildkite.com`;
  for (const [id, sub] of [['AnyOrganization', 'organization:*:pipeline:api:ref:refs/heads/main:commit:*:step:*'], ['AnySpace', 'space:*:stack:api:run_type:TRACKED:scope:write']]) {
    repository.grantPull(new iam.Role(stack, id, {
      assumedBy: new iam.WebIdentityPrincipal(buildkite, { StringEquals: { 'agent.buildkite.com:aud': 'sts.amazonaws.com' }, StringLike: { 'agent.buildkite.com:sub': sub } }),
    }));
  }
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Registry/AnyOrganization/Resource', 'Registry/AnySpace/Resource']);
  expect(findings[0].text).toContain("the subject 'organization:*:pipeline:api:ref:refs/heads/main:commit:*:step:*' matches");
});
