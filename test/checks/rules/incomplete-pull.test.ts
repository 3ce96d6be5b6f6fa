import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions, PushableRepository } from '../../../src';
import { corpusEntry, corpusRuleFindings } from '../corpus';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// A pull reads the manifest (BatchGetImage) and then each layer (GetDownloadUrlForLayer); one
// without the other fails part-way. Cases from the corpus carry its entry id (source URL inside).

const RULE = 'incomplete-pull';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: grantPull, the PullOnly shape (no BatchCheckLayerAvailability), grantPush (reads manifests), a retag', () => {
  // GIVEN
  const { app, stack, repository, role } = registryApp();
  repository.grantPull(role);
  const pullOnly = new iam.Role(stack, 'PullOnly', { assumedBy: new iam.AccountRootPrincipal() });
  pullOnly.addToPolicy(new iam.PolicyStatement({ actions: [...EcrActions.LOGIN, ...EcrActions.LAMBDA_PULL], resources: ['*'] }));
  repository.grantPush(new iam.Role(stack, 'Pusher', { assumedBy: new iam.AccountRootPrincipal() }));
  const retagger = new iam.Role(stack, 'Retag', { assumedBy: new iam.AccountRootPrincipal() });
  retagger.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage', 'ecr:PutImage'], resources: [repository.repositoryArn] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test.each([
  // aws-controllers-k8s/lambda-controller after its fix: ecr:Get* + ecr:BatchGet*
  'ack-lambda-controller-ecr-get-batchget-fixed',
  // AWS's documented ECS task execution shape, managed policy attached
  'exercism-ecs-task-execution-managed-ok',
  'awsdocs-lambda-cross-account',
])('compliant (corpus): %s', (id) => {
  expect(corpusRuleFindings(RULE, id)).toEqual([]);
});

test('non-compliant 1 (corpus tf-aws-iam-read-only-policy-ecr-get-describe): ecr:Get* and ecr:Describe* without BatchGetImage', () => {
  // GIVEN
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:Get*', 'ecr:Describe*', 'ecr:List*'], resources: ['*'] }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'warning', path: 'Registry/Ci/DefaultPolicy/Resource' });
  expect(finding.text).toContain("Role 'Registry/Ci' may call ecr:GetDownloadUrlForLayer on '*'");
  expect(finding.text).toContain('but not ecr:BatchGetImage: a pull cannot read the image manifest.');
  expect(finding.text).toContain('Fix: Add ecr:BatchGetImage beside it');
});

test.each([
  ['tf-aws-iam-read-only-policy-ecr-get-describe', 'ecr:BatchGetImage'],
  ['ack-lambda-controller-ecr-get-star', 'ecr:BatchGetImage'],
  ['coreos-kubernetes-worker-batchgetimage-only', 'ecr:GetDownloadUrlForLayer'],
  // a repository policy (terraform docs copied and trimmed)
  ['kavya-terraform-docs-copy-trimmed', 'ecr:BatchGetImage'],
])('non-compliant (corpus): %s misses %s', (id, missing) => {
  // GIVEN
  const entry = corpusEntry(id);
  // WHEN
  const findings = corpusRuleFindings(RULE, id);
  // THEN
  expect(entry.expected.map((e) => e.rule)).toContain(RULE);
  expect(findings).toHaveLength(1);
  expect(findings[0].message).toContain(`but not ${missing}`);
});

describe('blob mounting: a pusher may download the layers of a source repository without reading its manifests', () => {
  // "Users need ecr:GetDownloadUrlForLayer IAM permission on a repository to mount layers from it"
  // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html)
  test('compliant: grantPushMountingFrom', () => {
    // GIVEN
    const { app, stack, repository, role } = registryApp();
    const base = new PushableRepository(stack, 'Base', { repositoryName: 'base/node' });
    // WHEN
    repository.grantPushMountingFrom(role, [base]);
    // THEN
    expect(only(aspectFindings(app))).toEqual([]);
  });

  test('non-compliant: the layer download alone, for a principal that pushes nowhere', () => {
    const { app, repository, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.MOUNT_LAYERS, resources: [repository.repositoryArn] }));
    expect(only(aspectFindings(app))).toHaveLength(1);
  });

  test('non-compliant: a pusher with ecr:Get* on other repositories (more than the mount)', () => {
    const { app, stack, repository, role } = registryApp();
    repository.grantPush(role);
    const base = new PushableRepository(stack, 'Base', { repositoryName: 'base/node' });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:Get*'], resources: [base.repositoryArn] }));
    expect(only(aspectFindings(app))).toHaveLength(1);
  });
});

test('a pull split over two statements on the same repository is whole', () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage'], resources: [repository.repositoryArn] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer'], resources: ['*'] }));
  // WHEN / THEN
  expect(only(aspectFindings(app))).toEqual([]);
});
