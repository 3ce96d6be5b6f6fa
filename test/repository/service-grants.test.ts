import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LAMBDA_PULL, PULL, PUSH_ONLY } from '../helpers/expected-actions';
import { AccessOracle, actingFor, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { logicalIdOf, OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

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
