import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../../src';
import { WORKLOAD_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// IAM accepts a misspelt or unknown action and never matches it: the request the author meant fails
// later with AccessDenied. Seeds are marked.

const RULE = 'unknown-action';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: grants, named sets, wildcards that match, any case, real ECS actions', () => {
  // GIVEN
  const { app, stack, repository, role } = registryApp();
  repository.grantPullPush(role);
  role.addToPolicy(new iam.PolicyStatement({ actions: [...EcrActions.READ, 'ecr:Get*Token', 'ECR:putimage', 'ecr:Describe*'], resources: [repository.repositoryArn] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:RunTask', 'ecs:Describe*', 'ecs:*'], resources: ['*'] }));
  new iam.ManagedPolicy(stack, 'Shared', { statements: [new iam.PolicyStatement({ actions: ['ecr:BatchGet*'], resources: ['*'] })] });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1 (seed: "ecr:CreateRepository and ecs:DeleteRepository"): the ECS prefix on an ECR action', () => {
  // GIVEN
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:CreateRepository', 'ecs:DeleteRepository'], resources: ['*'] }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'error', path: 'Registry/Ci/DefaultPolicy/Resource' });
  expect(finding.text).toContain("'ecs:DeleteRepository' in statement 0 of the inline policy of 'Registry/Ci/DefaultPolicy' is not an Amazon ECS action");
  expect(finding.text).toContain("Fix: Write 'ecr:DeleteRepository'.");
});

test('non-compliant 2: a misspelt ECR action gets a suggestion', () => {
  // GIVEN
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthToken'], resources: ['*'] }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.text).toContain("'ecr:GetAuthToken' in statement 0");
  expect(finding.text).toContain('is not an Amazon ECR action');
  expect(finding.text).toContain("Fix: Did you mean 'ecr:GetAuthorizationToken'?");
});

test('non-compliant 3: a wildcard that matches nothing, in a managed policy ("ecr:Get*Token" is fine, "ecr:Pussh*" is not)', () => {
  // GIVEN
  const { app, stack } = registryApp();
  new iam.ManagedPolicy(stack, 'Pushers', { statements: [new iam.PolicyStatement({ actions: ['ecr:Get*Token', 'ecr:Pussh*'], resources: ['*'] })] });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Registry/Pushers/Resource']);
  expect(findings[0].text).toContain("'ecr:Pussh*' in statement 0 of the managed policy of 'Registry/Pushers' matches no Amazon ECR action");
});

test('non-compliant 4: raw repository policy text (a JSON string), a name without the ecr: prefix', () => {
  // GIVEN
  const { app, stack } = registryApp();
  // CloudFormation also takes the policy as JSON text; the L1 accepts it through an override
  new ecr.CfnRepository(stack, 'Raw', { repositoryName: 'raw' }).addPropertyOverride('RepositoryPolicyText', JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` }, Action: ['BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'] }],
  }));
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding).toMatchObject({ path: 'Registry/Raw' });
  expect(finding.text).toContain("'BatchGetImage' in statement 0 of the repository policy of 'Registry/Raw' has no service prefix");
  expect(finding.text).toContain("Write 'ecr:BatchGetImage'");
});
