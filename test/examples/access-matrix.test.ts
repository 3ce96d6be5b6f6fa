import { App, Stack } from 'aws-cdk-lib';
import * as signer from 'aws-cdk-lib/aws-signer';
import { build as blobMounting } from '../../examples/blob-mounting';
import { build as checksExample } from '../../examples/checks';
import { build as ciAccountPush } from '../../examples/ci-account-push';
import { build as codeBuildPush } from '../../examples/codebuild-push';
import { build as createUnderPrefix } from '../../examples/create-under-prefix';
import { build as crossAccountPull } from '../../examples/cross-account-pull';
import { build as gitHubActionsPush } from '../../examples/github-actions-push';
import { build as gitLabPush } from '../../examples/gitlab-push';
import { build as govCloudDsse } from '../../examples/govcloud-dsse';
import { build as imageArchive } from '../../examples/image-archive';
import { build as lambdaPull } from '../../examples/lambda-pull';
import { build as managedSigning } from '../../examples/managed-signing';
import { build as organizationPull } from '../../examples/organization-pull';
import { build as pullThroughCacheEcr } from '../../examples/pull-through-cache-ecr';
import { build as registryLevel } from '../../examples/registry';
import { build as sameAccountPush } from '../../examples/same-account-push';
import { EcrRegistry } from '../../src';
import { evaluateMatrix, MatrixPrincipal, MatrixResult, outputJson } from '../helpers/access-matrix';
import { findConstruct, SynthesizedApp } from '../helpers/assembly';
import {
  CREATE_ON_PUSH, LAMBDA_PULL, MANAGE_STORAGE_CLASS, PULL, PULL_THROUGH_CACHE, PULL_THROUGH_CACHE_ROLE, PULL_THROUGH_CACHE_UPSTREAM, PUSH,
  REPLICATION, REPLICATION_SERVICE_ROLE_POLICY, replicationServiceRoleArn,
} from '../helpers/expected-actions';
import { AccessOracle } from '../helpers/oracle';
import { registryPolicyOf, registryRepository } from '../helpers/registry-policies';
import { compareWithOracle } from '../helpers/report-oracle';
import { profilePermissionPolicy } from '../helpers/signer-permissions';

// For each example: every ECR action × every principal × every repository, decided by
// @cloud-copilot/iam-simulate on the synthesized policies, against the intended matrix below.
// Anything not listed as intended must be denied. Then the same synthesized app's access report
// (EcrAccessReport's evaluator) against the same evaluator, action by action, for every principal
// and repository the report names (test/helpers/report-oracle.ts).

const totals = { checked: 0, allowed: 0, denied: 0, mismatches: 0 };
const reportTotals = { pairs: 0, decisions: 0, allowed: 0, mismatches: 0 };
afterAll(() => {
  console.log(`access matrix: ${totals.checked} checked, ${totals.allowed} allowed, ${totals.denied} denied, ${totals.mismatches} mismatches`);
  console.log(`access report vs evaluator: ${reportTotals.pairs} pairs, ${reportTotals.decisions} decisions (${reportTotals.allowed} allowed), ${reportTotals.mismatches} mismatches`);
});

/** The app's access report agrees with the evaluator on every action. */
async function checkReport(app: App) {
  const result = await compareWithOracle(app);
  reportTotals.pairs += result.pairs;
  reportTotals.decisions += result.decisions;
  reportTotals.allowed += result.allowed;
  reportTotals.mismatches += result.mismatches.length;
  expect(result.mismatches).toEqual([]);
  expect(result.allowed).toBeGreaterThan(0);
}


function role(app: App, path: string): (oracle: AccessOracle) => ReturnType<AccessOracle['principal']> {
  return (oracle) => oracle.principal(findConstruct(app, path));
}

async function check(result: MatrixResult) {
  totals.checked += result.checked;
  totals.allowed += result.allowed;
  totals.denied += result.denied;
  totals.mismatches += result.mismatches.length;
  expect(result.mismatches).toEqual([]);
  expect(result.allowed).toBeGreaterThan(0);
}

function appOf(build: (app: App) => void): App {
  const app = new App();
  build(app);
  return app;
}

