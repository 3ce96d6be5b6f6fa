import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { pushGrantsOf, recordNamespacePushGrant } from '../../src/repository/push-grants';

const ENV = { account: '111111111111', region: 'us-east-1' };

function fixture() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const role = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
  return { app, stack, role };
}

test('a namespace push grant recorded once per repository of the namespace is kept once', () => {
  // GIVEN: a CI principal folds three repositories into the namespace team-a
  const { app, role } = fixture();
  // WHEN
  for (let i = 0; i < 3; i++) recordNamespacePushGrant(role, role, 'team-a/*', ENV.account, ENV.region);
  // THEN
  expect(pushGrantsOf(app).map((g) => g.names)).toEqual(['team-a/*']);
});

test('grants to other namespaces, registries or grantees are each kept', () => {
  // GIVEN
  const { app, stack, role } = fixture();
  const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
  // WHEN
  recordNamespacePushGrant(role, role, 'team-a/*', ENV.account, ENV.region);
  recordNamespacePushGrant(role, role, 'team-b/*', ENV.account, ENV.region);
  recordNamespacePushGrant(role, role, 'team-a/*', ENV.account, 'eu-west-1');
  recordNamespacePushGrant(other, other, 'team-a/*', ENV.account, ENV.region);
  // THEN
  expect(pushGrantsOf(app).map((g) => [g.names, g.region, g.grantee === role ? 'Ci' : 'Other'])).toEqual([
    ['team-a/*', 'us-east-1', 'Ci'],
    ['team-b/*', 'us-east-1', 'Ci'],
    ['team-a/*', 'eu-west-1', 'Ci'],
    ['team-a/*', 'us-east-1', 'Other'],
  ]);
});

test('grants whose names are known only at deploy time are all kept', () => {
  // GIVEN: a namespace named after a generated role name
  const { app, stack, role } = fixture();
  const namespace = `${new iam.Role(stack, 'Named', { assumedBy: new iam.AccountRootPrincipal() }).roleName}/*`;
  // WHEN
  recordNamespacePushGrant(role, role, namespace, ENV.account, ENV.region);
  recordNamespacePushGrant(role, role, namespace, ENV.account, ENV.region);
  // THEN: nothing is merged that synth cannot compare
  expect(pushGrantsOf(app).map((g) => g.names)).toEqual([undefined, undefined]);
});
