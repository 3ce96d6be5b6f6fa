import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { DR_ACCOUNT, DR_REGION, ecrToEcrApp, OUTSIDE_ACCOUNT, PARTNER_ACCOUNT, platformRegistry, UPSTREAM_ACCOUNT, UPSTREAM_REGION } from './registry-scenarios';
import { SynthesizedApp } from '../helpers/assembly';
import {
  CREATE_ON_PUSH, DESTRUCTIVE, LOGIN, PULL, PULL_THROUGH_CACHE, PULL_THROUGH_CACHE_UPSTREAM, PUSH, PUSH_ONLY, REPLICATION,
  REPLICATION_SERVICE_ROLE_POLICY, replicationServiceRoleArn,
} from '../helpers/expected-actions';
import { AccessOracle, actingFor, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
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

describe('ECR-to-ECR pull-through cache: the role ECR assumes, the upstream registry\'s policy, the pullers', () => {
  const ptc = ecrToEcrApp();
  const ptcOracle = new AccessOracle(new SynthesizedApp(ptc.app));
  const conditioned = ecrToEcrApp({ sourceAccountCondition: true });
  const conditionedOracle = new AccessOracle(new SynthesizedApp(conditioned.app));
  const upstreamPolicy = registryPolicyOf(ptcOracle, ptc.upstreamRegistry);
  const upstream = (name: string) => registryRepository(arn(name, UPSTREAM_ACCOUNT, UPSTREAM_REGION), upstreamPolicy);
  // a registry of the given account and region, with the given registry policy (none: undefined)
  const elsewhere = (name: string, account: string, region: string, policy?: unknown) => registryRepository(arn(name, account, region), policy);
  const cached = (name: string) => registryRepository(arn(name), undefined);
  const role = ptcOracle.principal(ptc.platform.role!);
  const SERVICE = 'pullthroughcache.ecr.amazonaws.com';
  const WRITES = ['ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'];

  async function decide(decider: AccessOracle, principal: PrincipalUnderTest, target: RepositoryUnderTest | '*', actions: readonly string[], expected: Decision) {
    const actual = await Promise.all(actions.map(async (action) => `${action}: ${await decider.decide(principal, action, target)}`));
    expect(actual).toEqual(actions.map((action) => `${action}: ${expected}`));
    decisions = expected === 'Allowed' ? { ...decisions, allowed: decisions.allowed + actions.length } : { ...decisions, denied: decisions.denied + actions.length };
  }

  function trust(decider: AccessOracle, rule: typeof ptc.platform, principal: string, context: Record<string, string>, expected: Decision) {
    expect(decider.trust(rule.role!, principal, 'sts:AssumeRole', context)).toBe(expected);
    decisions = expected === 'Allowed' ? { ...decisions, allowed: decisions.allowed + 1 } : { ...decisions, denied: decisions.denied + 1 };
  }

  test('trust: the pull-through cache service may assume the role; other services and accounts may not', () => {
    trust(ptcOracle, ptc.platform, SERVICE, actingFor(REGISTRY_ACCOUNT), 'Allowed');
    trust(ptcOracle, ptc.platform, SERVICE, {}, 'Allowed');
    trust(ptcOracle, ptc.platform, 'ecs-tasks.amazonaws.com', actingFor(REGISTRY_ACCOUNT), 'ImplicitlyDenied');
    trust(ptcOracle, ptc.platform, 'replication.ecr.amazonaws.com', actingFor(REGISTRY_ACCOUNT), 'ImplicitlyDenied');
    trust(ptcOracle, ptc.platform, `arn:aws:iam::${OTHER_ACCOUNT}:root`, {}, 'ImplicitlyDenied');
  });

  test('trust with sourceAccountCondition: only for the registry\'s account; a service that sends no source account is refused', () => {
    trust(conditionedOracle, conditioned.platform, SERVICE, actingFor(REGISTRY_ACCOUNT), 'Allowed');
    trust(conditionedOracle, conditioned.platform, SERVICE, actingFor(OTHER_ACCOUNT), 'ImplicitlyDenied');
    trust(conditionedOracle, conditioned.platform, SERVICE, {}, 'ImplicitlyDenied');
  });

  test('the role reads and imports the upstream\'s team-a/ repositories through the upstream registry policy', async () => {
    await decide(ptcOracle, role, '*', LOGIN, 'Allowed');
    await decide(ptcOracle, role, upstream('team-a/api'), PULL_THROUGH_CACHE_UPSTREAM, 'Allowed');
    await decide(ptcOracle, role, upstream('team-a/tools/lint'), PULL_THROUGH_CACHE_UPSTREAM, 'Allowed');
  });

  test('the role cannot read other upstream repositories, write upstream, or read another account\'s registry', async () => {
    await decide(ptcOracle, role, upstream('team-b/api'), PULL_THROUGH_CACHE_UPSTREAM, 'ImplicitlyDenied');
    await decide(ptcOracle, role, upstream('team-ab/api'), PULL_THROUGH_CACHE_UPSTREAM, 'ImplicitlyDenied');
    await decide(ptcOracle, role, upstream('team-a/api'), [...WRITES, ...DESTRUCTIVE], 'ImplicitlyDenied');
    await decide(ptcOracle, role, elsewhere('team-a/api', OTHER_ACCOUNT, UPSTREAM_REGION, upstreamPolicy), PULL_THROUGH_CACHE_UPSTREAM, 'ImplicitlyDenied');
  });

  test('the role fills the cache\'s platform/ repositories and nothing else of its registry; no delete or admin', async () => {
    await decide(ptcOracle, role, cached('platform/api'), [...WRITES, ...PULL_THROUGH_CACHE_UPSTREAM], 'Allowed');
    await decide(ptcOracle, role, cached('partner/api'), [...WRITES, ...PULL_THROUGH_CACHE_UPSTREAM], 'ImplicitlyDenied');
    await decide(ptcOracle, role, cached('team-a/api'), WRITES, 'ImplicitlyDenied');
    await decide(ptcOracle, role, cached('platform/api'), [...DESTRUCTIVE, 'ecr:CreateRepository'], 'ImplicitlyDenied');
  });

  test('the upstream statement lets only the caching account in, and only to team-a/', async () => {
    const stranger = ptcOracle.external(`arn:aws:iam::${OTHER_ACCOUNT}:role/ptc`, role.identityPolicies);
    await decide(ptcOracle, stranger, upstream('team-a/api'), PULL_THROUGH_CACHE_UPSTREAM, 'ImplicitlyDenied');
    const withoutPolicy = elsewhere('team-a/api', UPSTREAM_ACCOUNT, UPSTREAM_REGION);
    await decide(ptcOracle, role, withoutPolicy, PULL_THROUGH_CACHE_UPSTREAM, 'ImplicitlyDenied');
    const anyCacheRole = ptcOracle.external(`arn:aws:iam::${REGISTRY_ACCOUNT}:role/other`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] }]);
    await decide(ptcOracle, anyCacheRole, upstream('team-a/api'), ['ecr:PutImage', 'ecr:DeleteRepository', 'ecr:SetRepositoryPolicy'], 'ImplicitlyDenied');
  });

  test('an upstream outside the app: denied until its owner adds the statement the warning prints; then allowed', async () => {
    const partner = ptcOracle.principal(ptc.partner.role!);
    const message = ptc.partner.node.metadata.map((m) => String(m.data)).find((m) => m.includes('upstreamRegistryPolicyRequired'))!;
    const printed = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1));
    await decide(ptcOracle, partner, elsewhere('any/image', OUTSIDE_ACCOUNT, 'eu-west-1'), PULL_THROUGH_CACHE_UPSTREAM, 'ImplicitlyDenied');
    await decide(ptcOracle, partner, elsewhere('any/image', OUTSIDE_ACCOUNT, 'eu-west-1', printed), PULL_THROUGH_CACHE_UPSTREAM, 'Allowed');
  });

  test('same account, another region: the role alone reads the upstream; ROOT caches every repository', async () => {
    const west = ptcOracle.principal(ptc.sameAccount.role!);
    await decide(ptcOracle, west, elsewhere('any/image', REGISTRY_ACCOUNT, UPSTREAM_REGION), PULL_THROUGH_CACHE_UPSTREAM, 'Allowed');
    await decide(ptcOracle, west, cached('any/image'), WRITES, 'Allowed');
    await decide(ptcOracle, west, elsewhere('any/image', REGISTRY_ACCOUNT, UPSTREAM_REGION), WRITES, 'ImplicitlyDenied');
    await decide(ptcOracle, west, elsewhere('any/image', REGISTRY_ACCOUNT, 'eu-west-1'), PULL_THROUGH_CACHE_UPSTREAM, 'ImplicitlyDenied');
  });

  test('the puller pulls through the platform/ cache (pull, import, create), not elsewhere, and cannot push', async () => {
    const puller = ptcOracle.principal(ptc.puller);
    await decide(ptcOracle, puller, '*', LOGIN, 'Allowed');
    await decide(ptcOracle, puller, cached('platform/api'), [...PULL, ...PULL_THROUGH_CACHE], 'Allowed');
    await decide(ptcOracle, puller, cached('partner/api'), [...PULL, ...PULL_THROUGH_CACHE], 'ImplicitlyDenied');
    await decide(ptcOracle, puller, upstream('team-a/api'), PULL, 'ImplicitlyDenied');
    await decide(ptcOracle, puller, cached('platform/api'), [...PUSH_ONLY, ...DESTRUCTIVE], 'ImplicitlyDenied');
  });
});

