/**
 * ECR-to-ECR pull-through cache across accounts: a platform account publishes images in us-west-2,
 * a workload account caches them in us-east-1 and pulls from its own registry.
 *
 * Shows: `UpstreamRegistry.ecrRegistry` for an upstream registry of this app, which gets the
 * registry-policy statement letting the workload account read and import its `base/` images (and
 * nothing else); the role ECR assumes in the workload account, created by the rule with AWS's trust
 * and permissions scoped to `base/` upstream and `platform/` in the cache; an ECS task role allowed
 * to pull through the cache with `grantPull` (pull, import, create on first pull). The workload
 * account also caches ECR Public under `ecr-public/`.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/pull-through-cache-ecr.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
// in your app: from 'cdk-ecr-access'
import { EcrRegistry, PushableRepository, UpstreamRegistry } from '../src';

export function build(app: App): void {
  const platform = new Stack(app, 'Platform', { env: { account: '111111111111', region: 'us-west-2' } });
  const workload = new Stack(app, 'Workload', { env: { account: '222222222222', region: 'us-east-1' } });

  // the upstream: base images the platform team pushes, and an internal namespace nobody caches
  const platformRegistry = new EcrRegistry(platform, 'Registry');
  new PushableRepository(platform, 'BaseNode', { repositoryName: 'base/node' });
  new PushableRepository(platform, 'InternalTools', { repositoryName: 'internal/tools' });

  // pulling `platform/node` in the workload account caches the platform's `base/node`
  const registry = new EcrRegistry(workload, 'Registry');
  const cache = registry.addPullThroughCacheRule('Platform', {
    prefix: 'platform',
    upstream: UpstreamRegistry.ecrRegistry(platformRegistry),
    upstreamPrefix: 'base',
  });
  const ecrPublic = registry.addPullThroughCacheRule('EcrPublic', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });

  const taskRole = new iam.Role(workload, 'TaskExecutionRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  cache.grantPull(taskRole);
  ecrPublic.grantPull(taskRole);
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
