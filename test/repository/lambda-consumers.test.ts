import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PushableRepository } from '../../src';
import { ConsumerAccount, lambdaConsumersOf } from '../../src/repository/lambda-consumers';
import { REGION, registryStack, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Which Lambda functions of an app use a repository's images, found by their image URI: the grant
// aws-cdk-lib's image code makes does not say.

function fn(stack: Stack, id: string, repository: ecr.IRepository, functionName?: string): lambda.DockerImageFunction {
  return new lambda.DockerImageFunction(stack, id, { code: lambda.DockerImageCode.fromEcr(repository, { tagOrDigest: 'v1' }), functionName });
}

describe('lambdaConsumersOf', () => {
  test('finds the functions of each repository, and only those', () => {
    // GIVEN two repositories, with one function and two functions
    const app = new App();
    const stack = registryStack(app);
    const api = new PushableRepository(stack, 'Api', { repositoryName: 'functions/api' });
    const jobs = new PushableRepository(stack, 'Jobs', { repositoryName: 'functions/api-jobs' });
    const orders = fn(stack, 'Orders', api, 'orders');
    const nightly = fn(stack, 'Nightly', jobs);
    const weekly = fn(stack, 'Weekly', jobs);
    // WHEN / THEN
    expect(lambdaConsumersOf(api).map((c) => c.resource)).toEqual([orders.node.defaultChild]);
    expect(lambdaConsumersOf(jobs).map((c) => c.resource)).toEqual([nightly.node.defaultChild, weekly.node.defaultChild]);
  });

  test('a fixed name gives the function\'s ARN; a generated one, every function of its account', () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'functions/api' });
    fn(stack, 'Orders', repository, 'orders');
    fn(stack, 'Anonymous', repository);
    const arns = lambdaConsumersOf(repository).map((c) => stack.resolve(c.sourceArn));
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:lambda:${REGION}:${REGISTRY_ACCOUNT}:function:${name}`]] });
    expect(arns).toEqual([arn('orders'), arn('*')]);
  });

  test('a function in another account of the app, or in a stack without an account', () => {
    const app = new App();
    const repository = new PushableRepository(registryStack(app), 'Api', { repositoryName: 'functions/api' });
    fn(new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } }), 'Fn', repository, 'orders');
    fn(new Stack(app, 'Anywhere'), 'Fn', repository, 'orders');
    expect(lambdaConsumersOf(repository).map((c) => [c.relation, c.account])).toEqual([
      [ConsumerAccount.OTHER, WORKLOAD_ACCOUNT],
      [ConsumerAccount.UNKNOWN, REGISTRY_ACCOUNT],
    ]);
  });

  test('an imported repository is matched by its name and account, not by a look-alike', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    const shared = ecr.Repository.fromRepositoryArn(stack, 'Shared', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/functions/api`);
    const local = ecr.Repository.fromRepositoryArn(stack, 'Local', `arn:aws:ecr:${REGION}:${WORKLOAD_ACCOUNT}:repository/functions/api`);
    const longer = ecr.Repository.fromRepositoryArn(stack, 'Longer', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/functions/api-v2`);
    const user = fn(stack, 'Fn', shared);
    expect(lambdaConsumersOf(shared).map((c) => c.resource)).toEqual([user.node.defaultChild]);
    expect(lambdaConsumersOf(local)).toEqual([]);
    expect(lambdaConsumersOf(longer)).toEqual([]);
  });

  test('a repository of the app with a fixed name is found through an import of its name or ARN too (sweep seeds 831, 906); a look-alike is not', () => {
    // GIVEN: a function reaches the repository through a separate import, by name in its stack and by ARN
    const app = new App();
    const registry = registryStack(app);
    const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    const repository = new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' });
    const unnamed = new PushableRepository(registry, 'Unnamed');
    const byName = fn(workload, 'ByName', ecr.Repository.fromRepositoryName(registry, 'ByNameImport', 'team-a/api'));
    const byArn = fn(workload, 'ByArn', ecr.Repository.fromRepositoryArn(workload, 'ByArnImport', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/api`));
    // look-alikes: the same name in another account and in another Region, and a longer name
    fn(workload, 'OtherAccount', ecr.Repository.fromRepositoryName(workload, 'OtherAccountImport', 'team-a/api'));
    const europe = new Stack(app, 'Europe', { env: { account: REGISTRY_ACCOUNT, region: 'eu-west-1' } });
    fn(europe, 'OtherRegion', ecr.Repository.fromRepositoryName(europe, 'OtherRegionImport', 'team-a/api'));
    fn(workload, 'Longer', ecr.Repository.fromRepositoryArn(workload, 'LongerImport', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/api-v2`));
    // WHEN / THEN
    expect(lambdaConsumersOf(repository).map((c) => c.resource)).toEqual([byName.node.defaultChild, byArn.node.defaultChild]);
    expect(lambdaConsumersOf(unnamed)).toEqual([]);
  });

  test.each([
    ['the dual-stack host', `${REGISTRY_ACCOUNT}.dkr-ecr.${REGION}.on.aws/team-a/api:v1`, true],
    ['the FIPS dual-stack host', `${REGISTRY_ACCOUNT}.dkr-ecr-fips.${REGION}.on.aws/team-a/api:v1`, true],
    ['the IPv4 FIPS host', `${REGISTRY_ACCOUNT}.dkr.ecr-fips.${REGION}.amazonaws.com/team-a/api:v1`, true],
    ['the dual-stack host of another account', `${WORKLOAD_ACCOUNT}.dkr-ecr.${REGION}.on.aws/team-a/api:v1`, false],
    ['the dual-stack host of another Region', `${REGISTRY_ACCOUNT}.dkr-ecr.eu-west-1.on.aws/team-a/api:v1`, false],
  ])('a function whose ImageUri names the repository by %s is found when it is that repository', (_, imageUri, found) => {
    // GIVEN (constructed from AWS's documented host form, ecr-requests.html)
    const app = new App();
    const registry = registryStack(app);
    const repository = new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' });
    const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    const raw = new lambda.CfnFunction(workload, 'Fn', { role: 'arn:aws:iam::444455556666:role/fn', packageType: 'Image', code: { imageUri } });
    // WHEN / THEN
    expect(lambdaConsumersOf(repository).map((c) => c.resource)).toEqual(found ? [raw] : []);
  });

  test('the functions are found once for a synthesis and found again after it: a function added later counts', async () => {
    // GIVEN a repository nothing uses yet, asked about once
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'functions/api' });
    expect(lambdaConsumersOf(repository)).toEqual([]);
    // WHEN a function is added after that synthesis (in a later turn of the event loop)
    await Promise.resolve();
    const user = fn(stack, 'Later', repository);
    // THEN
    expect(lambdaConsumersOf(repository).map((c) => c.resource)).toEqual([user.node.defaultChild]);
  });
});
