/**
 * Dual-layer encryption: a repository in AWS GovCloud (US) encrypted twice with a customer managed
 * KMS key (`KMS_DSSE`, available only in the GovCloud (US) Regions), pulled by a workload role.
 *
 * Shows: `encryption: RepositoryEncryption.KMS_DSSE`, which `ecr.Repository` cannot render and
 * `PushableRepository` writes itself; ARNs in the `aws-us-gov` partition. Outside GovCloud this is a
 * synth-time error.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/govcloud-dsse.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
// in your app: from 'cdk-ecr-access'
import { PushableRepository } from '../src';

export function build(app: App): void {
  const stack = new Stack(app, 'GovCloudDsse', { env: { account: '111111111111', region: 'us-gov-west-1' } });

  const key = new kms.Key(stack, 'ImagesKey', { enableKeyRotation: true, description: 'ECR images (DSSE-KMS)' });
  const repository = new PushableRepository(stack, 'Api', {
    repositoryName: 'secure/api',
    encryption: ecr.RepositoryEncryption.KMS_DSSE,
    encryptionKey: key,
  });
  const workload = new iam.Role(stack, 'WorkloadRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  repository.grantPull(workload);
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
