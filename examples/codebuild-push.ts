/**
 * CodeBuild push: the project api-build builds and pushes team-a/api, with the CI role as its
 * service role.
 *
 * Shows: `CiProvider.codeBuild({ projectNames })`, whose trust lets codebuild.amazonaws.com assume the
 * role only for this account's api-build project (`aws:SourceAccount`, `aws:SourceArn`: no other
 * account's project can use it), and a buildspec that logs in and pushes. CodeBuild adds its own log
 * permissions to the role.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/codebuild-push.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import { CiProvider, EcrCiPrincipal, PushableRepository } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  const stack = new Stack(app, 'CodeBuildPush', { env: { account: '111111111111', region: 'us-east-1' } });

  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const ci = new EcrCiPrincipal(stack, 'CodeBuild', {
    provider: CiProvider.codeBuild({ projectNames: ['api-build'] }),
    push: [api],
  });

  new codebuild.Project(stack, 'ApiBuild', {
    projectName: 'api-build', // the name the trust policy allows
    role: ci.role,
    environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, privileged: true }, // privileged: docker build
    environmentVariables: { REPOSITORY_URI: { value: api.repositoryUri } },
    buildSpec: codebuild.BuildSpec.fromObject({
      version: '0.2',
      phases: {
        pre_build: { commands: ['aws ecr get-login-password | docker login --username AWS --password-stdin "${REPOSITORY_URI%%/*}"'] },
        build: { commands: ['docker build -t "$REPOSITORY_URI:$CODEBUILD_RESOLVED_SOURCE_VERSION" .'] },
        post_build: { commands: ['docker push "$REPOSITORY_URI:$CODEBUILD_RESOLVED_SOURCE_VERSION"'] },
      },
    }),
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
