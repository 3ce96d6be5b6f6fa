import { App } from 'aws-cdk-lib';
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
