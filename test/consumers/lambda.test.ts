import * as lambda from 'aws-cdk-lib/aws-lambda';
import { consumerApp, decisions, expected, LAYOUTS, Layout, NEVER, repositoryUnderTest, serviceDecisionsForAnotherAccount, synthesize } from './consumers';
import { LAMBDA_PULL } from '../helpers/expected-actions';
import { actingFor } from '../helpers/oracle';
import { OTHER_ACCOUNT, REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Lambda: DockerImageCode.fromEcr(repository) grants pull to the Lambda service principal, which
// reads the image for the function; across accounts, the principal that creates the function reads
// it too (https://docs.aws.amazon.com/lambda/latest/dg/images-create.html).

const ANY_ECR = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] };

describe.each(LAYOUTS)('Lambda container image, repository %s', (layout: Layout) => {
  const consumer = consumerApp(layout);
  new lambda.DockerImageFunction(consumer.stack, 'Api', { code: lambda.DockerImageCode.fromEcr(consumer.repository), functionName: 'api' });
  const oracle = synthesize(consumer);
  const repo = repositoryUnderTest(oracle, consumer);
  const account = layout === 'in the same account' ? REGISTRY_ACCOUNT : WORKLOAD_ACCOUNT;
  const forFunction = (name: string, inAccount = account) => actingFor(inAccount, `arn:aws:lambda:${REGION}:${inAccount}:function:${name}`);
  const lambdaService = oracle.service('lambda.amazonaws.com');

  test('Lambda reads the image for the function', async () => {
    await expect(decisions(oracle, lambdaService, repo, LAMBDA_PULL, forFunction('api'))).resolves.toEqual(expected(LAMBDA_PULL, 'Allowed'));
  });

  test('Lambda cannot push, delete or administer, nor read for another function', async () => {
    await expect(decisions(oracle, lambdaService, repo, NEVER, forFunction('api'))).resolves.toEqual(expected(NEVER, 'ImplicitlyDenied'));
    await expect(decisions(oracle, lambdaService, repo, LAMBDA_PULL, forFunction('billing'))).resolves.toEqual(expected(LAMBDA_PULL, 'ImplicitlyDenied'));
  });

  test('no service principal may act for another account', async () => {
    const lines = await serviceDecisionsForAnotherAccount(oracle, repo);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.endsWith('Allowed'))).toEqual([]);
  });

  if (layout !== 'in the same account') {
    test('the principal creating the function in its account reads the image; nothing more, and no other account', async () => {
      const deployer = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/cdk-exec`, [ANY_ECR]);
      await expect(decisions(oracle, deployer, repo, LAMBDA_PULL)).resolves.toEqual(expected(LAMBDA_PULL, 'Allowed'));
      await expect(decisions(oracle, deployer, repo, NEVER)).resolves.toEqual(expected(NEVER, 'ImplicitlyDenied'));
      const stranger = oracle.external(`arn:aws:iam::${OTHER_ACCOUNT}:role/cdk-exec`, [ANY_ECR]);
      await expect(decisions(oracle, stranger, repo, LAMBDA_PULL)).resolves.toEqual(expected(LAMBDA_PULL, 'ImplicitlyDenied'));
    });
  }
});
