import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PushableRepository } from '../../src';
import { markdownReport, textReport } from '../../src/report/render';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { CAPABILITY_ACTIONS, compareWithOracle, reportOf } from '../helpers/report-oracle';
import { ORG_ID, registryStack, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// A pull is ecr:BatchGetImage and ecr:GetDownloadUrlForLayer, as AWS's ECR_on_ECS page and
// AmazonEC2ContainerRegistryPullOnly define it. Lambda's cross-account requirement trusts the
// function's account for exactly these two with no condition; an organization pull beside it adds
// ecr:BatchCheckLayerAvailability under aws:PrincipalOrgID. The account's principals pull with no
// condition, and the report says so plainly.

function lambdaAndOrganizationApp() {
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Functions', { repositoryName: 'functions/api' });
  repository.allowLambdaPull({ accounts: [WORKLOAD_ACCOUNT], functionNamePattern: 'api-*' });
  repository.allowOrganizationPull(ORG_ID);
  return { app, repository };
}

// A pull that is partly unconditional must not read as pinned: the manifest with no condition, the
// layers only under a principal tag.
function partlyUnconditionalApp() {
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Functions', { repositoryName: 'functions/api' });
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  reader.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage'], resources: [repository.repositoryArn] }));
  reader.addToPolicy(new iam.PolicyStatement({
    actions: ['ecr:GetDownloadUrlForLayer'], resources: [repository.repositoryArn], conditions: { Bool: { 'aws:SecureTransport': 'true' } },
  }));
  return app;
}

const ACCOUNT_ROW = `account ${WORKLOAD_ACCOUNT}`;
const READER_ROW = 'role Registry/Reader';

test('the account Lambda\'s cross-account statement trusts pulls with no condition: (R), the layer check the organization adds is not needed', () => {
  // GIVEN
  const { app } = lambdaAndOrganizationApp();
  // WHEN
  const report = reportOf(app);
  const markdown = markdownReport(report);
  // THEN
  const pair = report.access.find((a) => a.principal === ACCOUNT_ROW && a.repository === 'functions/api')!;
  expect(pair.capabilities).toEqual([expect.objectContaining({ capability: 'pull', access: 'allowed', needs: 'identity-policy' })]);
  expect(pair.capabilities[0]).not.toHaveProperty('unconditionalActions');
  // the layer check, under the organization's condition, is part of the pull: no `+`
  expect(markdown).toContain(`| ${ACCOUNT_ROW} | (L) | (R) |`);
  expect(markdown).not.toContain(`- ${ACCOUNT_ROW} → functions/api`);
  // the organization's row stands for principals that meet its condition: allowed as a whole
  expect(markdown).toContain(`| organization ${ORG_ID} | (L) | (R) |`);
  expect(textReport(report)).toMatch(new RegExp(`^${ACCOUNT_ROW}\\s+\\(L\\)\\s+\\(R\\)$`, 'm'));
});

test('the cell is marked open (R!), not conditional (R?), and the line under the matrix says which actions have no condition', () => {
  // WHEN
  const report = reportOf(partlyUnconditionalApp());
  const markdown = markdownReport(report);
  // THEN
  const pair = report.access.find((a) => a.principal === READER_ROW && a.repository === 'functions/api')!;
  expect(pair.capabilities).toEqual([expect.objectContaining({ capability: 'pull', access: 'conditional', unconditionalActions: ['ecr:BatchGetImage'] })]);
  expect(markdown).toContain(`| ${READER_ROW} (111111111111) |  | R! |`);
  expect(markdown).toContain(`- ${READER_ROW} → functions/api: R partly unconditional: ecr:BatchGetImage with no condition, all of it if aws:SecureTransport is true`);
  expect(markdown).toContain('X! wider than a condition reads: some of its actions are allowed with no condition');
  expect(textReport(report)).toMatch(new RegExp(`^${READER_ROW} \\(111111111111\\)\\s+R!$`, 'm'));
});

test('the evaluator agrees: a principal of the account outside the organization pulls, and only the layer check needs the condition', async () => {
  // GIVEN
  const { app, repository } = lambdaAndOrganizationApp();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const puller = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/puller`, [{
    Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }],
  }]);
  // WHEN
  const decisions = await Promise.all(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'].map(
    (action) => oracle.decide(puller, action, oracle.repository(repository))));
  const comparison = await compareWithOracle(app, { actions: CAPABILITY_ACTIONS });
  // THEN
  expect(decisions).toEqual(['Allowed', 'Allowed', 'ImplicitlyDenied']);
  expect(comparison.mismatches).toEqual([]);
});

test('the evaluator agrees with the partly unconditional pull', async () => {
  // WHEN
  const comparison = await compareWithOracle(partlyUnconditionalApp(), { actions: CAPABILITY_ACTIONS });
  // THEN
  expect(comparison.mismatches).toEqual([]);
  expect(comparison.allowed).toBeGreaterThan(0);
});

test('notes under the "Not evaluated" heading do not say "not evaluated" again; the JSON keeps the words', () => {
  // GIVEN: a role with another app's managed policy, whose content is outside this app
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const role = new iam.Role(stack, 'Builder', { assumedBy: new iam.AccountRootPrincipal() });
  role.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Publishing', 'arn:aws:iam::111111111111:policy/ecr-publisher'));
  repository.grantPull(role);
  // WHEN
  const report = reportOf(app);
  // THEN
  const note = report.principals.flatMap((p) => p.notes ?? [])[0];
  expect(note).toMatch(/^not evaluated: the managed policy .*:policy\/ecr-publisher is outside this app$/);
  const text = textReport(report);
  const markdown = markdownReport(report);
  expect(text).toMatch(/\nNot evaluated:\n {2}role Registry\/Builder: the managed policy .*:policy\/ecr-publisher is outside this app\n/);
  expect(markdown).toMatch(/## Not evaluated\n\n- role Registry\/Builder: the managed policy .*:policy\/ecr-publisher is outside this app\n/);
  expect(`${text}${markdown}`).not.toMatch(/: not evaluated:/);
});
