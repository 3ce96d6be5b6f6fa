/**
 * Create under a prefix: a platform pipeline creates team-a's repositories on demand and pushes to
 * them, and can touch nothing outside team-a/.
 *
 * Shows: the fix for "not authorized to perform: ecr:CreateRepository" without `ecr:*` or
 * `Resource: "*"`: `allowCreateRepositories('team-a/', { push: true })` writes
 * `ecr:CreateRepository` and `ecr:DescribeRepositories` (and the push set) on
 * `arn:aws:ecr:us-east-1:111111111111:repository/team-a/*`, plus login on `*`. Creating team-b/x,
 * deleting a repository or changing its policy stays denied.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/create-under-prefix.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import { CiProvider, EcrCiPrincipal } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  const stack = new Stack(app, 'CreateUnderPrefix', { env: { account: '111111111111', region: 'us-east-1' } });

  const ci = new EcrCiPrincipal(stack, 'Platform', {
    provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'team-a-services', branches: ['main'] }),
  });
  // the namespace team-a/ (or 'team-a': the same), never team-ab/...
  ci.allowCreateRepositories('team-a/', { push: true });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
