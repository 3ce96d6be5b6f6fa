import { Annotations as CoreAnnotations, App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EcrWarnings, PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LAMBDA_PULL, PULL, PUSH_ONLY } from '../helpers/expected-actions';
import { AccessOracle, actingFor, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { logicalIdOf, OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// A service principal in a repository policy acts for whichever account asks it to, unless the
// statement says for whom (aws:SourceAccount, aws:SourceArn). The evaluator decides every case from
// the synthesized repository policy, with the context the service sends.

const functionArn = (account: string, name: string) => `arn:aws:lambda:${REGION}:${account}:function:${name}`;

async function expectDecisions(
  oracle: AccessOracle, principal: PrincipalUnderTest, repo: RepositoryUnderTest,
  actions: readonly string[], expected: Decision, context: Record<string, string>,
) {
  for (const action of actions) {
    await expect(oracle.decide(principal, action, repo, context).then((d) => `${action}: ${d}`)).resolves.toEqual(`${action}: ${expected}`);
  }
}

function repositoryStatements(stack: Stack, repository: PushableRepository): any[] {
  return Template.fromStack(stack).toJSON().Resources[logicalIdOf(repository)].Properties.RepositoryPolicyText.Statement;
}

/**
 * What a repository writes for an unnamed function of the workload account: Lambda limited to that account's
 * functions (for `serviceActions`), and the account trusted for the two image actions, as AWS documents.
 */
function workloadFunctionStatements(serviceActions: readonly string[]) {
  return [
    {
      Action: serviceActions,
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': [WORKLOAD_ACCOUNT] },
        ArnLike: { 'aws:SourceArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:lambda:${REGION}:${WORKLOAD_ACCOUNT}:function:*`]] }] },
      },
    },
    {
      Action: LAMBDA_PULL,
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${WORKLOAD_ACCOUNT}:root`]] } },
    },
  ];
}

/** One repository; a container-image function in its stack, with or without a fixed name. */
function imageFunction(functionName?: string) {
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Fn', { repositoryName: 'functions/api' });
  new lambda.DockerImageFunction(stack, 'Api', { code: lambda.DockerImageCode.fromEcr(repository), functionName });
  return { app, stack, repository };
}

describe('aws-cdk-lib\'s DockerImageCode.fromEcr on a PushableRepository', () => {
  test('the Lambda statement is limited to the account of the function, and to the function when it has a fixed name', () => {
    // GIVEN / WHEN
    const unnamed = imageFunction();
    const named = imageFunction('orders');
    // THEN
    const lambdaStatement = (statements: any[]) => statements.find((s) => s.Principal.Service === 'lambda.amazonaws.com');
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:lambda:${REGION}:${REGISTRY_ACCOUNT}:function:${name}`]] });
    expect(repositoryStatements(unnamed.stack, unnamed.repository)).toEqual([{
      Action: PULL,
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': [REGISTRY_ACCOUNT] }, ArnLike: { 'aws:SourceArn': [arn('*')] } },
    }]);
    expect(lambdaStatement(repositoryStatements(named.stack, named.repository)).Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': [REGISTRY_ACCOUNT] }, ArnLike: { 'aws:SourceArn': [arn('orders')] },
    });
  });

  test('the evaluator: Lambda may pull for that function; not for another account\'s function, another function, nor push or delete', async () => {
    const { app, repository } = imageFunction('orders');
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const repo = oracle.repository(repository);
    const lambdaService = oracle.service('lambda.amazonaws.com');
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'Allowed', actingFor(REGISTRY_ACCOUNT, functionArn(REGISTRY_ACCOUNT, 'orders')));
    // the confused deputy: Lambda acting for a function of any other account
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'ImplicitlyDenied', actingFor(OTHER_ACCOUNT, functionArn(OTHER_ACCOUNT, 'orders')));
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'ImplicitlyDenied', actingFor(REGISTRY_ACCOUNT, functionArn(REGISTRY_ACCOUNT, 'billing')));
    await expectDecisions(oracle, lambdaService, repo, [...PUSH_ONLY, ...DESTRUCTIVE], 'ImplicitlyDenied', actingFor(REGISTRY_ACCOUNT, functionArn(REGISTRY_ACCOUNT, 'orders')));
  });

  test('allowLambdaPull\'s function-name pattern is not undercut by the function\'s own grant', async () => {
    // GIVEN functions limited to api-* by allowLambdaPull, and one function 'api-orders' using the image
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Fn', { repositoryName: 'functions/api' });
    repository.allowLambdaPull({ functionNamePattern: 'api-*' });
    new lambda.DockerImageFunction(stack, 'Api', { code: lambda.DockerImageCode.fromEcr(repository), functionName: 'api-orders' });
    // THEN no function outside the pattern may have Lambda read the images
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const repo = oracle.repository(repository);
    const lambdaService = oracle.service('lambda.amazonaws.com');
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'Allowed', actingFor(REGISTRY_ACCOUNT, functionArn(REGISTRY_ACCOUNT, 'api-orders')));
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'ImplicitlyDenied', actingFor(REGISTRY_ACCOUNT, functionArn(REGISTRY_ACCOUNT, 'billing')));
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'ImplicitlyDenied', actingFor(OTHER_ACCOUNT, functionArn(OTHER_ACCOUNT, 'api-orders')));
  });

  test('two functions using the repository share one statement, naming both', () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Fn', { repositoryName: 'functions/api' });
    const grants = ['orders', 'users'].map((name) => {
      new lambda.DockerImageFunction(stack, name, { code: lambda.DockerImageCode.fromEcr(repository), functionName: name });
      return repository.grantPull(new iam.ServicePrincipal('lambda.amazonaws.com'));
    });
    expect(grants[0].resourceStatements).toEqual(grants[1].resourceStatements);
    const statements = repositoryStatements(stack, repository);
    expect(statements).toHaveLength(1);
    expect(statements[0].Condition.ArnLike['aws:SourceArn']).toHaveLength(2);
  });
});

