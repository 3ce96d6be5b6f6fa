import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CiProvider, EcrCiPrincipal, PushableRepository } from '../../src';
import { CI_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// The CI-principal scenarios shared by the snapshot, fine-grained and oracle tests.

export const GITHUB_PROVIDER_ARN = `arn:aws:iam::${REGISTRY_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
export const GITLAB_PROVIDER_ARN = `arn:aws:iam::${REGISTRY_ACCOUNT}:oidc-provider/gitlab.com`;

/** The claims IAM sees from a GitHub Actions token, as condition keys. */
export function gitHubClaims(sub: string, aud = 'sts.amazonaws.com', host = 'token.actions.githubusercontent.com'): Record<string, string> {
  return { [`${host}:sub`]: sub, [`${host}:aud`]: aud };
}

/** The claims IAM sees from a GitLab ID token, as condition keys. */
export function gitLabClaims(sub: string, aud = 'https://gitlab.com', host = 'gitlab.com'): Record<string, string> {
  return { [`${host}:sub`]: sub, [`${host}:aud`]: aud };
}

/**
 * GitHub Actions on `main` of acme/api builds team-a/api from the base image base/node (imported,
 * same account), and may create repositories under team-a/. team-a/billing sits beside them.
 */
export function gitHubPush() {
  const app = new App();
  const stack = registryStack(app, 'Ci');
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const billing = new PushableRepository(stack, 'Billing', { repositoryName: 'team-a/billing' });
  const base = ecr.Repository.fromRepositoryName(stack, 'Base', 'base/node');
  const ci = new EcrCiPrincipal(stack, 'GitHub', {
    provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main', 'release/*'], tags: ['v*'] }),
    push: [api],
    pull: [base],
  });
  ci.allowCreateRepositories('team-a/');
  return { app, stack, api, billing, base, ci };
}

/** GitHub Actions of a repository with immutable subjects (ids), deploying from an environment. */
export function gitHubImmutableIds() {
  const app = new App();
  const stack = registryStack(app, 'Ci');
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const ci = new EcrCiPrincipal(stack, 'GitHub', {
    provider: CiProvider.gitHubActions({ owner: 'acme', ownerId: 1234, repository: 'api', repositoryId: 5678, environments: ['production'] }),
    push: [api],
  });
  return { app, stack, api, ci };
}

/** GitLab CI on gitlab.com: branch main and release tags of acme/platform/api push. */
export function gitLabPush() {
  const app = new App();
  const stack = registryStack(app, 'Ci');
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const ci = new EcrCiPrincipal(stack, 'GitLab', {
    provider: CiProvider.gitLab({ projectPath: 'acme/platform/api', branches: ['main'], tags: ['v*'] }),
    push: [api],
  });
  return { app, stack, api, ci };
}

/** A CodeBuild project of the account uses the role as its service role. */
export function codeBuildPush() {
  const app = new App();
  const stack = registryStack(app, 'Ci');
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const ci = new EcrCiPrincipal(stack, 'CodeBuild', { provider: CiProvider.codeBuild({ projectNames: ['api-build'] }), push: [api] });
  return { app, stack, api, ci };
}

/** A central CI account assumes a role in the registry account, with an external id. */
export function ciAccountAssumes() {
  const app = new App();
  const stack = registryStack(app, 'Registry');
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const ci = new EcrCiPrincipal(stack, 'Jenkins', {
    provider: CiProvider.account(CI_ACCOUNT, { externalId: 'jenkins-7f3a' }),
    push: [api],
    roleName: 'jenkins-ecr-push',
  });
  return { app, stack, api, ci };
}

/** Any OIDC issuer: Buildkite, with one pipeline's subjects. */
export function genericOidcPush() {
  const app = new App();
  const stack = registryStack(app, 'Ci');
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const ci = new EcrCiPrincipal(stack, 'Buildkite', {
    provider: CiProvider.oidc({
      issuer: 'https://agent.buildkite.com',
      audience: 'sts.amazonaws.com',
      subjects: ['organization:acme:pipeline:api:ref:refs/heads/main:commit:*:step:*'],
    }),
    push: [api],
  });
  return { app, stack, api, ci };
}

/**
 * Three accounts: the registry account holds team-a/api; GitHub Actions assumes a role in the CI
 * account that pushes to it; a workload account's task role pulls it.
 */
export function threeAccounts() {
  const app = new App();
  const registry = registryStack(app, 'Registry');
  const ciStack = new Stack(app, 'Ci', { env: { account: CI_ACCOUNT, region: REGION } });
  const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
  const api = new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' });
  const billing = new PushableRepository(registry, 'Billing', { repositoryName: 'team-a/billing' });
  const ci = new EcrCiPrincipal(ciStack, 'GitHub', {
    provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] }),
    push: [api],
  });
  const taskRole = new iam.Role(workload, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  api.grantPull(taskRole);
  return { app, registry, ciStack, workload, api, billing, ci, taskRole };
}

/**
 * One role per provider added for issue 19 pushing team-a/api (Buildkite with session tags, a
 * GitHub repository moving to immutable subjects, a CI account that passes session tags).
 */
export function moreProvidersPush() {
  const app = new App();
  const stack = registryStack(app, 'Ci');
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const uuid = '0b6e1f5a-2c4d-4e8f-9a1b-3c5d7e9f1a2b';
  const providers: Record<string, CiProvider> = {
    Buildkite: CiProvider.buildkite({ organization: 'acme', pipelines: ['api'], branches: ['main'], sessionTags: true }),
    Terraform: CiProvider.hcpTerraform({ organization: 'acme', project: 'Default Project', workspaces: ['ecr-prod'] }),
    Bitbucket: CiProvider.bitbucketPipelines({ workspace: 'acme', workspaceUuid: uuid, repositoryUuids: [uuid], deploymentEnvironmentUuids: [uuid] }),
    CircleCi: CiProvider.circleCi({ organizationId: uuid, projectIds: [uuid], vcsOrigin: 'github.com/acme/api', branches: ['main'] }),
    AzureDevOps: CiProvider.azureDevOps({ organizationId: uuid, organization: 'acme', project: 'platform', serviceConnections: ['aws-ecr'] }),
    Spacelift: CiProvider.spacelift({ account: 'acme', spaceId: 'root', stacks: ['api'] }),
    GitHubMoving: CiProvider.gitHubActions({
      owner: 'acme',
      ownerId: 1234,
      repository: 'api',
      repositoryId: 5678,
      branches: ['main'],
      nameSubjectsUntil: '2099-01-01',
      jobWorkflowRefs: ['acme/workflows/.github/workflows/push-image.yml@refs/heads/main'],
    }),
    Jenkins: CiProvider.account(CI_ACCOUNT, { externalId: 'jenkins-7f3a', allowedSessionTags: [{ key: 'team', values: ['platform'] }] }),
  };
  for (const [id, provider] of Object.entries(providers)) new EcrCiPrincipal(stack, id, { provider, push: [api] });
  return { app, stack, api };
}
