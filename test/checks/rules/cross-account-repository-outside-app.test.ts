import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EcrActions, EcrRegistry, PushableRepository } from '../../../src';
import { SynthesizedApp } from '../../helpers/assembly';
import { AccessOracle, actingFor, PrincipalUnderTest } from '../../helpers/oracle';
import { CI_ACCOUNT, OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, pluginFindings, Reported } from '../findings';

// An identity grant on a repository of another account that the app does not define: its
// repository policy is the other half of the grant, and only its owner can write it. The case the
// issue names: aws-cdk-lib's ECS ContainerImage.fromEcrRepository with a repository imported from
// another account, which grants the task's execution role on its ARN and nothing else.

const RULE = 'cross-account-repository-outside-app';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);
const IMAGES = `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/api`;

function workloadApp() {
  const app = new App();
  const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
  return { app, workload };
}

/** A Fargate task whose container image is the repository, as ECS users write it. */
function task(scope: Stack, id: string, repository: ecr.IRepository): ecs.FargateTaskDefinition {
  const definition = new ecs.FargateTaskDefinition(scope, id);
  definition.addContainer('App', { image: ecs.ContainerImage.fromEcrRepository(repository, 'v1') });
  return definition;
}

test('compliant 1: a repository of the app (both sides written), one of the same account, one a registry policy of the app lets in, a grant on "*"', () => {
  // GIVEN
  const { app, workload } = workloadApp();
  const registry = registryStack(app);
  const own = new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' });
  task(workload, 'OwnImage', own);
  task(workload, 'SameAccount', ecr.Repository.fromRepositoryName(workload, 'Local', 'local/app'));
  // the registry policy of the repository's account and Region lets the workload account pull every repository
  new EcrRegistry(registry, 'Registry').allowAccountPull(WORKLOAD_ACCOUNT);
  task(workload, 'GovernedImage', ecr.Repository.fromRepositoryArn(workload, 'Governed', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/base/node`));
  const reader = new iam.Role(workload, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  reader.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: ['*'] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1 (issue: ECS ContainerImage.fromEcrRepository on a repository imported from another account)', () => {
  // GIVEN
  const { app, workload } = workloadApp();
  task(workload, 'Task', ecr.Repository.fromRepositoryArn(workload, 'Images', IMAGES));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'warning', path: 'Workload/Task/ExecutionRole/DefaultPolicy/Resource' });
  expect(finding.text).toContain(`Role 'Workload/Task/ExecutionRole' in account ${WORKLOAD_ACCOUNT} is allowed ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, `
    + `ecr:GetDownloadUrlForLayer on repository 'team-a/api' in account ${REGISTRY_ACCOUNT} (statement 0 of the inline policy of 'Workload/Task/ExecutionRole/DefaultPolicy'), `
    + 'which this app does not define: ECR denies the request unless that repository\'s policy allows it too.');
  expect(finding.text).toContain(`Fix: In account ${REGISTRY_ACCOUNT}, add to the repository policy of 'team-a/api': {"Action":["ecr:BatchCheckLayerAvailability",`
    + `"ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${WORKLOAD_ACCOUNT}:root"}} `
    + '(the role\'s name is generated at deployment, so the statement names its account; give the role a fixed name to name it alone); '
    + 'if its owner has done so, acknowledge this warning with that reason.');
});

test('non-compliant 2: a named role pushing to a name pattern of another account; the plugin mode reports it too', () => {
  // GIVEN
  const { app, workload } = workloadApp();
  const builder = new iam.Role(workload, 'Builder', { roleName: 'image-builder', assumedBy: new iam.AccountRootPrincipal() });
  builder.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [`arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/*`] }));
  builder.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
  // WHEN
  const aspect = only(aspectFindings(app));
  const plugin = only(pluginFindings(app));
  // THEN
  expect(aspect.map((f) => f.path)).toEqual(['Workload/Builder/DefaultPolicy/Resource']);
  expect(aspect[0].text).toContain(`on the repositories matching 'team-a/*' in account ${REGISTRY_ACCOUNT}`);
  expect(aspect[0].text).toContain(`"Principal":{"AWS":"arn:aws:iam::${WORKLOAD_ACCOUNT}:role/image-builder"}}; if its owner has done so`);
  expect(plugin.map((f) => [f.path, f.level])).toEqual([['Workload/Builder/DefaultPolicy/Resource', 'warning']]);
});

test('the evaluator: the execution role alone is denied; with the statement the finding prints as the repository policy, it pulls', async () => {
  // GIVEN
  const { app, workload } = workloadApp();
  const definition = task(workload, 'Task', ecr.Repository.fromRepositoryArn(workload, 'Images', IMAGES));
  const [finding] = only(aspectFindings(app));
  const printed = JSON.parse(/add to the repository policy of 'team-a\/api': (\{.*\}\}) \(/.exec(finding.text)![1]);
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const role = oracle.principal(definition.executionRole!);
  // WHEN
  const ask = (policy?: object) => Promise.all(EcrActions.PULL.map(
    (action) => oracle.decide(role, action, oracle.externalRepository(IMAGES, policy))));
  // THEN
  await expect(ask()).resolves.toEqual(EcrActions.PULL.map(() => 'ImplicitlyDenied'));
  await expect(ask({ Version: '2012-10-17', Statement: [printed] })).resolves.toEqual(EcrActions.PULL.map(() => 'Allowed'));
});

// The Lambda branch: `DockerImageCode.fromEcr` on a repository imported through aws-cdk-lib (issue 13,
// sweep seeds 35 and 219) leaves nothing in the app but the function's ImageUri. What the owner must
// add is AWS's documented pair (the service for the function's account, and that account):
// https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-xaccount-permissions
describe('a Lambda function running an image of a repository of another account', () => {
  const LAMBDA_IMAGES = `arn:aws:ecr:${REGION}:${CI_ACCOUNT}:repository/team-ab/api`;
  const fn = (scope: Stack, id: string, repository: ecr.IRepository, functionName?: string) =>
    new lambda.DockerImageFunction(scope, id, { code: lambda.DockerImageCode.fromEcr(repository, { tagOrDigest: 'v1' }), functionName });

  test('compliant 2: a function of the repository\'s own account (Lambda writes that policy itself), and one on a repository of the app', () => {
    // GIVEN
    const { app, workload } = workloadApp();
    const registry = registryStack(app);
    fn(workload, 'SameAccount', ecr.Repository.fromRepositoryName(workload, 'Local', 'team-ab/api'));
    fn(workload, 'OwnImage', new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' }));
    // WHEN
    const findings = only(aspectFindings(app));
    // THEN
    expect(findings).toEqual([]);
  });

  test('non-compliant 3 (sweep seed 35): the repository imported by ARN in another stack; the Lambda statements with the function\'s account', () => {
    // GIVEN
    const { app, workload } = workloadApp();
    const registry = registryStack(app);
    fn(workload, 'K1', ecr.Repository.fromRepositoryArn(registry, 'R3', LAMBDA_IMAGES));
    // WHEN
    const [finding, ...rest] = only(aspectFindings(app));
    // THEN
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'warning', path: 'Workload/K1/Resource' });
    expect(finding.text).toContain(`Lambda function 'Workload/K1' in account ${WORKLOAD_ACCOUNT} runs an image of repository 'team-ab/api' in account ${CI_ACCOUNT}, `
      + 'which this app does not define: Lambda is denied the image (\'Lambda does not have permission to access the ECR image\') unless that repository\'s policy '
      + 'allows the Lambda service for this function and trusts its account to read the image.');
    expect(finding.text).toContain(`Fix: In account ${CI_ACCOUNT}, add to the repository policy of 'team-ab/api': `
      + '{"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Condition":{"StringEquals":{"aws:SourceAccount":["222222222222"]},'
      + '"ArnLike":{"aws:SourceArn":["arn:aws:lambda:us-east-1:222222222222:function:*"]}},"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Sid":"AllowLambdaPull"} '
      + 'and {"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"}} '
      + '(the function\'s name is generated at deployment, so the statement names every function of its account; give it a functionName to name it alone)');
  });

  test('non-compliant 4: a function with a fixed name is named by its ARN; the plugin mode reports it too', () => {
    // GIVEN
    const { app, workload } = workloadApp();
    fn(workload, 'Api', ecr.Repository.fromRepositoryArn(workload, 'Images', LAMBDA_IMAGES), 'api-handler');
    // WHEN
    const aspect = only(aspectFindings(app));
    const plugin = only(pluginFindings(app));
    // THEN
    expect(aspect.map((f) => f.path)).toEqual(['Workload/Api/Resource']);
    expect(aspect[0].text).toContain(`"ArnLike":{"aws:SourceArn":["arn:aws:lambda:us-east-1:${WORKLOAD_ACCOUNT}:function:api-handler"]}`);
    expect(aspect[0].text).not.toContain('give it a functionName');
    expect(plugin.map((f) => [f.path, f.level])).toEqual([['Workload/Api/Resource', 'warning']]);
  });

  test('the evaluator: Lambda for the function is denied without the printed statements, allowed with them; Lambda for another account is not', async () => {
    // GIVEN
    const { app, workload } = workloadApp();
    fn(workload, 'Api', ecr.Repository.fromRepositoryArn(workload, 'Images', LAMBDA_IMAGES), 'api-handler');
    const [finding] = only(aspectFindings(app));
    const printed = /add to the repository policy of 'team-ab\/api': (\{.*\}) and (\{.*\}\}); if/.exec(finding.text)!.slice(1).map((s) => JSON.parse(s));
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const lambdaService = oracle.service('lambda.amazonaws.com');
    const functionArn = `arn:aws:lambda:${REGION}:${WORKLOAD_ACCOUNT}:function:api-handler`;
    const account = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/deployer`, [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] }]);
    // WHEN
    const ask = (policy: object | undefined, principal: PrincipalUnderTest, context: Record<string, string> = {}) =>
      Promise.all(EcrActions.LAMBDA_PULL.map((a) => oracle.decide(principal, a, oracle.externalRepository(LAMBDA_IMAGES, policy), context)));
    const withStatements = { Version: '2012-10-17', Statement: printed };
    // THEN
    await expect(ask(undefined, lambdaService, actingFor(WORKLOAD_ACCOUNT, functionArn))).resolves.toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
    await expect(ask(undefined, account)).resolves.toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
    await expect(ask(withStatements, lambdaService, actingFor(WORKLOAD_ACCOUNT, functionArn))).resolves.toEqual(['Allowed', 'Allowed']);
    await expect(ask(withStatements, account)).resolves.toEqual(['Allowed', 'Allowed']);
    await expect(ask(withStatements, lambdaService, actingFor(OTHER_ACCOUNT, functionArn.replace(WORKLOAD_ACCOUNT, OTHER_ACCOUNT)))).resolves.toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
    await expect(ask(withStatements, lambdaService, actingFor(WORKLOAD_ACCOUNT, `${functionArn}-other`))).resolves.toEqual(['ImplicitlyDenied', 'ImplicitlyDenied']);
    await expect(oracle.decide(account, 'ecr:PutImage', oracle.externalRepository(LAMBDA_IMAGES, withStatements))).resolves.toBe('ImplicitlyDenied');
  });
});
