/**
 * Checks at synth: EcrAccessChecks reads every ECR-related policy of the app (the library's grants,
 * other constructs' policies, hand-written statements) and fails `cdk synth` on the mistakes behind
 * ECR's AccessDenied errors.
 *
 * Shows: the checks added to the whole app as an Aspect (findings are annotations; errors fail the
 * synth), a hand-written policy checked beside the library's grants, and a deliberate `Deny` whose
 * warning is acknowledged, with the reason, on the construct it concerns. To see a finding, change
 * `ecr:DescribeImages` below to `ecs:DescribeImages`.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/checks.ts"
 */
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrAccessChecks, PushableRepository } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  // or, as a policy-validation plugin (a report instead of annotations):
  //   Validations.of(app).addPlugins(new EcrAccessChecks());
  Aspects.of(app).add(new EcrAccessChecks());

  const stack = new Stack(app, 'ChecksAtSynth', { env: { account: '111111111111', region: 'us-east-1' } });
  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });

  const ci = new iam.Role(stack, 'CiRole', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantPush(ci);

  // a hand-written statement is checked like the grants: action names, repository ARN, resource scope
  const dashboard = new iam.Role(stack, 'Dashboard', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  dashboard.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:DescribeImages', 'ecr:ListImages'], resources: [repository.repositoryArn] }));

  // a release freeze: this Deny takes away the CI role's push on purpose, so its warning is acknowledged
  const freeze = new iam.Policy(stack, 'ReleaseFreeze', {
    roles: [ci],
    statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:PutImage'], resources: [repository.repositoryArn] })],
  });
  EcrAccessChecks.acknowledge(freeze, 'deny-shadows-grant', 'release freeze until 2026-12-01: no new images in team-a/api');
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
