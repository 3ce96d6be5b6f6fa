import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../../src';
import { WORKLOAD_ACCOUNT } from '../../helpers/scenarios';
import { corpusRuleFindings } from '../corpus';
import { aspectFindings, Reported, ruleIds } from '../findings';
import { registryApp } from '../fixtures';

// A layer upload without the rest of the five actions every `docker push` calls fails part-way.
// A retag (`BatchGetImage` and `PutImage`, no upload) is not a push. Seeds are marked.

const RULE = 'incomplete-push';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: grantPush, grantPullPush, the named push set, a pull (which checks layers too)', () => {
  // GIVEN
  const { app, stack, repository, role } = registryApp();
  const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantPush(role);
  repository.grantPullPush(other);
  repository.grantPull(new iam.Role(stack, 'Puller', { assumedBy: new iam.AccountRootPrincipal() }));
  new iam.ManagedPolicy(stack, 'Push', { statements: [new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: ['*'] })] });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('compliant 2 (seed: the five layer actions in a repository policy for another account); a push set split over two statements', () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  repository.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowPushFromOtherAccount',
    principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
    actions: ['ecr:BatchCheckLayerAvailability', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
  }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'], resources: [repository.repositoryArn] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:PutImage'], resources: ['*'] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1 (seed: the "comprehensive" policy lists the uploads but not ecr:BatchCheckLayerAvailability)', () => {
  // GIVEN
  const { app, stack } = registryApp();
  const user = new iam.User(stack, 'Admin');
  user.addToPolicy(new iam.PolicyStatement({
    actions: ['ecr:CreateRepository', 'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer',
      'ecr:BatchGetImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'],
    resources: ['*'],
  }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'error', path: 'Registry/Admin/DefaultPolicy/Resource' });
  expect(finding.text).toContain("User 'Registry/Admin' may call ecr:CompleteLayerUpload, ecr:InitiateLayerUpload, ecr:PutImage, ecr:UploadLayerPart on '*'");
  expect(finding.text).toContain('but not ecr:BatchCheckLayerAvailability: a push needs all five');
});

test('compliant 3: a retag (BatchGetImage and PutImage, no layer upload) is not a push', () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage', 'ecr:PutImage'], resources: [repository.repositoryArn] }));
  repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)], actions: ['ecr:BatchGetImage', 'ecr:PutImage'] }));
  // WHEN
  const ids = ruleIds(aspectFindings(app));
  // THEN: nor does it need login: the retag is an API call, not docker
  expect(ids.filter((id) => id === RULE || id === 'missing-login')).toEqual([]);
});

test('non-compliant 2: a repository policy that lets another account upload layers but not finish the push', () => {
  // GIVEN
  const { app, repository } = registryApp();
  repository.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
    actions: ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:PutImage'],
  }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.path).toEqual('Registry/Api/Resource');
  expect(finding.text).toContain(`Principal 'arn:aws:iam::${WORKLOAD_ACCOUNT}:root' may call ecr:InitiateLayerUpload, ecr:PutImage, ecr:UploadLayerPart on this repository`);
  expect(finding.text).toContain('but not ecr:BatchCheckLayerAvailability, ecr:CompleteLayerUpload');
});

test('a service principal with a stray layer upload (corpus jdxops-lambda-service-pull-plus-initiate-upload): remove it, do not complete a push', () => {
  // WHEN
  const findings = corpusRuleFindings(RULE, 'jdxops-lambda-service-pull-plus-initiate-upload');
  // THEN
  expect(findings.map((f) => [f.message, f.fix])).toEqual([[
    "Statement 0 (Sid \"LambdaImagePull\") of the repository policy of 'jdxops-lambda-service-pull-plus-initiate-upload' allows ecr:InitiateLayerUpload "
      + "to the service 'lambda.amazonaws.com', which never pushes through a repository policy.",
    'remove ecr:InitiateLayerUpload from the statement: the service needs only what it reads (EcrActions.LAMBDA_PULL for Lambda)',
  ]]);
});
