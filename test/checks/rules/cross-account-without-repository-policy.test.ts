import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { build as pullThroughCacheEcr } from '../../../examples/pull-through-cache-ecr';
import { EcrActions, EcrRegistry, PushableRepository } from '../../../src';
import { SynthesizedApp } from '../../helpers/assembly';
import { AccessOracle } from '../../helpers/oracle';
import { registryPolicyOf, registryRepository } from '../../helpers/registry-policies';
import { OTHER_ACCOUNT, REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, Reported } from '../findings';
import { twoAccountApp } from '../fixtures';

// Across accounts ECR needs both sides: the caller's identity policy and the repository policy. A
// principal of another account granted on a repository of the app with only its identity side, or a
// Lambda function of another account running the repository's image, is denied. Seeds and sweep
// seeds are marked.

const RULE = 'cross-account-without-repository-policy';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: PushableRepository grants and aws-cdk-lib\'s own cross-account grant write both sides', () => {
  // GIVEN
  const { app, stack: registry, workload, repository, taskRole: role } = twoAccountApp();
  repository.grantPullPush(role);
  const plain = new ecr.Repository(registry, 'Plain', { repositoryName: 'team-a/plain' });
  plain.grantPull(new iam.Role(workload, 'Other', { assumedBy: new iam.AccountRootPrincipal() }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('compliant 2: the repository trusts the account (allowAccountPull) and the role pulls', () => {
  // GIVEN
  const { app, repository, taskRole: role } = twoAccountApp();
  repository.allowAccountPull(WORKLOAD_ACCOUNT);
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1 (seed: "permissions for pushing … were not set at the repository level"): identity policy only', () => {
  // GIVEN
  const { app, repository, taskRole: role } = twoAccountApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [repository.repositoryArn] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'error', path: 'Workload/TaskRole/DefaultPolicy/Resource' });
  expect(finding.text).toContain(`Role 'Workload/TaskRole' in account ${WORKLOAD_ACCOUNT} is allowed ecr:BatchCheckLayerAvailability`);
  expect(finding.text).toContain(`on repository 'Registry/Api' in account ${REGISTRY_ACCOUNT}`);
  expect(finding.text).toContain('the repository has no repository policy');
  expect(finding.text).toMatch(/add to the repository policy of 'Registry\/Api': \{"Action":\["ecr:BatchCheckLayerAvailability",.*"Principal":\{"AWS":"arn:aws:iam::222222222222:role\//);
  expect(finding.text).toContain('Fix: Grant through the repository (repository.grantPull/grantPush of a PushableRepository), which writes both sides '
    + '(pass the repository itself to other stacks: grants on an import made with PushableRepository.fromRepositoryArn(...) only print the statement below)');
  expect(finding.text).not.toContain('grantOnRepository');
});

test('non-compliant 2: the repository trusts the account to pull, the role was given push', () => {
  // GIVEN
  const { app, repository, taskRole: role } = twoAccountApp();
  repository.allowAccountPull(WORKLOAD_ACCOUNT);
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL_PUSH, resources: [repository.repositoryArn] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.text).toContain('is allowed ecr:CompleteLayerUpload, ecr:InitiateLayerUpload, ecr:PutImage, ecr:UploadLayerPart on repository');
  expect(finding.text).toContain('the repository policy does not allow it to');
});

test.each([
  ['roles tagged like another role (aws-cdk-lib\'s grant to an unnamed role); this role lacks the tag', undefined],
  ['another role by its aws:PrincipalArn (the grant to a role with a roleName)', 'ci-role-1'],
])('non-compliant 3 (sweep seed 197): the policy trusts the account for %s', async (_name, roleName) => {
  // GIVEN: a grant to one role of the workload account, and CodePipeline's EcrSourceAction role of the same
  // account, which aws-cdk-lib gives only its identity side
  const { app, workload, repository } = twoAccountApp();
  const role = new iam.Role(workload, 'Granted', { assumedBy: new iam.AccountRootPrincipal(), roleName });
  repository.grant(role, 'ecr:*');
  const source = new iam.Role(workload, 'SourceActionRole', { assumedBy: new iam.AccountRootPrincipal() });
  source.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:DescribeImages'], resources: [repository.repositoryArn] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Workload/SourceActionRole/DefaultPolicy/Resource']);
  expect(findings[0].text).toContain('is allowed ecr:DescribeImages on repository \'Registry/Api\'');
  expect(findings[0].text).toContain('the repository policy does not allow it to');
  // the evaluator agrees: the tagged role describes the images, the source action's role is denied
  const oracle = new AccessOracle(new SynthesizedApp(app));
  await expect(oracle.decide(oracle.principal(role), 'ecr:DescribeImages', oracle.repository(repository))).resolves.toBe('Allowed');
  await expect(oracle.decide(oracle.principal(source), 'ecr:DescribeImages', oracle.repository(repository))).resolves.toBe('ImplicitlyDenied');
});

describe('a Lambda function of another account running an image of a repository of the app', () => {
  /** A repository named 'tools/lint' in the registry account, and a function of the workload account bound to an import of that name (sweep seed 356). */
  function importedByName(repository: (stack: Stack) => ecr.Repository) {
    const { app, stack: registry, workload } = twoAccountApp();
    const owned = repository(registry);
    const imported = ecr.Repository.fromRepositoryName(registry, 'ByName', 'tools/lint');
    new lambda.DockerImageFunction(workload, 'K1', { code: lambda.DockerImageCode.fromEcr(imported, { tagOrDigest: 'v1' }), functionName: 'fn-k1' });
    return { app, owned };
  }

  test('compliant 3: a PushableRepository writes what the function needs, even through an import of its name', () => {
    // GIVEN
    const { app } = importedByName((stack) => new PushableRepository(stack, 'Lint', { repositoryName: 'tools/lint' }));
    // WHEN
    const findings = aspectFindings(app);
    // THEN
    expect(only(findings)).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'cross-account-repository-outside-app')).toEqual([]);
  });

  test('non-compliant 4 (sweep seed 356): a plain ecr.Repository reached through an import: both statements, and the evaluator denies Lambda', async () => {
    // GIVEN
    const { app, owned } = importedByName((stack) => new ecr.Repository(stack, 'Lint', { repositoryName: 'tools/lint' }));
    // WHEN
    const [finding, ...rest] = only(aspectFindings(app));
    // THEN
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'error', path: 'Workload/K1/Resource' });
    expect(finding.text).toContain(`Lambda function 'Workload/K1' in account ${WORKLOAD_ACCOUNT} runs an image of repository 'Registry/Lint' in account ${REGISTRY_ACCOUNT}, `
      + 'but the repository policy does not let Lambda read it for this function');
    expect(finding.text).toContain('"Principal":{"Service":"lambda.amazonaws.com"},"Sid":"AllowLambdaPull"} and {"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],'
      + `"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${WORKLOAD_ACCOUNT}:root"}}`);
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const context = { 'aws:SourceAccount': WORKLOAD_ACCOUNT, 'aws:SourceArn': `arn:aws:lambda:${REGION}:${WORKLOAD_ACCOUNT}:function:fn-k1` };
    await expect(oracle.decide(oracle.service('lambda.amazonaws.com'), 'ecr:BatchGetImage', oracle.repository(owned), context)).resolves.toBe('ImplicitlyDenied');
  });
});

