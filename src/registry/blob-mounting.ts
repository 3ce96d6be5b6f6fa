import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { EcrActionName } from '../actions/catalog.generated';
import { acknowledgeWildcardResource } from '../policy/nag-acknowledgements';
import { acknowledgeWithoutTrace } from '../private/acknowledge';
import { InputProblems, isToken } from '../private/input-problems';

// The registry setting BLOB_MOUNTING lets a push mount layers that another repository of the
// registry already holds (https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html).
// CloudFormation has no resource type for ECR's account settings, so a custom resource calls
// PutAccountSetting: one Lambda function (the stack's AwsCustomResource singleton) and its role,
// run only when the stack is created or the value changes.

const SETTING = 'BLOB_MOUNTING';
// the id aws-cdk-lib gives the Lambda function every AwsCustomResource of a stack shares
const PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';
const LAMBDA_LOGS_POLICY = 'AWSLambdaBasicExecutionRole';
const PUT_ACCOUNT_SETTING: EcrActionName = 'PutAccountSetting';

/** Checks the `blobMounting` prop: a boolean, or absent. */
export function checkBlobMounting(problems: InputProblems, property: string, value: unknown): void {
  if (value === undefined || isToken(value) || typeof value === 'boolean') return;
  problems.add(property, value, 'must be true or false', 'true turns ECR blob mounting on for the registry, false turns it off; omit it to leave the setting as it is');
}

/**
 * Writes the registry's `BLOB_MOUNTING` setting. The role may call `ecr:PutAccountSetting` for this
 * setting only (the `ecr:AccountSetting` condition), not for `REGISTRY_POLICY_SCOPE` or the scan type.
 * Deleting the stack leaves the setting as it is: it is the registry's, shared by every stack and
 * pipeline of the account and region, and turning it off only makes pushes upload layers again.
 */
export function setBlobMounting(registry: Construct, enabled: boolean): cr.AwsCustomResource {
  const call: cr.AwsSdkCall = {
    service: 'ECR',
    action: PUT_ACCOUNT_SETTING,
    parameters: { name: SETTING, value: enabled ? 'ENABLED' : 'DISABLED' },
    // one id whatever the value: a change is an update of the same setting, never a replacement
    physicalResourceId: cr.PhysicalResourceId.of(SETTING),
  };
  const setting = new cr.AwsCustomResource(registry, 'BlobMounting', {
    resourceType: 'Custom::EcrBlobMounting',
    onCreate: call,
    onUpdate: call,
    policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({
      actions: [`ecr:${PUT_ACCOUNT_SETTING}`],
      // ECR's account settings take no resource ARN, only '*'
      resources: ['*'],
      conditions: { StringEquals: { 'ecr:AccountSetting': SETTING } },
    })]),
    // the SDK of the Lambda runtime has PutAccountSetting: nothing is downloaded at deploy time
    installLatestAwsSdk: false,
  });
  acknowledgeWildcardResource(setting, '*', `ecr:PutAccountSetting takes no resource ARN; the ecr:AccountSetting condition limits it to ${SETTING}.`);
  acknowledgeProvider(Stack.of(registry).node.tryFindChild(PROVIDER_ID));
  return setting;
}

/**
 * Tells cdk-nag why aws-cdk-lib's provider function is as it is: its role's only managed policy is
 * the AWS managed policy for Lambda logs (IAM4), and aws-cdk-lib chooses its runtime (L1).
 */
function acknowledgeProvider(provider: IConstruct | undefined): void {
  if (provider === undefined) return;
  acknowledgeWithoutTrace(provider, 'AwsSolutions-L1', 'aws-cdk-lib\'s AwsCustomResource provider: aws-cdk-lib chooses its runtime.');
  // the IAM4 finding names the policy ARN: more '::' than Validations.acknowledge accepts in an id
  acknowledgeWithoutTrace(provider, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${LAMBDA_LOGS_POLICY}]`,
    `aws-cdk-lib's AwsCustomResource provider writes its logs with ${LAMBDA_LOGS_POLICY}, its only managed policy.`);
}