test('same-account-push', async () => {
  const app = appOf(sameAccountPush);
  await check(await evaluateMatrix(app, { api: findConstruct(app, 'SameAccountPush/Api') }, [
    { name: 'CI role', principal: role(app, 'SameAccountPush/CiRole'), login: true, allowed: { api: PUSH } },
  ]));
  await checkReport(app);
});

test('cross-account-pull', async () => {
  const app = appOf(crossAccountPull);
  const registry = app.node.findChild('Registry') as Stack;
  const matrix: MatrixPrincipal[] = [
    { name: 'workload task role', principal: role(app, 'Workload/TaskExecutionRole'), login: true, allowed: { api: PULL } },
    {
      name: 'analytics account principal with the identity policy',
      principal: (oracle) => oracle.external('arn:aws:iam::333333333333:role/analytics', [outputJson(oracle, registry, 'AnalyticsAccountIdentityPolicy')]),
      login: true,
      allowed: { api: PULL },
    },
    { name: 'another account', principal: (oracle) => oracle.external('arn:aws:iam::999999999999:role/x', []), login: false, allowed: {} },
  ];
  await check(await evaluateMatrix(app, { api: findConstruct(app, 'Registry/Api') }, matrix));
  await checkReport(app);
});

test('organization-pull', async () => {
  const app = appOf(organizationPull);
  const stack = app.node.findChild('SharedBaseImages') as Stack;
  const repositories = { node: findConstruct(app, 'SharedBaseImages/node'), python: findConstruct(app, 'SharedBaseImages/python') };
  await check(await evaluateMatrix(app, repositories, [
    {
      name: 'member account principal with the node policy',
      principal: (oracle) => oracle.external('arn:aws:iam::222222222222:role/app', [outputJson(oracle, stack, 'nodePullPolicy')]),
      context: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
      login: true,
      allowed: { node: PULL },
    },
    {
      name: 'principal outside the organization with the same policy',
      principal: (oracle) => oracle.external('arn:aws:iam::999999999999:role/app', [outputJson(oracle, stack, 'nodePullPolicy')]),
      context: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' },
      login: true, // its own account lets it log in to its own registry, not read ours
      allowed: {},
    },
  ]));
  await checkReport(app);
});

