import { Stack } from 'aws-cdk-lib';
import { DR_ACCOUNT, DR_REGION, PARTNER_ACCOUNT, platformRegistry } from './registry-scenarios';
import { SynthesizedApp } from '../helpers/assembly';
import {
  CREATE_ON_PUSH, DESTRUCTIVE, LOGIN, PULL, PULL_THROUGH_CACHE, PUSH, PUSH_ONLY, REPLICATION,
  REPLICATION_SERVICE_ROLE_POLICY, replicationServiceRoleArn,
} from '../helpers/expected-actions';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { registryPolicyOf, registryRepository } from '../helpers/registry-policies';
import { CI_ACCOUNT, ORG_ID, OTHER_ACCOUNT, REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Every decision comes from @cloud-copilot/iam-simulate on the synthesized policies, against AWS's
// documented action lists (test/helpers/expected-actions.ts). The registry policy is modelled as the
// resource policy of requests on the registry's repositories, joined with a repository's own policy
// (test/helpers/registry-policies.ts); ECR's replication role is the documented service-linked role.

const scenario = platformRegistry();
const oracle = new AccessOracle(new SynthesizedApp(scenario.app));
const registryPolicy = registryPolicyOf(oracle, scenario.registry);
const drPolicy = registryPolicyOf(oracle, scenario.drRegistry);
const arn = (name: string, account = REGISTRY_ACCOUNT, region = REGION) => `arn:aws:ecr:${region}:${account}:repository/${name}`;
const inRegistry = (name: string): RepositoryUnderTest => registryRepository(arn(name), registryPolicy);

let decisions = { allowed: 0, denied: 0 };
afterAll(() => console.log(`registry oracle: ${decisions.allowed} allowed, ${decisions.denied} denied`));

async function expectDecisions(principal: PrincipalUnderTest, target: RepositoryUnderTest | '*', actions: readonly string[], expected: Decision, context?: Record<string, string>) {
  const actual = await Promise.all(actions.map(async (action) => `${action}: ${await oracle.decide(principal, action, target, context)}`));
  expect(actual).toEqual(actions.map((action) => `${action}: ${expected}`));
  if (expected === 'Allowed') decisions = { ...decisions, allowed: decisions.allowed + actions.length };
  else decisions = { ...decisions, denied: decisions.denied + actions.length };
}

describe('cross-account replication: the source account\'s replication role against the destination\'s registry policy', () => {
  const source = oracle.external(replicationServiceRoleArn(REGISTRY_ACCOUNT), [REPLICATION_SERVICE_ROLE_POLICY]);
  const dr = (name: string) => registryRepository(arn(name, DR_ACCOUNT, DR_REGION), drPolicy);

  test('allowed: replicate into, and create, the repositories the rule replicates (prod/)', async () => {
    await expectDecisions(source, dr('prod/api'), REPLICATION, 'Allowed');
    await expectDecisions(source, dr('prod/tools/builder'), REPLICATION, 'Allowed');
  });

  test('denied: names the rule does not replicate, other actions, other source accounts', async () => {
    await expectDecisions(source, dr('team-a/api'), REPLICATION, 'ImplicitlyDenied');
    await expectDecisions(source, dr('prod/api'), [...PUSH_ONLY, ...DESTRUCTIVE], 'ImplicitlyDenied');
    const stranger = oracle.external(replicationServiceRoleArn(OTHER_ACCOUNT), [REPLICATION_SERVICE_ROLE_POLICY]);
    await expectDecisions(stranger, dr('prod/api'), REPLICATION, 'ImplicitlyDenied');
  });

  test('a destination outside the app denies until its owner adds the statement the warning prints; then allows', async () => {
    const message = Stack.of(scenario.registry).node.findAll()
      .flatMap((c) => c.node.metadata).map((m) => String(m.data)).find((m) => m.includes(`account ${PARTNER_ACCOUNT}`))!;
    const printed = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1));
    const partner = (policy?: unknown) => registryRepository(arn('shared/lib', PARTNER_ACCOUNT, 'ap-south-1'), policy);
    await expectDecisions(source, partner(), REPLICATION, 'ImplicitlyDenied');
    await expectDecisions(source, partner(printed), REPLICATION, 'Allowed');
  });
});

