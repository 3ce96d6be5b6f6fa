import * as iam from 'aws-cdk-lib/aws-iam';
import { corpusEntry, corpusRuleFindings } from '../corpus';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// Wrong AWS managed policy names people write (seed 004, ECS/Prefect threads in the corpus) fail the
// deploy with NoSuchEntity; the real names come from the published list.

const RULE = 'unknown-managed-policy';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: real names with their paths, in any partition; customer managed policies are not judged', () => {
  // GIVEN
  const { app, stack } = registryApp();
  new iam.Role(stack, 'Task', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy'),
      iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryPullOnly'),
      iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Mine', 'arn:aws:iam::123456789012:policy/AmazonECRFullAccess'),
    ],
  });
  // WHEN / THEN
  expect(only(aspectFindings(app))).toEqual([]);
});

test.each(['exercism-ecs-task-execution-managed-ok', 'ecs-refarch-cd-instance-role-managed'])('compliant (corpus): %s', (id) => {
  expect(corpusRuleFindings(RULE, id)).toEqual([]);
});

test('non-compliant 1 (seed 004: AmazonECRReadOnlyAccess)', () => {
  // GIVEN
  const { app, stack } = registryApp();
  new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonECRReadOnlyAccess')] });
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'error', path: 'Registry/Reader/Resource' });
  expect(finding.text).toContain("which is not an AWS managed policy; AWS publishes 'AmazonEC2ContainerRegistryReadOnly'.");
  expect(finding.text).toContain("Fix: Attach arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly (iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryReadOnly'))");
});

test.each([
  ['seed-004-amazonecrreadonlyaccess', 'AmazonEC2ContainerRegistryReadOnly'],
  ['seed-004-amazonecrfullaccess', 'AmazonEC2ContainerRegistryFullAccess'],
  ['aws-cicd-docker-containers-ecs-fullaccess-removed', 'AmazonECS_FullAccess'],
  ['prefect-ecs-task-execution-policy-name', 'service-role/AmazonECSTaskExecutionRolePolicy'],
])('non-compliant (corpus): %s suggests %s', (id, real) => {
  expect(corpusEntry(id).expected.map((e) => e.rule)).toContain(RULE);
  expect(corpusRuleFindings(RULE, id).map((f) => f.message)).toEqual([expect.stringContaining(`AWS publishes '${real}'.`)]);
});
