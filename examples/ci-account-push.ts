/**
 * Three accounts: the registry account (111111111111) holds team-a/api; GitHub Actions assumes a
 * role in the CI account (333333333333) that pushes to it; a workload account (222222222222) pulls.
 *
 * Shows: a cross-account push needs both sides, and both are written because the repository is in
 * this app: the CI role's identity policy (login on `*`, the push set on the repository's ARN) in the
 * CI stack, and a repository-policy statement for the CI account (limited to that role by its tag)
 * in the registry stack. The workload's task role gets the pull side the same way. Deploy the
 * registry stack first (the repository's name is what the others refer to).
 *
 * The access report states who may do what, and fails the synth if that ever changes: cdk.out gets
 * ecr-access-report.md and .json, and `npx cdk-ecr-access report cdk.out` prints the matrix.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/ci-account-push.ts"
 */
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CiProvider, EcrAccessReport, EcrCapability, EcrCiPrincipal, PushableRepository } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  const registry = new Stack(app, 'Registry', { env: { account: '111111111111', region: 'us-east-1' } });
  const ci = new Stack(app, 'Ci', { env: { account: '333333333333', region: 'us-east-1' } });
  const workload = new Stack(app, 'Workload', { env: { account: '222222222222', region: 'us-east-1' } });

  // a cross-account repository needs a name: the other accounts refer to it by ARN
  const api = new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' });

  const pipeline = new EcrCiPrincipal(ci, 'GitHubActions', {
    provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] }),
    push: [api],
  });

  const taskRole = new iam.Role(workload, 'TaskExecutionRole', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
  });
  api.grantPull(taskRole);

  // access as a tested contract: the CI pushes, the workload pulls, nobody else is trusted outright
  const report = new EcrAccessReport();
  report.expect(pipeline, api, [EcrCapability.LOGIN, EcrCapability.PUSH]);
  report.expect(taskRole, api, [EcrCapability.LOGIN, EcrCapability.PULL]);
  report.expectPrincipal('*', api, []);
  Aspects.of(app).add(report);
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
