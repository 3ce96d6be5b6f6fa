import { Fn, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EcrActions, EcrRegistry } from '../../../src';
import { SynthesizedApp } from '../../helpers/assembly';
import { AccessOracle } from '../../helpers/oracle';
import { OTHER_ACCOUNT, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, pluginFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// A service principal in a repository policy with no aws:SourceAccount / aws:SourceArn is the
// service acting for any account (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
// The cases are policies people deployed; the source of each is noted beside it.

const RULE = 'service-principal-without-source';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

/** A repository whose policy is the one a project wrote, intrinsics included. */
function rawRepository(stack: Stack, id: string, statements: object[]): void {
  new ecr.CfnRepository(stack, id, { repositoryName: id.toLowerCase(), repositoryPolicyText: { Version: '2012-10-17', Statement: statements } });
}

const LAMBDA_PULL = EcrActions.LAMBDA_PULL;

test('compliant 1: allowLambdaPull; conditions on aws:SourceArn or aws:SourceAccount as real projects write them; trust policies', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  repository.allowLambdaPull({ accounts: [REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT], functionNamePattern: 'api-*' });
  rawRepository(stack, 'ParallelCluster', [{
    // aws/aws-parallelcluster-ui, infrastructure/parallelcluster-ui.yaml (https://github.com/aws/aws-parallelcluster-ui/pull/380)
    Sid: 'AllowLambda',
    Effect: 'Allow',
    Principal: { Service: 'lambda.amazonaws.com' },
    Action: LAMBDA_PULL,
    Condition: { StringLike: { 'aws:SourceArn': Fn.sub('arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:*') } },
  }]);
  rawRepository(stack, 'CrossAccount', [
    // danielang2020/danielang2020.github.io, blogs/cross_account_iam.md: the key written in another case, a wildcard Region
    { Sid: 'CrossAccountPermission', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` }, Action: LAMBDA_PULL },
    {
      Sid: 'LambdaECRImageCrossAccountRetrievalPolicy',
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: LAMBDA_PULL,
      Condition: { StringLike: { 'aws:sourceARN': `arn:aws:lambda:*:${WORKLOAD_ACCOUNT}:function:*` } },
    },
  ]);
  new iam.Role(stack, 'Function', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1 (issue: lambda.DockerImageCode.fromEcr): aws-cdk-lib grants Lambda pull with no condition', () => {
  // GIVEN
  const { app, stack } = registryApp();
  const images = new ecr.Repository(stack, 'Images');
  new lambda.DockerImageFunction(stack, 'Fn', { code: lambda.DockerImageCode.fromEcr(images) });
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'error', path: 'Registry/Images/Resource' });
  expect(finding.text).toContain('Statement 0 of the repository policy of \'Registry/Images\' allows ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, '
    + 'ecr:GetDownloadUrlForLayer to lambda.amazonaws.com with no condition on aws:SourceAccount or aws:SourceArn: the service acting for any AWS account may do it.');
  expect(finding.text).toContain('Properties/RepositoryPolicyText/Statement/0/Principal/Service');
  expect(finding.text).toContain(`Fix: Add to the statement {"StringEquals": {"aws:SourceAccount": "${REGISTRY_ACCOUNT}"}}`);
  expect(finding.text).toContain('PushableRepository.allowLambdaPull({ accounts, functionNamePattern }) writes both');
});

test.each([
  ['horothesun/api-gateway-lambda-infra, ecr.tf: LambdaECRImageRetrievalPolicy', { Sid: 'LambdaECRImageRetrievalPolicy', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: LAMBDA_PULL }],
  ['ThyArt/thyart-ops, back-end/codebuild-image/ecr_policy.tf: CodeBuildAccess', { Sid: 'CodeBuildAccess', Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: EcrActions.PULL }],
  ['msgoat/iac-tf-aws-cloudtrain-pipeline-modules, custom-build-environment-repository: push and delete too', {
    Sid: 'AllowCodeBuildAccess',
    Effect: 'Allow',
    Principal: { Service: 'codebuild.amazonaws.com' },
    Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchDeleteImage', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:DescribeRepositories',
      'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:InitiateLayerUpload', 'ecr:ListImages', 'ecr:PutImage', 'ecr:UploadLayerPart'],
  }],
  ['a condition that names no account (aws:SourceIp)', {
    Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: EcrActions.PULL, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  }],
  ['a source condition that matches every account', {
    Effect: 'Allow',
    Principal: { Service: 'lambda.amazonaws.com' },
    Action: LAMBDA_PULL,
    Condition: { StringLike: { 'aws:SourceAccount': '*' }, ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:*:*:function:*' } },
  }],
  ['a negated source condition (every account but one)', {
    Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: LAMBDA_PULL, Condition: { StringNotEquals: { 'aws:SourceAccount': OTHER_ACCOUNT } },
  }],
])('non-compliant 2 (%s)', (_source, statement) => {
  // GIVEN
  const { app, stack } = registryApp();
  rawRepository(stack, 'Raw', [statement]);
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => [f.path, f.level])).toEqual([['Registry/Raw', 'error']]);
  expect(findings[0].text).toMatch(/to (lambda|codebuild)\.amazonaws\.com with no condition on aws:SourceAccount or aws:SourceArn/);
  expect(only(pluginFindings(app)).map((f) => f.path)).toEqual(['Registry/Raw']);
});

test('non-compliant 3: a registry policy statement for a service', () => {
  // GIVEN
  const { app, stack } = registryApp();
  new EcrRegistry(stack, 'Registry').addToRegistryPolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('codebuild.amazonaws.com')],
    actions: EcrActions.PULL,
    resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'build-images/*' })],
  }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Registry/Registry/Policy']);
  expect(findings[0].text).toContain('of the registry policy of \'Registry/Registry/Policy\' allows ecr:BatchCheckLayerAvailability');
});

test('the evaluator: without a source condition Lambda acting for another account pulls; with the fix the finding prints, it does not', async () => {
  // GIVEN the same statement, without and with the printed condition
  const { app, stack } = registryApp();
  const open = new ecr.Repository(stack, 'Open');
  open.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ServicePrincipal('lambda.amazonaws.com')], actions: LAMBDA_PULL }));
  const fixed = new ecr.Repository(stack, 'Fixed');
  fixed.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('lambda.amazonaws.com')], actions: LAMBDA_PULL, conditions: { StringEquals: { 'aws:SourceAccount': REGISTRY_ACCOUNT } },
  }));
  const flagged = only(aspectFindings(app)).map((f) => f.path);
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const lambdaService = oracle.external('lambda.amazonaws.com');
  const actingFor = (account: string) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:lambda:us-east-1:${account}:function:api` });
  // WHEN
  const decisions = await Promise.all([open, fixed].flatMap((repository) => [OTHER_ACCOUNT, REGISTRY_ACCOUNT].map(
    (account) => oracle.decide(lambdaService, 'ecr:BatchGetImage', oracle.repository(repository), actingFor(account)))));
  // THEN
  expect(flagged).toEqual(['Registry/Open/Resource']);
  expect(decisions).toEqual(['Allowed', 'Allowed', 'ImplicitlyDenied', 'Allowed']);
});