describe('pull-through cache', () => {
  const taskRole = oracle.principal(scenario.taskRole);

  test('allowed: a granted role logs in, pulls, imports and creates under docker-hub/, and tags for the tagging template', async () => {
    await expectDecisions(taskRole, '*', LOGIN, 'Allowed');
    await expectDecisions(taskRole, inRegistry('docker-hub/library/nginx'), [...PULL, ...PULL_THROUGH_CACHE, 'ecr:TagResource'], 'Allowed');
  });

  test('denied: other caches and namespaces, pushing, deleting', async () => {
    await expectDecisions(taskRole, inRegistry('ecr-public/nginx/nginx'), [...PULL, ...PULL_THROUGH_CACHE], 'ImplicitlyDenied');
    await expectDecisions(taskRole, inRegistry('docker-hub-mirror/x'), PULL_THROUGH_CACHE, 'ImplicitlyDenied');
    await expectDecisions(taskRole, inRegistry('docker-hub/library/nginx'), [...PUSH_ONLY, ...DESTRUCTIVE], 'ImplicitlyDenied');
  });

  test('denied: a role of the same account without the grant (the registry policy does not open the cache to the account)', async () => {
    await expectDecisions(oracle.principal(scenario.otherRole), inRegistry('docker-hub/library/nginx'), [...PULL, ...PULL_THROUGH_CACHE], 'ImplicitlyDenied');
  });

  test('another account: allowed with the registry policy and the identity policy allowAccountPull returns; denied to a third account', async () => {
    const identity = oracle.document(scenario.stack, scenario.cachePullPolicy);
    const workload = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/app`, [identity]);
    await expectDecisions(workload, inRegistry('docker-hub/library/nginx'), [...PULL, ...PULL_THROUGH_CACHE], 'Allowed');
    await expectDecisions(workload, registryRepository(arn('docker-hub/library/nginx'), undefined), PULL_THROUGH_CACHE, 'ImplicitlyDenied');
    await expectDecisions(oracle.external(`arn:aws:iam::${OTHER_ACCOUNT}:role/app`, [identity]), inRegistry('docker-hub/library/nginx'), PULL_THROUGH_CACHE, 'ImplicitlyDenied');
  });
});

describe('registry policy (scope V2) instead of per-repository policies', () => {
  test('organization pull: any member principal with the identity policy pulls base/*; nothing else, nobody else', async () => {
    const identity = oracle.document(scenario.stack, scenario.basePullPolicy);
    const member = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/app`, [identity]);
    const inOrg = { 'aws:PrincipalOrgID': ORG_ID };
    await expectDecisions(member, inRegistry('base/node'), PULL, 'Allowed', inOrg);
    await expectDecisions(member, inRegistry('base/node'), PUSH_ONLY, 'ImplicitlyDenied', inOrg);
    await expectDecisions(member, inRegistry('team-a/api'), PULL, 'ImplicitlyDenied', inOrg);
    await expectDecisions(member, inRegistry('base/node'), PULL, 'ImplicitlyDenied', { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' });
  });

  test('account push: the CI account pushes under ci/ (not ci2/), and cannot read layers or delete', async () => {
    const ci = oracle.external(`arn:aws:iam::${CI_ACCOUNT}:role/ci`, [oracle.document(scenario.stack, scenario.ciPushPolicy)]);
    await expectDecisions(ci, inRegistry('ci/builder'), PUSH, 'Allowed');
    await expectDecisions(ci, inRegistry('ci2/builder'), PUSH, 'ImplicitlyDenied');
    await expectDecisions(ci, inRegistry('ci/builder'), ['ecr:GetDownloadUrlForLayer', ...DESTRUCTIVE], 'ImplicitlyDenied');
  });
});

describe('create on push', () => {
  const builder = oracle.principal(scenario.builder.role);
  const pusher = oracle.principal(scenario.pusher.role);

  test('allowed: the builder creates (and pushes to) new repositories under team-a/', async () => {
    await expectDecisions(builder, inRegistry('team-a/new-service'), [...PUSH, ...CREATE_ON_PUSH], 'Allowed');
    await expectDecisions(builder, inRegistry('team-a/tools/linter'), CREATE_ON_PUSH, 'Allowed');
  });

  test('denied: other namespaces, a look-alike, other accounts, describe and delete', async () => {
    await expectDecisions(builder, inRegistry('team-b/x'), [...PUSH, ...CREATE_ON_PUSH], 'ImplicitlyDenied');
    await expectDecisions(builder, inRegistry('team-ab/x'), CREATE_ON_PUSH, 'ImplicitlyDenied');
    await expectDecisions(builder, registryRepository(arn('team-a/x', OTHER_ACCOUNT), undefined), CREATE_ON_PUSH, 'ImplicitlyDenied');
    await expectDecisions(builder, inRegistry('team-a/x'), ['ecr:DescribeRepositories', ...DESTRUCTIVE], 'ImplicitlyDenied');
  });

  test('a principal that may push to an existing repository under team-a/ cannot create a new one', async () => {
    await expectDecisions(pusher, registryRepository(oracle.repository(scenario.existing).arn, registryPolicy, oracle.repository(scenario.existing).policy), PUSH, 'Allowed');
    await expectDecisions(pusher, inRegistry('team-a/new-service'), CREATE_ON_PUSH, 'ImplicitlyDenied');
  });
});

describe('repository policy of the repositories a template creates', () => {
  type Resource = { Type: string; Properties: Record<string, unknown> };
  const resources = oracle.synthesized.stackOf(scenario.stack).template.Resources as Record<string, Resource>;
  const template = Object.values(resources)
    .find((r) => r.Type === 'AWS::ECR::RepositoryCreationTemplate' && r.Properties.Prefix === 'team-a')!;
  const created = (name: string) => registryRepository(arn(name), registryPolicy,
    JSON.parse(oracle.synthesized.resolve(oracle.synthesized.stackOf(scenario.stack), template.Properties.RepositoryPolicy)));

  test('the workload account pulls what the template creates, with the identity policy allowAccountPull returned; it cannot push', async () => {
    const workload = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/app`, [oracle.document(scenario.stack, scenario.teamAPullPolicy)]);
    await expectDecisions(workload, created('team-a/new-service'), PULL, 'Allowed');
    await expectDecisions(workload, created('team-a/new-service'), PUSH_ONLY, 'ImplicitlyDenied');
  });

  test('another account with the same identity policy is denied', async () => {
    const stranger = oracle.external(`arn:aws:iam::${OTHER_ACCOUNT}:role/app`, [oracle.document(scenario.stack, scenario.teamAPullPolicy)]);
    await expectDecisions(stranger, created('team-a/new-service'), PULL, 'ImplicitlyDenied');
  });
});