test('through aws-cdk-lib\'s ECS: a task whose image is in the cache pulls through it with grantPull on its execution role', async () => {
  // GIVEN a Fargate task whose image is the cached platform/node, named as aws-cdk-lib users name it
  const { app, cacheStack, platform } = ecrToEcrApp();
  const task = new ecs.FargateTaskDefinition(cacheStack, 'Task');
  task.addContainer('App', { image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(cacheStack, 'Cached', 'platform/node'), 'v1') });
  // WHEN
  platform.grantPull(task.obtainExecutionRole());
  // THEN aws-cdk-lib granted the pull of platform/node; the rule's grant adds the import and create of the first pull
  const decider = new AccessOracle(new SynthesizedApp(app));
  const executionRole = decider.principal(task.executionRole!);
  const cachedNode = registryRepository(arn('platform/node'), undefined);
  for (const action of [...LOGIN]) expect(await decider.decide(executionRole, action, '*')).toBe('Allowed');
  for (const action of [...PULL, ...PULL_THROUGH_CACHE]) expect(`${action}: ${await decider.decide(executionRole, action, cachedNode)}`).toBe(`${action}: Allowed`);
  for (const action of [...PULL_THROUGH_CACHE, ...PUSH_ONLY]) {
    const otherCache = registryRepository(arn('partner/node'), undefined);
    expect(`${action}: ${await decider.decide(executionRole, action, otherCache)}`).toBe(`${action}: ImplicitlyDenied`);
  }
  decisions = {
    allowed: decisions.allowed + LOGIN.length + PULL.length + PULL_THROUGH_CACHE.length,
    denied: decisions.denied + PULL_THROUGH_CACHE.length + PUSH_ONLY.length,
  };
});
