import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../../src';
import { aspectFindings, Reported } from '../findings';
import { registryApp, SEED_002_REPOSITORY } from '../fixtures';

// A principal that may pull or push but cannot log in fails at `docker login`, before ECR ever sees
// the grant. Seeds are marked.

const RULE = 'missing-login';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: grants include login; manifest reads alone (SDK, not docker); AWS managed policies may log in; login through ecr:* or a group', () => {
  // GIVEN
  const { app, stack, repository, role } = registryApp();
  repository.grantPull(role);
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  reader.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage', 'ecr:DescribeImages'], resources: [repository.repositoryArn] }));
  const managed = new iam.Role(stack, 'Managed', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryReadOnly')] });
  managed.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn] }));
  const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
  admin.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] }));
  const group = new iam.Group(stack, 'Pushers');
  group.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
  const user = new iam.User(stack, 'Dev', { groups: [group] });
  user.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [repository.repositoryArn] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1: aws-cdk-lib\'s own grant(…) with the pull actions writes no login', () => {
  // GIVEN
  const { app, stack, role } = registryApp();
  const plain = new ecr.Repository(stack, 'Plain');
  plain.grant(role, ...EcrActions.PULL);
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'error', path: 'Registry/Ci/DefaultPolicy/Resource' });
  expect(finding.text).toContain("Role 'Registry/Ci' may pull images (statement 0 of the inline policy of 'Registry/Ci/DefaultPolicy')");
  expect(finding.text).toContain('Fix: Add {"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"} to its identity policy '
    + '(every PushableRepository grant adds it, also on a repository imported with PushableRepository.fromRepositoryArn(...))');
  expect(finding.text).not.toContain('grantOnRepository');
});

test('non-compliant 2 (seed: login scoped to my-repo is no login at all)', () => {
  // GIVEN
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken', ...EcrActions.PUSH], resources: [SEED_002_REPOSITORY] }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.text).toContain("Role 'Registry/Ci' may push images");
});

test('non-compliant 3: a partial pull still logs in first; an AWS managed policy without login does not excuse it', () => {
  // GIVEN: BatchGetImage missing (incomplete-pull's business), and AWSCodeBuildAdminAccess, which lists repositories only
  const { app, stack, repository } = registryApp();
  const builder = new iam.Role(stack, 'Builder', {
    assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSCodeBuildAdminAccess')],
  });
  builder.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetDownloadUrlForLayer'], resources: [repository.repositoryArn] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Registry/Builder/DefaultPolicy/Resource']);
  expect(findings[0].text).toContain("Role 'Registry/Builder' may pull images");
});

test('non-compliant 4 (corpus decision: ecr:Get* on a repository ARN as the only login): the message says why it does not count', () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:Get*', 'ecr:BatchGetImage'], resources: [repository.repositoryArn] }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.text).toContain('covers it on a repository ARN, where login never matches');
});

test('compliant 2: AWS managed policies whose content logs in (task execution role, PullOnly) count', () => {
  // GIVEN
  const { app, stack, repository } = registryApp();
  for (const name of ['service-role/AmazonECSTaskExecutionRolePolicy', 'AmazonEC2ContainerRegistryPullOnly']) {
    const role = new iam.Role(stack, name.replace(/\W/g, ''), { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(name)] });
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [repository.repositoryArn] }));
  }
  // WHEN / THEN
  expect(only(aspectFindings(app))).toEqual([]);
});