test('non-compliant (issue 17 gap): a pull on Resource "*" reaches the other account\'s repository too; the evaluator agrees it is denied', async () => {
  // GIVEN a workload role that pulls "any repository" (the AmazonEC2ContainerRegistryPullOnly shape, written inline)
  const { app, repository, taskRole } = twoAccountApp();
  taskRole.addToPolicy(new iam.PolicyStatement({ actions: [...EcrActions.LOGIN, ...EcrActions.LAMBDA_PULL], resources: ['*'] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Workload/TaskRole/DefaultPolicy/Resource']);
  expect(findings[0].text).toContain("on repository 'Registry/Api' in account 111111111111");
  const oracle = new AccessOracle(new SynthesizedApp(app));
  await expect(oracle.decide(oracle.principal(taskRole), 'ecr:BatchGetImage', oracle.repository(repository))).resolves.toBe('ImplicitlyDenied');
});

test('compliant (issue 17 gap): a pull on "*" with the repository trusting the account; "*" for login or listing alone is no grant', () => {
  // GIVEN
  const { app, repository, taskRole } = twoAccountApp();
  repository.allowAccountPull(WORKLOAD_ACCOUNT);
  taskRole.addToPolicy(new iam.PolicyStatement({ actions: [...EcrActions.LOGIN, ...EcrActions.PULL, 'ecr:DescribeRepositories'], resources: ['*'] }));
  // WHEN / THEN
  expect(only(aspectFindings(app))).toEqual([]);
});

describe('the other side in the registry policy of the repository\'s account (ECR applies it too, scope V2)', () => {
  /** A role of the workload account allowed `actions` (a pull) on 'team-a/api' of the registry account, whose repository has no policy. */
  function pullerApp(actions = EcrActions.PULL) {
    const { app, stack, workload, repository, taskRole } = twoAccountApp();
    taskRole.addToPolicy(new iam.PolicyStatement({ actions, resources: [repository.repositoryArn] }));
    taskRole.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
    return { app, stack, workload, repository, taskRole, registry: new EcrRegistry(stack, 'EcrRegistry') };
  }

  /** What the evaluator decides for a pull, with the registry policy and the repository policy as ECR applies them. */
  async function pullDecision(app: App, registry: EcrRegistry, repository: PushableRepository, role: iam.IRole) {
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const target = oracle.repository(repository);
    return oracle.decide(oracle.principal(role), 'ecr:BatchGetImage', registryRepository(target.arn, registryPolicyOf(oracle, registry), target.policy));
  }

  test.each<[string, string[], (registry: EcrRegistry) => void]>([
    ['EcrRegistry.allowAccountPull for the workload account', EcrActions.PULL, (registry) => registry.allowAccountPull(WORKLOAD_ACCOUNT)],
    ['the same under the repository\'s namespace', EcrActions.PULL, (registry) => registry.allowAccountPull(WORKLOAD_ACCOUNT, { namespace: 'team-a' })],
    // the upstream side of an ECR-to-ECR pull-through cache as AWS documents it (account root,
    // repository/*), and the cache role's reads upstream:
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html
    ['AWS\'s pull-through cache upstream statement', EcrActions.PULL_THROUGH_CACHE_UPSTREAM, (registry) => registry.addToRegistryPolicy(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
      actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage', 'ecr:GetImageCopyStatus'],
      resources: [`arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/*`],
    }))],
  ])('compliant: %s; the evaluator allows the pull', async (_name, actions, allow) => {
    // GIVEN
    const { app, registry, repository, taskRole } = pullerApp(actions);
    allow(registry);
    // WHEN
    const findings = only(aspectFindings(app));
    // THEN
    expect(findings).toEqual([]);
    await expect(pullDecision(app, registry, repository, taskRole)).resolves.toBe('Allowed');
  });

  test.each<[string, (registry: EcrRegistry) => void]>([
    ['another account', (registry) => registry.allowAccountPull(OTHER_ACCOUNT)],
    ['another namespace', (registry) => registry.allowAccountPull(WORKLOAD_ACCOUNT, { namespace: 'team-b' })],
    // the only actions a registry policy holds under scope V1, as AWS's replication and pull-through
    // cache examples write them (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-create-replication.html)
    ['only the scope V1 actions', (registry) => registry.addToRegistryPolicy(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
      actions: ['ecr:ReplicateImage', 'ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
      resources: [`arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/*`],
    }))],
  ])('non-compliant: the registry policy lets in %s; the evaluator denies the pull', async (_name, allow) => {
    // GIVEN
    const { app, registry, repository, taskRole } = pullerApp();
    allow(registry);
    // WHEN
    const [finding, ...rest] = only(aspectFindings(app));
    // THEN
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'error', path: 'Workload/TaskRole/DefaultPolicy/Resource' });
    expect(finding.text).toContain('is allowed ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on repository \'Registry/Api\'');
    expect(finding.text).toContain('the repository has no repository policy (nor does the registry policy of its account): ECR denies the request.');
    await expect(pullDecision(app, registry, repository, taskRole)).resolves.toBe('ImplicitlyDenied');
  });

  test('non-compliant: a registry policy of the account in another Region does not count', () => {
    // GIVEN
    const { app } = pullerApp();
    const west = new Stack(app, 'West', { env: { account: REGISTRY_ACCOUNT, region: 'us-west-2' } });
    new EcrRegistry(west, 'EcrRegistry').allowAccountPull(WORKLOAD_ACCOUNT);
    // WHEN
    const findings = only(aspectFindings(app));
    // THEN
    expect(findings.map((f) => f.path)).toEqual(['Workload/TaskRole/DefaultPolicy/Resource']);
    expect(findings[0].text).toContain(`on repository 'Registry/Api' in account ${REGISTRY_ACCOUNT}`);
  });

  test('non-compliant: the registry policy trusts the account to pull, the role pushes: only the push is reported', () => {
    // GIVEN
    const { app, registry, repository, taskRole } = pullerApp();
    registry.allowAccountPull(WORKLOAD_ACCOUNT);
    taskRole.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH_LAYER, resources: [repository.repositoryArn] }));
    // WHEN
    const findings = only(aspectFindings(app));
    // THEN
    expect(findings).toHaveLength(1);
    expect(findings[0].text).toContain('is allowed ecr:CompleteLayerUpload, ecr:InitiateLayerUpload, ecr:PutImage, ecr:UploadLayerPart on repository');
  });

  test('compliant: the ECR-to-ECR pull-through cache example, with no acknowledgment: the upstream registry policy lets the cache role read', () => {
    // GIVEN
    const app = new App();
    pullThroughCacheEcr(app);
    // WHEN
    const findings = aspectFindings(app);
    // THEN
    expect(only(findings)).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'cross-account-repository-outside-app')).toEqual([]);
  });
});
