/**
 * CodeBuild push: the project api-build uses the CI role as its service role to build and push
 * team-a/api.
 *
 * Shows: `CiProvider.codeBuild({ projectNames })`, whose trust lets codebuild.amazonaws.com assume the
 * role only for this account's api-build project (`aws:SourceAccount`, `aws:SourceArn`: no other
 * account's project can use it). Give the project the role (`role: ci.role` on a `codebuild.Project`,
 * or `ci.roleArn` as its service role); its buildspec logs in and pushes:
 *
 *   pre_build:  aws ecr get-login-password | docker login --username AWS --password-stdin "${REPOSITORY_URI%%/*}"
 *   build:      docker build -t "$REPOSITORY_URI:$CODEBUILD_RESOLVED_SOURCE_VERSION" .
 *   post_build: docker push "$REPOSITORY_URI:$CODEBUILD_RESOLVED_SOURCE_VERSION"
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/codebuild-push.ts"
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { CiProvider, EcrCiPrincipal, PushableRepository } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  const stack = new Stack(app, 'CodeBuildPush', { env: { account: '111111111111', region: 'us-east-1' } });

  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  new EcrCiPrincipal(stack, 'CodeBuild', {
    provider: CiProvider.codeBuild({ projectNames: ['api-build'] }),
    push: [api],
  });
  new CfnOutput(stack, 'RepositoryUri', { value: api.repositoryUri, description: 'REPOSITORY_URI for the buildspec' });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
