import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions, PushableRepository } from '../../src';
import { checkNearMisses } from '../helpers/near-miss-oracle';
import { reportOf } from '../helpers/report-oracle';
import { REGION, registryStack, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Near misses found beyond a repository policy that names the role: a repository policy that names
// the role's account for pull, and the role's own policy that adds push (the common cross-account
// push failure), is a push the repository policy is missing. The evaluator confirms each one.

function crossAccount(change: (repository: PushableRepository, role: iam.Role, workload: Stack) => void) {
  const app = new App();
  const repository = new PushableRepository(registryStack(app), 'Api', { repositoryName: 'team-a/api' });
  const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
  const role = new iam.Role(workload, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
  change(repository, role, workload);
  return app;
}

const PATHS = { principal: 'Workload/Deployer', repository: 'Registry/Api' };
const pushOnItsOwnSide = (repository: ecr.IRepository, role: iam.Role) =>
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...EcrActions.PUSH], resources: [repository.repositoryArn] }));

test.each([
  ['the repository policy names the role\'s account for pull; the role adds push on its own side', 'push',
    (repository: PushableRepository, role: iam.Role) => { repository.allowAccountPull(WORKLOAD_ACCOUNT); pushOnItsOwnSide(repository, role); }],
  ['the role pushes through a reference by ARN, which writes its side only', 'push',
    (repository: PushableRepository, role: iam.Role, workload: Stack) => pushOnItsOwnSide(
      ecr.Repository.fromRepositoryAttributes(workload, 'ApiByArn', { repositoryArn: repository.repositoryArn, repositoryName: 'team-a/api' }), role)],
])('%s: a near miss the evaluator denies, and allows once the missing side is added', async (_, capability, change) => {
  // GIVEN
  const app = crossAccount(change);
  // WHEN
  const report = reportOf(app);
  const checks = await checkNearMisses(app, PATHS);
  // THEN: the missing side is the repository policy, for the actions the role's policy alone allows
  const upload = ['ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'];
  expect(report.oneSided).toEqual([expect.objectContaining({
    principal: 'role Workload/Deployer', repository: 'team-a/api', capability, allowedBy: 'identity-policy', missing: 'repository-policy',
  })]);
  expect(report.oneSided![0].actions).toEqual(expect.arrayContaining(upload));
  expect(checks).toHaveLength(1);
  expect(checks[0].before).toContain('ImplicitlyDenied');
  expect(checks[0].missingBefore.every((d) => d !== 'Allowed')).toBe(true);
  expect(checks[0].after.every((d) => d === 'Allowed')).toBe(true);
});

test('push the repository policy gives the account and the role\'s policy does not is no near miss; the pull the role\'s policy gives is', async () => {
  // GIVEN: the repository lets the account push; the role's own policy allows pull only
  const app = crossAccount((repository, role) => {
    repository.allowAccountPush(WORKLOAD_ACCOUNT);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...EcrActions.PULL], resources: [repository.repositoryArn] }));
  });
  // WHEN
  const report = reportOf(app);
  const checks = await checkNearMisses(app, PATHS);
  // THEN: push is the account's to give its roles (delegation, not a slip); the account's push set
  // leaves out the layer download a pull needs, which only the role's side allows
  expect((report.oneSided ?? []).map((n) => [n.capability, n.missing, n.actions])).toEqual([['pull', 'repository-policy', ['ecr:GetDownloadUrlForLayer']]]);
  expect(checks.map((c) => [c.missingBefore, c.after.every((d) => d === 'Allowed')])).toEqual([[['ImplicitlyDenied'], true]]);
});

test('a role the repository policy names by its account only, with nothing on its own side, is no near miss', () => {
  // GIVEN: every role of the account would be one otherwise
  const app = crossAccount((repository) => { repository.allowAccountPush(WORKLOAD_ACCOUNT); });
  // WHEN
  const report = reportOf(app);
  // THEN
  expect(report.oneSided).toBeUndefined();
});
