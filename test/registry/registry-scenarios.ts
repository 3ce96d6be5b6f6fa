import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  CiProvider, CreationTemplateScenario, EcrCiPrincipal, EcrRegistry, PushableRepository, RegistryScanning, ScanFrequency, UpstreamRegistry,
} from '../../src';
import { CI_ACCOUNT, ORG_ID, REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// The registry scenarios shared by the snapshot, fine-grained and oracle tests.

export const DR_ACCOUNT = '444444444444';
export const DR_REGION = 'eu-west-1';
export const PARTNER_ACCOUNT = '555555555555';

const github = (repository: string) => CiProvider.gitHubActions({ owner: 'acme', repository, branches: ['main'] });

/**
 * A platform account's registry with every registry-level feature, a disaster-recovery registry of
 * another account in the same app, and the principals that use them.
 */
export function platformRegistry() {
  const app = new App();
  const stack = new Stack(app, 'Platform', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
  const drStack = new Stack(app, 'DisasterRecovery', { env: { account: DR_ACCOUNT, region: DR_REGION } });

  const registry = new EcrRegistry(stack, 'Registry', {
    scanning: RegistryScanning.enhanced([
      { frequency: ScanFrequency.CONTINUOUS_SCAN, repositoryFilters: ['prod/*'] },
      { frequency: ScanFrequency.SCAN_ON_PUSH },
    ]),
    replicationRules: [
      // same account, another region: no registry policy needed
      { destinations: [{ region: 'us-west-2' }, { region: DR_REGION, account: DR_ACCOUNT }], repositoryPrefixes: ['prod/'] },
    ],
  });
  // a destination outside the app: a warning with the policy its owner must add
  registry.addReplicationRule({ destinations: [{ region: 'ap-south-1', account: PARTNER_ACCOUNT }], repositoryPrefixes: ['shared/'] });
  const drRegistry = new EcrRegistry(drStack, 'Registry');

  const ecrPublic = registry.addPullThroughCacheRule('EcrPublic', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });
  const dockerHub = registry.addPullThroughCacheRule('DockerHub', {
    prefix: 'docker-hub',
    upstream: UpstreamRegistry.dockerHub(),
    credentials: secretsmanager.Secret.fromSecretNameV2(stack, 'DockerHubToken', 'ecr-pullthroughcache/docker-hub'),
  });
  registry.addCreationTemplate('DockerHubTemplate', {
    prefix: 'docker-hub',
    appliedFor: [CreationTemplateScenario.PULL_THROUGH_CACHE],
    mutableTags: ['*'],
    resourceTags: { 'cost-center': 'platform' },
  });
  const key = new kms.Key(stack, 'TeamAKey', { enableKeyRotation: true });
  const teamA = registry.addCreationTemplate('TeamATemplate', {
    prefix: 'team-a',
    appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH, CreationTemplateScenario.REPLICATION],
    encryptionKey: key,
    mutableTags: ['latest'],
  });
  const teamAPullPolicy = teamA.allowAccountPull(WORKLOAD_ACCOUNT);

  const basePullPolicy = registry.allowOrganizationPull(ORG_ID, { namespace: 'base' });
  const ciPushPolicy = registry.allowAccountPush(CI_ACCOUNT, { namespace: 'ci' });
  const cachePullPolicy = dockerHub.allowAccountPull(WORKLOAD_ACCOUNT);

  const taskRole = new iam.Role(stack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  dockerHub.grantPull(taskRole);
  const otherRole = new iam.Role(stack, 'OtherRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

  const builder = new EcrCiPrincipal(stack, 'TeamABuilder', { provider: github('team-a-services') });
  builder.allowCreateOnPush('team-a');
  const existing = new PushableRepository(stack, 'TeamAApi', { repositoryName: 'team-a/api' });
  const pusher = new EcrCiPrincipal(stack, 'TeamAPusher', { provider: github('team-a-api'), push: [existing] });

  return {
    app,
    stack,
    drStack,
    registry,
    drRegistry,
    ecrPublic,
    dockerHub,
    teamA,
    key,
    taskRole,
    otherRole,
    builder,
    pusher,
    existing,
    teamAPullPolicy,
    basePullPolicy,
    ciPushPolicy,
    cachePullPolicy,
  };
}

/** The smallest registry: basic scanning on push for everything, nothing else. */
export function basicScanning() {
  const app = new App();
  const stack = new Stack(app, 'Basic', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
  const registry = new EcrRegistry(stack, 'Registry', { scanning: RegistryScanning.basic() });
  return { app, stack, registry };
}

/**
 * The platform registry synthesized once, for the tests of a file that only read what it wrote
 * (none of them adds to it after synthesis).
 */
export function synthesizedPlatform() {
  const scenario = platformRegistry();
  const assembly = scenario.app.synth();
  return {
    scenario,
    template: Template.fromStack(scenario.stack),
    drTemplate: Template.fromStack(scenario.drStack),
    /** The annotations of a stack of the scenario, from the one synthesis (Annotations.fromStack synthesizes again each time). */
    messages: (stack: Stack, level: 'warning' | 'info', path?: string): string[] => assembly.getStackArtifact(stack.artifactId).messages
      .filter((m) => m.level === level && (path === undefined || m.id === path))
      .map((m) => String(m.entry.data)),
  };
}

/** A repository ARN of the scenario's registry (or another), as the templates write it with the region known. */
export const registryArn = (name: string, account = REGISTRY_ACCOUNT, region = REGION) => `arn:aws:ecr:${region}:${account}:repository/${name}`;

/** A fresh stack of the registry account, for a test of its own. */
export function newRegistryStack(): Stack {
  return new Stack(new App(), 'S', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
}

/** A Secrets Manager secret imported by name, with an id unique in the stack. */
export function importedSecret(stack: Stack, name: string): secretsmanager.ISecret {
  return secretsmanager.Secret.fromSecretNameV2(stack, `Secret${stack.node.children.length}`, name);
}

export const UPSTREAM_ACCOUNT = '444444444444';
export const UPSTREAM_REGION = 'us-west-2';
export const OUTSIDE_ACCOUNT = '555555555555';

/**
 * The cache account's registry (REGISTRY_ACCOUNT, us-east-1) caching: the upstream account's
 * registry of this app under `platform/` (its `team-a/` repositories only), a registry of an account
 * outside the app under `partner/`, and its own account's us-west-2 registry under `ROOT`.
 */
export function ecrToEcrApp(options: { sourceAccountCondition?: boolean } = {}) {
  const app = new App();
  const cacheStack = new Stack(app, 'Cache', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
  const upstreamStack = new Stack(app, 'Upstream', { env: { account: UPSTREAM_ACCOUNT, region: UPSTREAM_REGION } });
  const upstreamRegistry = new EcrRegistry(upstreamStack, 'Registry');
  const registry = new EcrRegistry(cacheStack, 'Registry');
  const platform = registry.addPullThroughCacheRule('Platform', {
    prefix: 'platform',
    upstream: UpstreamRegistry.ecrRegistry(upstreamRegistry),
    upstreamPrefix: 'team-a',
    sourceAccountCondition: options.sourceAccountCondition,
  });
  const partner = registry.addPullThroughCacheRule('Partner', { prefix: 'partner', upstream: UpstreamRegistry.ecr(OUTSIDE_ACCOUNT, 'eu-west-1') });
  const sameAccount = registry.addPullThroughCacheRule('West', { prefix: 'ROOT', upstream: UpstreamRegistry.ecr(REGISTRY_ACCOUNT, UPSTREAM_REGION) });
  const puller = new iam.Role(cacheStack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  platform.grantPull(puller);
  return { app, cacheStack, upstreamStack, registry, upstreamRegistry, platform, partner, sameAccount, puller };
}
