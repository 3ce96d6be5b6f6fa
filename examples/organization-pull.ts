/**
 * Organization pull: base images that every account of an AWS Organization may pull.
 *
 * Shows: `allowOrganizationPull` writes `Principal: "*"` limited by `aws:PrincipalOrgID`, so any
 * principal of the organization's accounts can pull once its own account grants it (the returned
 * identity policy), and nobody outside the organization can. Each member account attaches that
 * identity policy to its pullers.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/organization-pull.ts"
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { PushableRepository } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  const stack = new Stack(app, 'SharedBaseImages', { env: { account: '111111111111', region: 'us-east-1' } });

  for (const name of ['base/node', 'base/python']) {
    const repository = new PushableRepository(stack, name.replace('base/', ''), { repositoryName: name });
    const identityPolicy = repository.allowOrganizationPull('o-a1b2c3d4e5');
    new CfnOutput(stack, `${name.replace('base/', '')}PullPolicy`, {
      value: stack.toJsonString(identityPolicy.toJSON()),
      description: `Identity policy for principals in the organization that pull ${name}`,
    });
  }
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
