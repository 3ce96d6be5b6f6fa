import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EcrActions, PushableRepository } from '../../src';

// An app with 200 stacks' worth of ECR policies, for the whole-app test and bench/checks.ts. Each
// service has a repository trusting another account, a CI role that pushes, and a task role that
// pulls from its own and the previous service's repository (a reference across stacks); one service
// in ten also has a Lambda pull, a managed policy, a user in a group, and a role of another account
// that pulls across accounts. Services go one per stack (as in the bench) or several per stack (the
// same policies with less of CDK's per-stack synth work, for the test).

export const REGISTRY = '111111111111';
export const WORKLOADS = '222222222222';

export interface LargeAppOptions {
  /** How many services. @default 200 */
  readonly services?: number;
  /** How many services share a stack. @default 1 */
  readonly servicesPerStack?: number;
  /** Services that also get the seeds' two classic typos, written by hand. @default none */
  readonly mistakesIn?: readonly number[];
  /**
   * Synthesize as `cdk synth` does: the CLI passes path and asset metadata and version reporting in
   * the context and keeps the tree metadata, which a bare `new App()` leaves out. @default false
   */
  readonly asCdkCli?: boolean;
}

/** The context the CDK CLI passes to the app it synthesizes (its defaults, without --debug). */
const CDK_CLI_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
};

export function largeApp(options: LargeAppOptions = {}): App {
  const { services = 200, servicesPerStack = 1, mistakesIn = [], asCdkCli = false } = options;
  // creation stack traces cost more than all else in a large app under jest; the checks need none
  const app = new App({
    stackTraces: false,
    treeMetadata: asCdkCli,
    context: { 'aws:cdk:disable-creation-stack-traces': true, ...asCdkCli ? CDK_CLI_CONTEXT : {} },
  });
  const env = { account: REGISTRY, region: 'us-east-1' };
  const workloads = new Stack(app, 'Workloads', { env: { account: WORKLOADS, region: 'us-east-1' } });
  let previous: PushableRepository | undefined;
  let stack: Stack | undefined;
  for (let i = 0; i < services; i++) {
    if (i % servicesPerStack === 0) stack = new Stack(app, servicesPerStack === 1 ? `Service${i}` : `Services${i}`, { env });
    const scope = new Construct(stack!, `Service${i}`);
    const repository = new PushableRepository(scope, 'Repository', { repositoryName: `team-${i % 10}/service-${i}`, mutableTags: ['latest'] });
    const ci = new iam.Role(scope, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
    repository.grantPush(ci);
    const task = new iam.Role(scope, 'Task', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    repository.grantPull(task);
    previous?.grantPull(task);
    repository.allowAccountPull(WORKLOADS);
    if (i % 10 === 0) {
      repository.allowLambdaPull();
      new iam.ManagedPolicy(scope, 'Readers', {
        statements: [new iam.PolicyStatement({ actions: EcrActions.READ, resources: [repository.repositoryArn] })],
        roles: [task],
      });
      const group = new iam.Group(scope, 'Developers');
      group.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
      const user = new iam.User(scope, 'Developer', { groups: [group] });
      user.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn] }));
      repository.grantPull(new iam.Role(workloads, `Puller${i}`, { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }));
    }
    if (mistakesIn.includes(i)) {
      task.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DeleteRepository'], resources: [`arn:aws:ecs:us-east-1:${REGISTRY}:repository/*`] }));
      new ecr.CfnRepository(scope, 'Raw').addPropertyOverride('RepositoryPolicyText', {
        Statement: [{ Effect: 'Allow', Principal: { AWS: WORKLOADS }, Action: ['ecr:GetAuthorizationToken'] }],
      });
    }
    previous = repository;
  }
  return app;
}