test('lambda-pull', async () => {
  const app = appOf(lambdaPull);
  const lambda = (account: string, fn: string): MatrixPrincipal => ({
    name: `Lambda for ${account}:${fn}`,
    principal: (oracle) => oracle.external('lambda.amazonaws.com'),
    context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:lambda:us-east-1:${account}:function:${fn}` },
    login: false,
    allowed: fn.startsWith('orders-') && ['111111111111', '222222222222'].includes(account) ? { api: LAMBDA_PULL } : {},
  });
  await check(await evaluateMatrix(app, { api: findConstruct(app, 'FunctionImages/OrdersApi') }, [
    lambda('222222222222', 'orders-api'),
    lambda('111111111111', 'orders-worker'),
    lambda('222222222222', 'billing'),
    lambda('999999999999', 'orders-api'),
  ]));
  await checkReport(app);
});

// The CI principals: login, push to what they build, pull what they build from, create under their
// prefix, and nothing else of ECR's actions.

test('github-actions-push', async () => {
  const app = appOf(gitHubActionsPush);
  await check(await evaluateMatrix(app, {
    api: findConstruct(app, 'GitHubActionsPush/Api'),
    base: (oracle) => oracle.externalRepository('arn:aws:ecr:us-east-1:111111111111:repository/base/node'),
    other: (oracle) => oracle.externalRepository('arn:aws:ecr:us-east-1:111111111111:repository/team-a/web'),
  }, [
    { name: 'GitHub Actions role', principal: role(app, 'GitHubActionsPush/GitHubActions/Role'), login: true, allowed: { api: PUSH, base: PULL } },
  ]));
  await checkReport(app);
  // the repository's dual-stack URI, as deployed: the host changes, the permissions above do not
  const stack = findConstruct(app, 'GitHubActionsPush') as Stack;
  const synthesized = new SynthesizedApp(app);
  const output = synthesized.stackOf(stack).template.Outputs.ImageRepositoryDualStack.Value;
  expect(synthesized.resolve(synthesized.stackOf(stack), output)).toBe('111111111111.dkr-ecr.us-east-1.on.aws/team-a/api');
});

test('create-under-prefix', async () => {
  const app = appOf(createUnderPrefix);
  const repository = (name: string) => (oracle: AccessOracle) => oracle.externalRepository(`arn:aws:ecr:us-east-1:111111111111:repository/${name}`);
  const underPrefix = [...new Set(['ecr:CreateRepository', 'ecr:DescribeRepositories', ...PUSH])];
  await check(await evaluateMatrix(app, {
    teamA: repository('team-a/orders'),
    teamANested: repository('team-a/tools/builder'),
    teamB: repository('team-b/orders'),
    lookalike: repository('team-ab/orders'),
    otherAccount: (oracle) => oracle.externalRepository('arn:aws:ecr:us-east-1:999999999999:repository/team-a/orders'),
  }, [
    { name: 'platform role', principal: role(app, 'CreateUnderPrefix/Platform/Role'), login: true, allowed: { teamA: underPrefix, teamANested: underPrefix } },
  ]));
  await checkReport(app);
});

test('ci-account-push', async () => {
  const app = appOf(ciAccountPush);
  await check(await evaluateMatrix(app, { api: findConstruct(app, 'Registry/Api') }, [
    { name: 'CI account role', principal: role(app, 'Ci/GitHubActions/Role'), login: true, allowed: { api: PUSH } },
    { name: 'workload task role', principal: role(app, 'Workload/TaskExecutionRole'), login: true, allowed: { api: PULL } },
    {
      name: 'another role of the CI account with the same identity policies',
      principal: (oracle) => oracle.external('arn:aws:iam::333333333333:role/other', oracle.principal(findConstruct(app, 'Ci/GitHubActions/Role')).identityPolicies),
      login: true, // its identity policy lets it log in to its own registry; the repository policy keeps it out of ours
      allowed: {},
    },
  ]));
  await checkReport(app);
});

test.each([
  ['gitlab-push', gitLabPush, 'GitLabPush', 'GitLab'],
  ['codebuild-push', codeBuildPush, 'CodeBuildPush', 'CodeBuild'],
] as const)('%s', async (_name, build, stackName, principalId) => {
  const app = appOf(build);
  await check(await evaluateMatrix(app, { api: findConstruct(app, `${stackName}/Api`) }, [
    { name: `${principalId} role`, principal: role(app, `${stackName}/${principalId}/Role`), login: true, allowed: { api: PUSH } },
  ]));
  await checkReport(app);
});

// the checks example has no intended matrix of its own (it shows the checks); its report is compared all the same
test('checks (report only)', async () => {
  await checkReport(appOf(checksExample));
});

// The registry-level example: requests on the registry's repositories are decided with the registry
// policy as their resource policy (joined with the repository policy a creation template gives them);
// the replication role is the source account's documented service-linked role.
test('pull-through-cache-ecr', async () => {
  const app = appOf(pullThroughCacheEcr);
  const upstreamRegistry = findConstruct(app, 'Platform/Registry') as EcrRegistry;
  const cacheRegistry = findConstruct(app, 'Workload/Registry') as EcrRegistry;
  // a repository as ECR authorizes it: its registry's policy (scope V2) and its own policy
  const upstream = (path: string) => (oracle: AccessOracle) => {
    const repository = oracle.repository(findConstruct(app, path) as never);
    return registryRepository(repository.arn, registryPolicyOf(oracle, upstreamRegistry), repository.policy);
  };
  const cached = (name: string) => (oracle: AccessOracle) =>
    registryRepository(`arn:aws:ecr:us-east-1:222222222222:repository/${name}`, registryPolicyOf(oracle, cacheRegistry));
  const roleWrites = PULL_THROUGH_CACHE_ROLE.filter((a) => a !== 'ecr:GetAuthorizationToken' && !PULL_THROUGH_CACHE_UPSTREAM.includes(a));
  await check(await evaluateMatrix(app, {
    baseNode: upstream('Platform/BaseNode'),
    internalTools: upstream('Platform/InternalTools'),
    cachedNode: cached('platform/node'),
    publicNginx: cached('ecr-public/nginx/nginx'),
    otherWorkload: cached('team-a/api'),
  }, [
    {
      name: 'ECS task role',
      principal: role(app, 'Workload/TaskExecutionRole'),
      login: true,
      allowed: {
        cachedNode: [...PULL, ...PULL_THROUGH_CACHE], publicNginx: [...PULL, ...PULL_THROUGH_CACHE],
      },
    },
    {
      name: 'the role ECR assumes for the platform cache',
      principal: role(app, 'Workload/Registry/Platform/Role'),
      login: true,
      allowed: {
        baseNode: PULL_THROUGH_CACHE_UPSTREAM, cachedNode: [...PULL_THROUGH_CACHE_UPSTREAM, ...roleWrites],
      },
    },
    {
      name: 'a role of a third account with the same identity policy',
      principal: (oracle) => oracle.external('arn:aws:iam::333333333333:role/ptc', oracle.principal(findConstruct(app, 'Workload/Registry/Platform/Role') as never).identityPolicies),
      login: true,
      allowed: {},
    },
  ]));
  await checkReport(app);
});

test('registry', async () => {
  const app = appOf(registryLevel);
  const platform = app.node.findChild('Platform') as Stack;
  const registry = findConstruct(app, 'Platform/Registry') as EcrRegistry;
  const dr = findConstruct(app, 'DisasterRecovery/Registry') as EcrRegistry;
  const inPlatform = (name: string, templatePath?: string) => (oracle: AccessOracle) => {
    const repositoryPolicy = templatePath ? oracle.policyOf(findConstruct(app, templatePath), 'RepositoryPolicy') : undefined;
    return registryRepository(`arn:aws:ecr:us-east-1:111111111111:repository/${name}`, registryPolicyOf(oracle, registry), repositoryPolicy);
  };
  await check(await evaluateMatrix(app, {
    cached: inPlatform('docker-hub/library/nginx'),
    teamANew: inPlatform('team-a/new-service', 'Platform/Registry/TeamA'),
    base: inPlatform('base/node'),
    drProd: (oracle) => registryRepository('arn:aws:ecr:eu-west-1:444444444444:repository/prod/api', registryPolicyOf(oracle, dr)),
  }, [
    { name: 'ECS task role', principal: role(app, 'Platform/TaskExecutionRole'), login: true, allowed: { cached: [...PULL, ...PULL_THROUGH_CACHE] } },
    { name: 'team-a builder', principal: role(app, 'Platform/TeamABuilder/Role'), login: true, allowed: { teamANew: [...PUSH, ...CREATE_ON_PUSH] } },
    {
      name: 'workload account principal with the team-a policy',
      principal: (oracle) => oracle.external('arn:aws:iam::222222222222:role/app', [outputJson(oracle, platform, 'WorkloadPullPolicy')]),
      login: true,
      allowed: { teamANew: PULL },
    },
    {
      name: 'organization member with the base images policy',
      principal: (oracle) => oracle.external('arn:aws:iam::333333333333:role/app', [outputJson(oracle, platform, 'BaseImagesPullPolicy')]),
      context: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
      login: true,
      allowed: { base: PULL },
    },
    {
      name: 'the platform account\'s replication role',
      principal: (oracle) => oracle.external(replicationServiceRoleArn('111111111111'), [REPLICATION_SERVICE_ROLE_POLICY]),
      login: false,
      // AWS's managed policy allows it on `*`: in its own account that alone suffices; in the DR
      // account only the registry policy's prod/ statement lets it in
      allowed: { drProd: REPLICATION, cached: REPLICATION, teamANew: REPLICATION, base: REPLICATION },
    },
  ]));
  await checkReport(app);
});

// The ECR features of 2025–2026: archive storage class, managed signing, dual-layer encryption.

test('image-archive', async () => {
  const app = appOf(imageArchive);
  await check(await evaluateMatrix(app, { api: findConstruct(app, 'ImageArchive/Api') }, [
    { name: 'CI role', principal: role(app, 'ImageArchive/CiRole'), login: true, allowed: { api: PUSH } },
    // archiving and restoring are API calls: no registry login
    { name: 'operator', principal: role(app, 'ImageArchive/OperatorRole'), login: false, allowed: { api: MANAGE_STORAGE_CLASS } },
  ]));
  await checkReport(app);
});

test('managed-signing', async () => {
  const app = appOf(managedSigning);
  await check(await evaluateMatrix(app, { prod: findConstruct(app, 'ManagedSigning/ProdApi'), dev: findConstruct(app, 'ManagedSigning/DevApi') }, [
    { name: 'CI role', principal: role(app, 'ManagedSigning/CiRole'), login: true, allowed: { prod: PUSH, dev: PUSH } },
    { name: 'verifier', principal: role(app, 'ManagedSigning/VerifierRole'), login: true, allowed: { prod: [...PULL, 'ecr:DescribeImageSigningStatus'] } },
    { name: 'build role of another account', principal: role(app, 'ManagedSigningWorkload/BuildRole'), login: true, allowed: { prod: PUSH } },
  ]));
  await checkReport(app);
});

test('managed-signing: only the pusher of the signed repository may sign, with the profile', async () => {
  const app = appOf(managedSigning);
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const stack = app.node.findChild('ManagedSigning') as Stack;
  const profile = findConstruct(app, 'ManagedSigning/ImageSigning') as signer.SigningProfile;
  const profileArn = oracle.synthesized.resolve(oracle.synthesized.stackOf(stack), stack.resolve(profile.signingProfileArn)) as string;
  const target = oracle.externalRepository(profileArn);
  expect(target.arn).toMatch(/^arn:aws:signer:us-east-1:111111111111:\/signing-profiles\//);
  await expect(oracle.decide(oracle.principal(findConstruct(app, 'ManagedSigning/CiRole')), 'signer:SignPayload', target)).resolves.toEqual('Allowed');
  await expect(oracle.decide(oracle.principal(findConstruct(app, 'ManagedSigning/VerifierRole')), 'signer:SignPayload', target)).resolves.toEqual('ImplicitlyDenied');
  // the other account's build role, with the profile permission the app writes for its account
  const profilePolicy = profilePermissionPolicy(oracle.synthesized, profileArn);
  expect(profilePolicy.Statement.map((s: { Principal: unknown }) => s.Principal)).toEqual([{ AWS: 'arn:aws:iam::222222222222:root' }]);
  const build = oracle.principal(findConstruct(app, 'ManagedSigningWorkload/BuildRole'));
  await expect(oracle.decide(build, 'signer:SignPayload', oracle.externalRepository(profileArn, profilePolicy))).resolves.toEqual('Allowed');
  await expect(oracle.decide(build, 'signer:SignPayload', target)).resolves.toEqual('ImplicitlyDenied');
});

test('blob-mounting', async () => {
  const app = appOf(blobMounting);
  await check(await evaluateMatrix(app, { api: findConstruct(app, 'BlobMounting/Api'), base: findConstruct(app, 'BlobMounting/BaseNode') }, [
    // the push, and the layer download a mount needs on the source: not its manifests, not a push there
    { name: 'CI role', principal: role(app, 'BlobMounting/CiRole'), login: true, allowed: { api: PUSH, base: ['ecr:GetDownloadUrlForLayer'] } },
    // the custom resource that sets BLOB_MOUNTING: nothing on any repository, no login
    { name: 'setting provider', principal: role(app, 'BlobMounting/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole'), login: false, allowed: {} },
  ]));
  await checkReport(app);
});

test('blob-mounting: the setting\'s role may turn BLOB_MOUNTING on or off, and no other account setting', async () => {
  const app = appOf(blobMounting);
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const provider = oracle.principal(findConstruct(app, 'BlobMounting/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole'));
  await expect(oracle.decide(provider, 'ecr:PutAccountSetting', '*', { 'ecr:AccountSetting': 'BLOB_MOUNTING' })).resolves.toEqual('Allowed');
  await expect(oracle.decide(provider, 'ecr:PutAccountSetting', '*', { 'ecr:AccountSetting': 'REGISTRY_POLICY_SCOPE' })).resolves.toEqual('ImplicitlyDenied');
  await expect(oracle.decide(oracle.principal(findConstruct(app, 'BlobMounting/CiRole')), 'ecr:PutAccountSetting', '*', { 'ecr:AccountSetting': 'BLOB_MOUNTING' }))
    .resolves.toEqual('ImplicitlyDenied');
});

test('govcloud-dsse', async () => {
  const app = appOf(govCloudDsse);
  await check(await evaluateMatrix(app, { api: findConstruct(app, 'GovCloudDsse/Api') }, [
    { name: 'workload role', principal: role(app, 'GovCloudDsse/WorkloadRole'), login: true, allowed: { api: PULL } },
  ]));
  await checkReport(app);
});
