/**
 * Registry level: a platform account's ECR registry with scanning, replication to a
 * disaster-recovery account, pull-through caches, creation templates and registry-policy grants.
 *
 * Shows: replication to another account writes the destination's registry policy (the DR registry
 * is in this app); a pull-through cache for ECR Public and one for Docker Hub (credentials from a
 * secret named `ecr-pullthroughcache/…`), pulled by an ECS task role with `grantPull`; a creation
 * template with `CREATE_ON_PUSH` for `team-a` (KMS key, hence a role ECR assumes) and the CI role
 * allowed to create there on push; base images shared with the whole organization through one
 * registry-policy statement instead of a policy on each repository.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/registry.ts"
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
// in your app: from 'cdk-ecr-access'
import { CiProvider, CreationTemplateScenario, EcrCiPrincipal, EcrRegistry, RegistryScanning, UpstreamRegistry } from '../src';

export function build(app: App): void {
  const platform = new Stack(app, 'Platform', { env: { account: '111111111111', region: 'us-east-1' } });
  const dr = new Stack(app, 'DisasterRecovery', { env: { account: '444444444444', region: 'eu-west-1' } });

  const registry = new EcrRegistry(platform, 'Registry', {
    scanning: RegistryScanning.basic(),
    replicationRules: [{ destinations: [{ region: 'eu-west-1', account: '444444444444' }], repositoryPrefixes: ['prod/'] }],
  });
  // the destination registry: it gets the statement that lets the platform account replicate into it
  new EcrRegistry(dr, 'Registry');

  registry.addPullThroughCacheRule('EcrPublic', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });
  const dockerHub = registry.addPullThroughCacheRule('DockerHub', {
    prefix: 'docker-hub',
    upstream: UpstreamRegistry.dockerHub(),
    // created once by hand (keys `username` and `accessToken`); ECR reads only this name prefix
    credentials: secretsmanager.Secret.fromSecretNameV2(platform, 'DockerHubToken', 'ecr-pullthroughcache/docker-hub'),
  });
  const taskRole = new iam.Role(platform, 'TaskExecutionRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  dockerHub.grantPull(taskRole);

  // repositories ECR creates when team-a's pipeline pushes a new name: immutable tags, the default
  // lifecycle, encrypted with the team's key, pullable by the workload account
  const key = new kms.Key(platform, 'TeamAKey', { enableKeyRotation: true, description: 'team-a images' });
  const teamA = registry.addCreationTemplate('TeamA', {
    prefix: 'team-a',
    appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH],
    encryptionKey: key,
  });
  const workloadPolicy = teamA.allowAccountPull('222222222222');
  const builder = new EcrCiPrincipal(platform, 'TeamABuilder', {
    provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'team-a-services', branches: ['main'] }),
  });
  builder.allowCreateOnPush('team-a');

  // one registry-policy statement instead of a repository policy on every base image
  const basePolicy = registry.allowOrganizationPull('o-a1b2c3d4e5', { namespace: 'base' });

  new CfnOutput(platform, 'WorkloadPullPolicy', {
    value: platform.toJsonString(workloadPolicy.toJSON()),
    description: 'Attach to the principals in 222222222222 that pull team-a images',
  });
  new CfnOutput(platform, 'BaseImagesPullPolicy', {
    value: platform.toJsonString(basePolicy.toJSON()),
    description: 'Attach to the organization principals that pull base images',
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
