/**
 * Cross-account pull: a repository in a "registry" account, pulled by a workload account.
 *
 * Shows: `grantPull` to a role in another account writes both sides (the role's identity policy in
 * the workload stack, the repository policy in the registry stack), and `allowAccountPull` trusts a
 * whole account and returns the identity policy that account's principals must attach.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/cross-account-pull.ts"
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PushableRepository } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  const registry = new Stack(app, 'Registry', { env: { account: '111111111111', region: 'us-east-1' } });
  const workload = new Stack(app, 'Workload', { env: { account: '222222222222', region: 'us-east-1' } });

  // a cross-account repository needs a name: the other account refers to it by ARN
  const repository = new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' });

  const taskRole = new iam.Role(workload, 'TaskExecutionRole', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
  });
  repository.grantPull(taskRole);

  // an account outside this app: the repository trusts it; its admins attach this identity policy
  const analyticsPolicy = repository.allowAccountPull('333333333333');
  new CfnOutput(registry, 'AnalyticsAccountIdentityPolicy', {
    value: registry.toJsonString(analyticsPolicy.toJSON()),
    description: 'Attach to the principals in 333333333333 that pull team-a/api',
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
