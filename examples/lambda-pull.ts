/**
 * Lambda pull: container-image functions in two accounts run images from a registry account.
 *
 * Shows: `allowLambdaPull` lets the Lambda service pull for functions of the listed accounts only
 * (`aws:SourceAccount` and `aws:SourceArn`), and trusts the other account as Lambda requires for
 * cross-account images. The workload account refers to the repository by ARN: the registry account
 * owns its policy.
 *
 * Run: npx cdk synth --app "npx ts-node --transpile-only examples/lambda-pull.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PushableRepository } from '../src'; // in your app: from 'cdk-ecr-access'

export function build(app: App): void {
  const registry = new Stack(app, 'FunctionImages', { env: { account: '111111111111', region: 'us-east-1' } });
  const workload = new Stack(app, 'Orders', { env: { account: '222222222222', region: 'us-east-1' } });

  const repository = new PushableRepository(registry, 'OrdersApi', { repositoryName: 'functions/orders-api' });
  repository.allowLambdaPull({ accounts: ['111111111111', '222222222222'], functionNamePattern: 'orders-*' });

  // Lambda pulls the image from the function's own region, with the repository policy above
  const imported = ecr.Repository.fromRepositoryArn(workload, 'Images', 'arn:aws:ecr:us-east-1:111111111111:repository/functions/orders-api');
  // the function's own role writes only its own log group (no AWS managed policy)
  const logGroup = new logs.LogGroup(workload, 'OrdersApiLogs', { retention: logs.RetentionDays.ONE_MONTH });
  const role = new iam.Role(workload, 'OrdersApiRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  new lambda.DockerImageFunction(workload, 'OrdersApi', {
    functionName: 'orders-api',
    code: lambda.DockerImageCode.fromEcr(imported, { tagOrDigest: 'v1.0.0' }),
    role,
    logGroup,
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
