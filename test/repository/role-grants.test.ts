import { App, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, PULL, PUSH_ONLY } from '../helpers/expected-actions';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { logicalIdOf, REGION, registryStack, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// A cross-account grant to a role of the app: with a fixed role name the repository policy names the
// role (aws:PrincipalArn); without one it trusts the role's account for principals carrying the role's aws-cdk:id tag.
// The evaluator decides, for the role and for a sibling role of the same account with and without
// that tag.

const TAG = 'aws-cdk:id';

/** A repository in the registry account; a role in the workload account (in the same app) pulls from it. */
function crossAccountRole(roleName?: string, workloadDependsOnRegistry = false) {
  const app = new App();
  const registry = registryStack(app);
  const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
  if (workloadDependsOnRegistry) workload.addDependency(registry);
  const repository = new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' });
  const role = new iam.Role(workload, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), roleName });
  repository.grantPull(role);
  return { app, registry, workload, repository, role };
}

function repositoryStatements(stack: Stack, repository: PushableRepository): any[] {
  return Template.fromStack(stack).toJSON().Resources[logicalIdOf(repository)].Properties.RepositoryPolicyText.Statement;
}

/** Another role of the workload account, with the same identity policy as the granted role, and the given tags. */
function sibling(principal: PrincipalUnderTest, tags: Record<string, string>): PrincipalUnderTest {
  return { ...principal, arn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/sibling`, tags };
}

async function expectDecisions(
  oracle: AccessOracle, principal: PrincipalUnderTest, repo: RepositoryUnderTest, actions: readonly string[], expected: Decision,
) {
  for (const action of actions) {
    await expect(oracle.decide(principal, action, repo).then((d) => `${action}: ${d}`)).resolves.toEqual(`${action}: ${expected}`);
  }
}

describe('a role with a fixed name', () => {
  test('is named by its ARN in an aws:PrincipalArn condition on its account, with no tag and no stack dependency', () => {
    // GIVEN / WHEN
    const { app, registry, workload, repository } = crossAccountRole('api-task');
    // THEN
    expect(repositoryStatements(registry, repository)).toEqual([{
      Action: PULL,
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${WORKLOAD_ACCOUNT}:root`]] } },
      Condition: { ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${WORKLOAD_ACCOUNT}:role/api-task`]] } } },
    }]);
    // a condition value is never looked up: the role need not exist first, so no deployment order is imposed
    expect(registry.dependencies).toEqual([]);
    expect(workload.dependencies).toEqual([]);
    const tags = Template.fromStack(workload).toJSON().Resources[logicalIdOf(app.node.findChild('Workload').node.findChild('TaskRole'))].Properties.Tags;
    expect(tags).toBeUndefined();
  });

  test('the evaluator: the role pulls (every session of it); a sibling role of its account does not, tagged or not', async () => {
    const { app, repository, role } = crossAccountRole('api-task');
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const repo = oracle.repository(repository);
    const granted = oracle.principal(role);
    await expectDecisions(oracle, granted, repo, PULL, 'Allowed');
    await expectDecisions(oracle, { ...granted, arn: `arn:aws:sts::${WORKLOAD_ACCOUNT}:assumed-role/api-task/run-1` }, repo, PULL, 'Allowed');
    await expectDecisions(oracle, granted, repo, [...PUSH_ONLY, ...DESTRUCTIVE], 'ImplicitlyDenied');
    await expectDecisions(oracle, sibling(granted, {}), repo, PULL, 'ImplicitlyDenied');
    await expectDecisions(oracle, sibling(granted, { [TAG]: `Workload_${role.node.addr}` }), repo, PULL, 'ImplicitlyDenied');
  });

  test('whose stack already depends on the repository\'s, or is in another stage: the same statement, synth does not fail', () => {
    // GIVEN
    const { registry, workload, repository } = crossAccountRole('api-task', true);
    const app = new App();
    const other = registryStack(app);
    const stage = new Stage(app, 'Prod');
    const staged = new Stack(stage, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    const stagedRepository = new PushableRepository(other, 'Api', { repositoryName: 'team-a/api' });
    // WHEN
    stagedRepository.grantPull(new iam.Role(staged, 'TaskRole', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'api-task' }));
    // THEN
    expect(() => app.synth()).not.toThrow();
    expect(workload.dependencies).toEqual([registry]);
    for (const [stack, repo] of [[registry, repository], [other, stagedRepository]] as const) {
      expect(repositoryStatements(stack, repo)[0].Condition).toEqual({ ArnEquals: { 'aws:PrincipalArn': expect.anything() } });
    }
  });
});

describe('a role without a fixed name', () => {
  test('the evaluator: its account is trusted for any role carrying the same tag value (as the README says)', async () => {
    const { app, registry, repository, role } = crossAccountRole();
    const value = `Workload_${role.node.addr}`;
    expect(repositoryStatements(registry, repository)[0].Condition).toEqual({ StringEquals: { [`aws:PrincipalTag/${TAG}`]: value } });
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const repo = oracle.repository(repository);
    const granted = oracle.principal(role);
    await expectDecisions(oracle, granted, repo, PULL, 'Allowed');
    await expectDecisions(oracle, sibling(granted, {}), repo, PULL, 'ImplicitlyDenied');
    await expectDecisions(oracle, sibling(granted, { [TAG]: value }), repo, PULL, 'Allowed');
  });
});
