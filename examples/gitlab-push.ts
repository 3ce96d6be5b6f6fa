/**
 * GitLab CI push: pipelines of `main` in the project acme/platform/api on gitlab.com push to
 * team-a/api.
 *
 * Shows: `CiProvider.gitLab`, whose trust pins the audience (the instance URL, as GitLab's AWS guide
 * sets it) and the subject `project_path:acme/platform/api:ref_type:branch:ref:main`. The job
 * requests its token with:
 *
 *   id_tokens:
 *     AWS_ID_TOKEN: { aud: https://gitlab.com }
 *
 * and assumes the role whose ARN the stack outputs (CiRoleArn).
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/gitlab-push.ts"
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { CiProvider, EcrCiPrincipal, PushableRepository } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  const stack = new Stack(app, 'GitLabPush', { env: { account: '111111111111', region: 'us-east-1' } });

  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });

  const ci = new EcrCiPrincipal(stack, 'GitLab', {
    provider: CiProvider.gitLab({ projectPath: 'acme/platform/api', branches: ['main'] }),
    push: [api],
  });
  new CfnOutput(stack, 'CiRoleArn', { value: ci.roleArn, description: 'AWS_ROLE_ARN for the job' });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
