import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PushableRepository } from '../../src';
import { REGION, registryStack, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// The apps most checks tests start from. Each call builds a new app: a test adds its own policies to
// it and synthesizes it once, so no test sees another's constructs.

/** A registry-account stack with a repository (`team-a/api`) and a role (`Ci`). */
export function registryApp() {
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const role = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
  return { app, stack, repository, role };
}

/** The same, and a workload account's stack with an ECS task role (`TaskRole`). */
export function twoAccountApp() {
  const b = registryApp();
  const workload = new Stack(b.app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
  const taskRole = new iam.Role(workload, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  return { ...b, workload, taskRole };
}

/** The repository AWS's "ManageRepositoryContents" example policy names (seed 002). */
export const SEED_002_REPOSITORY = 'arn:aws:ecr:us-east-1:123456789012:repository/my-repo';
