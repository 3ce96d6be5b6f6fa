import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EcrRegistry, PushableRepository } from '../../src';
import { Json, SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { REGION, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// CloudFormation has no resource for ECR's account settings; the registry sets BLOB_MOUNTING with a
// custom resource calling PutAccountSetting, whose role may change that setting and nothing else
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutAccountSetting.html; the
// ecr:AccountSetting condition key: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html).

// the id aws-cdk-lib gives the Lambda function shared by every AwsCustomResource of a stack
const PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

function registryWith(blobMounting: boolean | undefined) {
  const app = new App();
  const stack = registryStack(app);
  const registry = new EcrRegistry(stack, 'Registry', { blobMounting });
  return { app, stack, registry };
}

function settingCalls(stack: Stack): Record<string, Json> {
  const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::EcrBlobMounting'));
  const calls: Record<string, Json> = {};
  for (const key of ['Create', 'Update', 'Delete']) {
    if (resource.Properties[key] !== undefined) calls[key] = JSON.parse(stack.resolve(resource.Properties[key]));
  }
  return calls;
}

// Guards logical ids: a changed id on the custom resource creates a new one (and calls the API again).
// The Lambda code's asset hash follows aws-cdk-lib's version, so it is left out.
test('snapshot: a registry with blob mounting on', () => {
  const template = JSON.stringify(Template.fromStack(registryWith(true).stack).toJSON()).replace(/[0-9a-f]{64}\.zip/g, '<asset>.zip');
  expect(JSON.parse(template)).toMatchSnapshot();
});

describe('the setting', () => {
  test.each<[boolean, string]>([[true, 'ENABLED'], [false, 'DISABLED']])('blobMounting: %s calls PutAccountSetting BLOB_MOUNTING=%s on create and update, nothing on delete', (value, expected) => {
    // GIVEN / WHEN
    const { stack } = registryWith(value);
    // THEN
    const call = { service: 'ECR', action: 'PutAccountSetting', parameters: { name: 'BLOB_MOUNTING', value: expected }, physicalResourceId: { id: 'BLOB_MOUNTING' } };
    expect(settingCalls(stack)).toEqual({ Create: expect.objectContaining(call), Update: expect.objectContaining(call) });
  });

  test('the custom resource\'s policy is exactly PutAccountSetting on * for BLOB_MOUNTING', () => {
    const { stack } = registryWith(true);
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(policies.map((p) => p.Properties.PolicyDocument)).toEqual([{
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ecr:PutAccountSetting', Resource: '*', Condition: { StringEquals: { 'ecr:AccountSetting': 'BLOB_MOUNTING' } } }],
    }]);
  });

  test('what it costs: one Lambda function and its role, no SDK download', () => {
    const { stack } = registryWith(true);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('Custom::EcrBlobMounting', 1);
    template.hasResourceProperties('Custom::EcrBlobMounting', { InstallLatestAwsSdk: false });
  });

  test('without blobMounting, the setting is left as it is: no custom resource, no function', () => {
    const { stack } = registryWith(undefined);
    Template.fromStack(stack).resourceCountIs('Custom::EcrBlobMounting', 0);
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 0);
  });
});

describe('the evaluator: the custom resource\'s role may set BLOB_MOUNTING and nothing else', () => {
  const { app, stack } = registryWith(true);
  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const role = oracle.principal((stack.node.findChild(PROVIDER_ID) as lambda.Function).role!);
  const setting = (name: string) => ({ 'ecr:AccountSetting': name });

  test('allowed: PutAccountSetting BLOB_MOUNTING', async () => {
    await expect(oracle.decide(role, 'ecr:PutAccountSetting', '*', setting('BLOB_MOUNTING'))).resolves.toEqual('Allowed');
  });

  test.each(['REGISTRY_POLICY_SCOPE', 'BASIC_SCAN_TYPE_VERSION'])('denied: PutAccountSetting %s', async (name) => {
    await expect(oracle.decide(role, 'ecr:PutAccountSetting', '*', setting(name))).resolves.toEqual('ImplicitlyDenied');
  });

  test.each(['ecr:GetAccountSetting', 'ecr:PutRegistryPolicy', 'ecr:DeleteRegistryPolicy', 'ecr:PutReplicationConfiguration',
    'ecr:PutRegistryScanningConfiguration', 'ecr:PutSigningConfiguration', 'ecr:GetAuthorizationToken', 'ecr:CreateRepository'])('denied: %s', async (action) => {
    await expect(oracle.decide(role, action, '*', setting('BLOB_MOUNTING'))).resolves.toEqual('ImplicitlyDenied');
  });

  test.each(['ecr:PutImage', 'ecr:BatchGetImage', 'ecr:SetRepositoryPolicy', 'ecr:DeleteRepository'])('denied: %s on a repository', async (action) => {
    await expect(oracle.decide(role, action, oracle.repository(repository))).resolves.toEqual('ImplicitlyDenied');
  });
});

describe('bad input is a synth-time error naming the property, the value and the fix', () => {
  test('a string instead of a boolean', () => {
    const stack = registryStack(new App());
    expect(() => new EcrRegistry(stack, 'Registry', { blobMounting: 'ENABLED' as unknown as boolean }))
      .toThrow(/blobMounting: got 'ENABLED': must be true or false. Fix: true turns ECR blob mounting on for the registry/);
  });

  test('one setting per registry: a second EcrRegistry of the same account and region is refused', () => {
    const app = new App();
    new EcrRegistry(registryStack(app), 'Registry', { blobMounting: true });
    const again = new Stack(app, 'Again', { env: { account: REGISTRY_ACCOUNT, region: REGION } });
    expect(() => new EcrRegistry(again, 'Registry', { blobMounting: false })).toThrow(/is a second EcrRegistry for the registry of account 111111111111 in us-east-1/);
  });
});
