/**
 * Blob mounting: pushes to `team-a/api` mount the layers `base/node` already holds instead of
 * uploading them again.
 *
 * Shows: `blobMounting: true` on `EcrRegistry` (the registry setting `BLOB_MOUNTING`, which
 * CloudFormation has no resource for: a custom resource whose role may call
 * `ecr:PutAccountSetting` for `BLOB_MOUNTING` only); `grantPushMountingFrom`, which adds
 * `ecr:GetDownloadUrlForLayer` on the source to the push (without it a mount fails silently and the
 * layer is uploaded); both repositories use the same encryption, as ECR requires for a mount.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/blob-mounting.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
// in your app: from 'cdk-ecr-access'
import { EcrRegistry, PushableRepository } from '../src';

export function build(app: App): void {
  const stack = new Stack(app, 'BlobMounting', { env: { account: '111111111111', region: 'us-east-1' } });

  new EcrRegistry(stack, 'Registry', { blobMounting: true });

  const base = new PushableRepository(stack, 'BaseNode', { repositoryName: 'base/node' });
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const ci = new iam.Role(stack, 'CiRole', { assumedBy: new iam.AccountRootPrincipal() });
  api.grantPushMountingFrom(ci, [base]);
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
