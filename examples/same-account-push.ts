/**
 * Same-account push: a CI role pushes to its own repository in the same account.
 *
 * Shows: `PushableRepository` defaults (scan on push, immutable tags, retained, untagged images
 * expire) and `grantPush`, which writes login on `*` plus AWS's push set on this repository only.
 * No repository policy is needed: in one account the identity policy decides.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/same-account-push.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PushableRepository } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  const stack = new Stack(app, 'SameAccountPush', { env: { account: '111111111111', region: 'us-east-1' } });

  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });

  // any role your CI assumes; EcrCiPrincipal creates one with a pinned OIDC trust for you
  const ci = new iam.Role(stack, 'CiRole', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantPush(ci);
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
