import { App, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions, PushableRepository } from '../../src';
import { cellText } from '../../src/report/render';
import { AccessReportJson } from '../../src/report/report-data';
import { CAPABILITY_ACTIONS, compareWithOracle, reportOf } from '../helpers/report-oracle';

// The report's evaluator on the parts of AWS's evaluation logic that grants alone do not reach:
// sessions named in a repository policy, NotPrincipal, permissions boundaries (which a repository
// policy naming a user, or "*", gets past in one account, and one naming a role does not),
// aws:PrincipalArn and principal tags decided at synth, NotResource, and a Deny under a condition.
// Each case is asserted on the report, and the whole report is compared with the evaluator we did
// not write.

const REGISTRY = '111111111111';
const WORKLOAD = '222222222222';

function edgeApp(): App {
  const app = new App();
  const registry = new Stack(app, 'Registry', { env: { account: REGISTRY, region: 'us-east-1' } });
  const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD, region: 'us-east-1' } });
  const api = new PushableRepository(registry, 'Api', { repositoryName: 'edge/api' });
  const secret = new PushableRepository(registry, 'Secret', { repositoryName: 'edge/secret' });
  const role = (stack: Stack, id: string, props: Partial<iam.RoleProps> = {}) =>
    new iam.Role(stack, id, { assumedBy: new iam.AccountRootPrincipal(), ...props });
  const allow = (grantee: iam.IGrantable, actions: string[], resources = [api.repositoryArn]) =>
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
  const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

  // one session of a role of the other account may push
  const deployer = role(workload, 'Deployer', { roleName: 'deployer' });
  allow(deployer, EcrActions.PUSH);
  api.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ArnPrincipal(`arn:aws:sts::${WORKLOAD}:assumed-role/deployer/release`)], actions: EcrActions.PUSH,
  }));

  // only the keeper may put images into the secret repository: everyone else's PutImage is denied
  const keeper = role(registry, 'Keeper', { roleName: 'keeper' });
  const pusher = role(registry, 'Pusher');
  allow(keeper, EcrActions.PUSH, [secret.repositoryArn]);
  allow(pusher, EcrActions.PUSH, [secret.repositoryArn]);
  secret.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY, notPrincipals: [new iam.ArnPrincipal(roleArn(REGISTRY, 'keeper'))], actions: ['ecr:PutImage'],
  }));

  // a boundary that allows no ECR action: a repository policy naming the user gets past it, one naming the role does not
  const boundary = new iam.ManagedPolicy(registry, 'NoEcr', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] });
  new iam.User(registry, 'Ops', { userName: 'ops', permissionsBoundary: boundary });
  role(registry, 'Bounded', { roleName: 'bounded', permissionsBoundary: boundary });
  api.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ArnPrincipal(`arn:aws:iam::${REGISTRY}:user/ops`), new iam.ArnPrincipal(roleArn(REGISTRY, 'bounded'))], actions: EcrActions.PULL,
  }));

  // roles whose ARN matches team-* may pull, whoever they are
  role(registry, 'TeamWeb', { roleName: 'team-web' });
  role(registry, 'Other', { roleName: 'other' });
  api.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.StarPrincipal()],
    actions: EcrActions.PULL,
    conditions: { StringLike: { 'aws:PrincipalArn': roleArn(REGISTRY, 'team-*') } },
  }));

  // the other account's principals may list images, unless tagged team=blocked
  const tagged = role(workload, 'Tagged');
  Tags.of(tagged).add('team', 'blocked');
  const untagged = role(workload, 'Untagged');
  for (const r of [tagged, untagged]) allow(r, ['ecr:DescribeImages']);
  api.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.AccountPrincipal(WORKLOAD)],
    actions: ['ecr:DescribeImages'],
    conditions: { StringNotEquals: { 'aws:PrincipalTag/team': 'blocked' } },
  }));

  // every repository but the secret one
  const reader = role(registry, 'Reader', { roleName: 'reader' });
  reader.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage'], notResources: [secret.repositoryArn] }));

  // pulls, except over plain HTTP
  const careful = role(registry, 'Careful', { roleName: 'careful' });
  allow(careful, EcrActions.PULL);
  careful.addToPolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY, actions: ['ecr:*'], resources: ['*'], conditions: { Bool: { 'aws:SecureTransport': 'false' } },
  }));
  return app;
}

const app = edgeApp();
const report: AccessReportJson = reportOf(app);

function cell(principal: string, repository: string): string {
  const pair = report.access.find((a) => a.principal === principal && a.repository === repository);
  return pair ? cellText(pair.capabilities, pair.actions) : '';
}

test('each case, as the report shows it', () => {
  expect(cell('role Workload/Deployer', 'edge/api')).toBe('W?');
  expect(report.access.find((a) => a.principal === 'role Workload/Deployer')!.capabilities[0].when)
    .toEqual([[{ operator: 'RoleSession', key: 'aws:userid', values: ['release'] }]]);
  // the session itself, as the repository policy names it (the "*" statements reach it too, on their conditions);
  // its push gives two of the pull actions with no condition: pull is partly unconditional
  expect(cell('principal arn:aws:sts::222222222222:assumed-role/deployer/release', 'edge/api')).toBe('(R!) (W) (+?)');
  expect(cell('role Registry/Keeper', 'edge/secret')).toBe('W'); // the one the Deny leaves out
  expect(cell('role Registry/Pusher', 'edge/secret')).toBe('+'); // PutImage denied: no push
  expect(cell('user Registry/Ops', 'edge/api')).toBe('R'); // named user: past the boundary
  expect(cell('role Registry/Bounded', 'edge/api')).toBe(''); // named role: held by the boundary
  expect(cell('role Registry/TeamWeb', 'edge/api')).toBe('R'); // aws:PrincipalArn decided at synth
  expect(cell('role Registry/Other', 'edge/api')).toBe('');
  expect(cell('anyone (*)', 'edge/api')).toBe('(R?)');
  expect(cell('role Workload/Untagged', 'edge/api')).toBe('+');
  expect(cell('role Workload/Tagged', 'edge/api')).toBe(''); // the tag is known: the condition fails
  expect(cell('account 222222222222', 'edge/api')).toBe('(R?) (+?)'); // the account's roles are unknown: aws:PrincipalArn stays a condition
  expect(cell('role Registry/Reader', 'edge/api')).toBe('+');
  expect(cell('role Registry/Reader', 'edge/secret')).toBe('');
  expect(cell('role Registry/Careful', 'edge/api')).toBe('R?');
  expect(report.access.find((a) => a.principal === 'role Registry/Careful')!.capabilities[0])
    .toEqual({
      capability: 'pull',
      access: 'conditional',
      unless: [[{ operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] }]],
      grantedBy: [{ side: 'identity-policy', stack: 'Registry', path: 'Registry/Careful/DefaultPolicy', policy: 'inline policy', statement: 0 }],
    });
});

test('the evaluator we did not write agrees, action by action', async () => {
  const result = await compareWithOracle(app, { report, actions: CAPABILITY_ACTIONS });
  console.log(`edge cases report vs evaluator: ${result.pairs} pairs, ${result.decisions} decisions (${result.allowed} allowed), ${result.mismatches.length} mismatches`);
  expect(result.mismatches).toEqual([]);
});