describe('any other service principal', () => {
  test('is limited to the repository\'s own account', async () => {
    // GIVEN
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Build', { repositoryName: 'build/image' });
    // WHEN
    repository.grantPull(new iam.ServicePrincipal('codebuild.amazonaws.com'));
    // THEN
    expect(repositoryStatements(stack, repository)).toEqual([{
      Action: PULL, Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': [REGISTRY_ACCOUNT] } },
    }]);
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const codebuild = oracle.service('codebuild.amazonaws.com');
    const repo = oracle.repository(repository);
    await expectDecisions(oracle, codebuild, repo, PULL, 'Allowed', actingFor(REGISTRY_ACCOUNT));
    await expectDecisions(oracle, codebuild, repo, PULL, 'ImplicitlyDenied', actingFor(OTHER_ACCOUNT));
  });

  test('a service principal that already says for whom it acts is written as given', () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Build', { repositoryName: 'build/image' });
    const own = { StringEquals: { 'aws:SourceArn': `arn:aws:codebuild:${REGION}:${REGISTRY_ACCOUNT}:project/release` } };
    repository.grantPull(new iam.ServicePrincipal('codebuild.amazonaws.com').withConditions(own));
    expect(repositoryStatements(stack, repository)).toEqual([expect.objectContaining({ Principal: { Service: 'codebuild.amazonaws.com' }, Condition: own })]);
  });

  test('an environment-agnostic repository limits it to the account it is deployed in', () => {
    const stack = new Stack();
    const repository = new PushableRepository(stack, 'Build');
    repository.grantPull(new iam.ServicePrincipal('codebuild.amazonaws.com'));
    expect(repositoryStatements(stack, repository)[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': [{ Ref: 'AWS::AccountId' }] } });
  });
});

describe('a Lambda function in another account of the app', () => {
  /** The repository in the registry account; a container-image function in the workload account. */
  function crossAccountFunction(functionName?: string) {
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Fn', { repositoryName: 'functions/api' });
    const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    const fn = new lambda.DockerImageFunction(workload, 'Api', { code: lambda.DockerImageCode.fromEcr(repository), functionName });
    return { app, stack, repository, workload, fn };
  }

  test('gets what AWS documents: its account trusted for the two image actions, and Lambda limited to that account', () => {
    // GIVEN / WHEN
    const { stack, repository } = crossAccountFunction();
    // THEN
    expect(repositoryStatements(stack, repository)).toEqual(workloadFunctionStatements(PULL));
  });

  test('the evaluator: Lambda for that account\'s function and that account\'s deployer may read the image; nobody else', async () => {
    const { app, repository } = crossAccountFunction('orders');
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const repo = oracle.repository(repository);
    const lambdaService = oracle.service('lambda.amazonaws.com');
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'Allowed', actingFor(WORKLOAD_ACCOUNT, functionArn(WORKLOAD_ACCOUNT, 'orders')));
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'ImplicitlyDenied', actingFor(WORKLOAD_ACCOUNT, functionArn(WORKLOAD_ACCOUNT, 'billing')));
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'ImplicitlyDenied', actingFor(OTHER_ACCOUNT, functionArn(OTHER_ACCOUNT, 'orders')));
    // the principal that creates the function (CloudFormation's role in the workload account) reads the image
    const reader = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] };
    const deployer = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/cdk-deploy`, [reader]);
    await expectDecisions(oracle, deployer, repo, LAMBDA_PULL, 'Allowed', {});
    await expectDecisions(oracle, deployer, repo, ['ecr:BatchCheckLayerAvailability', ...PUSH_ONLY, ...DESTRUCTIVE], 'ImplicitlyDenied', {});
    await expectDecisions(oracle, oracle.external(`arn:aws:iam::${OTHER_ACCOUNT}:role/cdk-deploy`, [reader]), repo, LAMBDA_PULL, 'ImplicitlyDenied', {});
  });

  test('an account allowLambdaPull already trusts is not trusted twice', () => {
    const { stack, repository } = crossAccountFunction();
    repository.allowLambdaPull({ accounts: [WORKLOAD_ACCOUNT] });
    const trusts = repositoryStatements(stack, repository).filter((s) => s.Principal.AWS !== undefined);
    expect(trusts).toEqual([expect.objectContaining({ Sid: 'AllowLambdaPullCrossAccount' })]);
  });

  test('functions in the repository\'s account and in another: both accounts, one trust', () => {
    const { stack, repository } = crossAccountFunction('orders');
    new lambda.DockerImageFunction(stack, 'Local', { code: lambda.DockerImageCode.fromEcr(repository), functionName: 'local' });
    const statements = repositoryStatements(stack, repository);
    expect(statements[0].Condition.StringEquals['aws:SourceAccount'].sort()).toEqual([REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT]);
    expect(statements.filter((s) => s.Principal.AWS !== undefined)).toHaveLength(1);
  });

  test('a function in a stack without an account: a warning with the statements, and only the repository\'s account in the policy', () => {
    // GIVEN
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Fn', { repositoryName: 'functions/api' });
    const anywhere = new Stack(app, 'Anywhere');
    new lambda.DockerImageFunction(anywhere, 'Api', { code: lambda.DockerImageCode.fromEcr(repository) });
    // WHEN
    const warnings = Annotations.fromStack(anywhere).findWarning('/Anywhere/Api/Resource', Match.stringLikeRegexp(EcrWarnings.LAMBDA_ACCOUNT_UNKNOWN));
    // THEN
    expect(warnings).toHaveLength(1);
    const message = warnings[0].entry.data as string;
    expect(message).toContain('allowLambdaPull({ accounts: [\'<its account>\'] })');
    const statements = JSON.parse(message.slice(message.indexOf('\n{'), message.lastIndexOf('}') + 1)).Statement;
    const account = '<account of stack \'Anywhere\'>';
    expect(statements).toEqual([
      expect.objectContaining({
        Action: LAMBDA_PULL,
        Principal: { Service: 'lambda.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': [account] }, ArnLike: { 'aws:SourceArn': [`arn:aws:lambda:${REGION}:${account}:function:*`] } },
      }),
      expect.objectContaining({ Action: LAMBDA_PULL, Principal: { AWS: `arn:aws:iam::${account}:root` } }),
    ]);
    expect(repositoryStatements(stack, repository)).toEqual([expect.objectContaining({
      Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': [REGISTRY_ACCOUNT] } }),
    })]);
  });

  test('the warning can be acknowledged by its id', () => {
    const app = new App();
    const repository = new PushableRepository(registryStack(app), 'Fn', { repositoryName: 'functions/api' });
    const anywhere = new Stack(app, 'Anywhere');
    const fn = new lambda.DockerImageFunction(anywhere, 'Api', { code: lambda.DockerImageCode.fromEcr(repository) });
    CoreAnnotations.of(fn).acknowledgeWarning(EcrWarnings.LAMBDA_ACCOUNT_UNKNOWN, 'deployed to the registry account only');
    Annotations.fromStack(anywhere).hasNoWarning('*', Match.stringLikeRegexp(EcrWarnings.LAMBDA_ACCOUNT_UNKNOWN));
  });
});

describe('a Lambda function that reaches the repository through a separate import of its name (sweep seeds 831, 906)', () => {
  /** The repository in the registry account; a function of the workload account using `ecr.Repository.fromRepositoryName` of it, with no grant on the repository. */
  function importedByName(functionName?: string) {
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'R3', { repositoryName: 'team-a/api' });
    const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    const imported = ecr.Repository.fromRepositoryName(stack, 'R2', 'team-a/api');
    new lambda.DockerImageFunction(workload, 'K1', { code: lambda.DockerImageCode.fromEcr(imported, { tagOrDigest: 'v1' }), functionName });
    return { app, stack, repository };
  }

  test('the repository writes what the function needs: Lambda limited to its account for the two image actions, and that account', () => {
    // GIVEN / WHEN
    const { stack, repository } = importedByName();
    // THEN
    expect(repositoryStatements(stack, repository)).toEqual(workloadFunctionStatements(LAMBDA_PULL));
  });

  test('the evaluator: Lambda for that function and its account\'s deployer may read the image; Lambda for another account may not', async () => {
    const { app, repository } = importedByName('fn-k1');
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const repo = oracle.repository(repository);
    const lambdaService = oracle.service('lambda.amazonaws.com');
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'Allowed', actingFor(WORKLOAD_ACCOUNT, functionArn(WORKLOAD_ACCOUNT, 'fn-k1')));
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'ImplicitlyDenied', actingFor(WORKLOAD_ACCOUNT, functionArn(WORKLOAD_ACCOUNT, 'other')));
    await expectDecisions(oracle, lambdaService, repo, LAMBDA_PULL, 'ImplicitlyDenied', actingFor(OTHER_ACCOUNT, functionArn(OTHER_ACCOUNT, 'fn-k1')));
    const reader = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] };
    await expectDecisions(oracle, oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/cdk-deploy`, [reader]), repo, LAMBDA_PULL, 'Allowed', {});
    await expectDecisions(oracle, oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/cdk-deploy`, [reader]), repo, [...PUSH_ONLY, ...DESTRUCTIVE], 'ImplicitlyDenied', {});
  });

  test('a function allowLambdaPull already covers gets nothing more; one it does not cover gets its statement', () => {
    // GIVEN
    const covered = importedByName('fn-k1');
    covered.repository.allowLambdaPull({ accounts: [WORKLOAD_ACCOUNT], functionNamePattern: 'fn-*' });
    const uncovered = importedByName('other-k1');
    uncovered.repository.allowLambdaPull({ accounts: [WORKLOAD_ACCOUNT], functionNamePattern: 'fn-*' });
    // THEN
    expect(repositoryStatements(covered.stack, covered.repository).map((s) => s.Sid)).toEqual(['AllowLambdaPull', 'AllowLambdaPullCrossAccount']);
    expect(repositoryStatements(uncovered.stack, uncovered.repository)).toEqual([
      expect.objectContaining({ Sid: 'AllowLambdaPull' }),
      expect.objectContaining({ Sid: 'AllowLambdaPullCrossAccount' }),
      expect.objectContaining({ Action: LAMBDA_PULL, Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': [expect.objectContaining({})] } }) }),
    ]);
  });

  test('an import of another name, account or Region is no consumer: no policy', () => {
    const app = new App();
    const stack = registryStack(app);
    new PushableRepository(stack, 'R3', { repositoryName: 'team-a/api' });
    const europe = new Stack(app, 'Europe', { env: { account: REGISTRY_ACCOUNT, region: 'eu-west-1' } });
    const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    for (const [scope, name] of [[stack, 'team-a/api-v2'], [europe, 'team-a/api'], [workload, 'team-a/api']] as const) {
      const imported = ecr.Repository.fromRepositoryName(scope, `Import-${name}`, name);
      new lambda.DockerImageFunction(scope, `Fn-${name}`, { code: lambda.DockerImageCode.fromEcr(imported) });
    }
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', { RepositoryPolicyText: Match.absent() });
  });
});
