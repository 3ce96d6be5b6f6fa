/**
 * GitHub Actions push: the `main` branch and release tags of acme/api build team-a/api from a base
 * image, with no long-lived keys.
 *
 * Shows: `CiProvider.gitHubActions` (an OIDC provider for token.actions.githubusercontent.com is
 * created once per account; the trust pins `aud` and `sub` to this repository's `main` branch and
 * `v*` tags) and `EcrCiPrincipal`, whose role may log in, push to team-a/api, pull base/node and
 * nothing else. The stack outputs the role ARN for the workflow:
 *
 *   permissions: { id-token: write, contents: read }
 *   - uses: aws-actions/configure-aws-credentials@v6
 *     with: { role-to-assume: <CiRoleArn output>, aws-region: us-east-1 }
 *   - uses: aws-actions/amazon-ecr-login@v2
 *
 * and the repository's dual-stack URI (`repositoryUriDualStack`), for runners on IPv6 networks:
 * the same role pushes there, ECR answers IPv4 and IPv6 on `<account>.dkr-ecr.<region>.on.aws`.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/github-actions-push.ts"
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { CiProvider, EcrCiPrincipal, PushableRepository } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  const stack = new Stack(app, 'GitHubActionsPush', { env: { account: '111111111111', region: 'us-east-1' } });

  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  // base images live in a repository this app does not manage
  const baseImages = ecr.Repository.fromRepositoryName(stack, 'BaseImages', 'base/node');

  const ci = new EcrCiPrincipal(stack, 'GitHubActions', {
    provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'], tags: ['v*'] }),
    push: [api],
    pull: [baseImages],
  });
  new CfnOutput(stack, 'CiRoleArn', { value: ci.roleArn, description: 'role-to-assume' });
  new CfnOutput(stack, 'ImageRepositoryDualStack', { value: api.repositoryUriDualStack, description: 'where IPv6 runners push' });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
