/**
 * Image archive: a repository whose lifecycle moves images nobody has pulled for 90 days to ECR's
 * archive storage class and deletes them after a year there, keeping release tags; an operator role
 * that may restore archived images.
 *
 * Shows: `imageLifecycleRules` (ECR's own terms: `SINCE_IMAGE_PULLED` only archives,
 * `SINCE_IMAGE_TRANSITIONED` only expires, after at least 90 days), a higher-priority
 * `lifecycleRules` rule that keeps release tags out of both, and `grantManageStorageClass`
 * (`ecr:UpdateImageStorageClass` archives and restores; an archived image cannot be pulled until
 * restored). The CI's push grant re-pushes (and so restores) an image too.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/image-archive.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
// in your app: from 'cdk-ecr-access'
import { LifecycleAction, LifecycleCountType, PushableRepository } from '../src';

export function build(app: App): void {
  const stack = new Stack(app, 'ImageArchive', { env: { account: '111111111111', region: 'us-east-1' } });

  const repository = new PushableRepository(stack, 'Api', {
    repositoryName: 'team-a/api',
    // applied first: release images are selected here (and kept), so the rules below never see them
    lifecycleRules: [{ rulePriority: 1, description: 'Keep release images', tagPatternList: ['release-*'], maxImageCount: 9999 }],
    imageLifecycleRules: [
      { description: 'Archive images nobody pulled for 90 days', countType: LifecycleCountType.SINCE_IMAGE_PULLED, countNumber: 90, action: LifecycleAction.ARCHIVE },
      { description: 'Delete images archived for a year', countType: LifecycleCountType.SINCE_IMAGE_TRANSITIONED, countNumber: 365, action: LifecycleAction.EXPIRE },
    ],
  });

  const ci = new iam.Role(stack, 'CiRole', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantPush(ci);
  const operator = new iam.Role(stack, 'OperatorRole', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantManageStorageClass(operator);
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
