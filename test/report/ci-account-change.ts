import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { build as ciAccountPush } from '../../examples/ci-account-push';
import { EcrActions, PushableRepository } from '../../src';
import { findConstruct } from '../helpers/assembly';

// A pull request on an example app (examples/ci-account-push.ts): a deploy role in the workload
// account that pushes, and a release role in the registry account that deletes and administers.
// The diff tests and the docs page's pull-request comment are made from it.

/** The example as it is on the main branch. */
export function beforeChange(): App {
  const app = new App();
  ciAccountPush(app);
  return app;
}

/** The example with the pull request's change. */
export function afterChange(): App {
  const app = beforeChange();
  const api = findConstruct(app, 'Registry/Api') as PushableRepository;
  api.grantPush(new iam.Role(findConstruct(app, 'Workload'), 'Deployer', { assumedBy: new iam.AccountRootPrincipal() }));
  api.grant(new iam.Role(findConstruct(app, 'Registry'), 'Release', { assumedBy: new iam.AccountRootPrincipal() }), ...EcrActions.DELETE, ...EcrActions.ADMIN);
  return app;
}

/**
 * The example with a deploy role of the workload account that pulls and pushes through a reference by ARN:
 * the reference writes the role's side only, so pull and push are near misses.
 */
export function nearMissChange(): App {
  const app = beforeChange();
  const api = findConstruct(app, 'Registry/Api') as PushableRepository;
  const workload = findConstruct(app, 'Workload') as Stack;
  const deployer = new iam.Role(workload, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
  ecr.Repository.fromRepositoryAttributes(workload, 'ApiByArn', { repositoryArn: api.repositoryArn, repositoryName: api.repositoryName }).grantPullPush(deployer);
  return app;
}
