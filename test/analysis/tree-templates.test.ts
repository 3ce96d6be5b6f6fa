import { App, CfnOutput, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ACCOUNT, REGION } from './templates';
import { templatesFromTree } from '../../src/analysis/tree-templates';

// The Aspect way: the templates resolved from the construct tree as they are about to be written,
// for the resource types the analysis reads and the outputs other stacks import.

function app() {
  const root = new App();
  const registry = new Stack(root, 'Registry', { env: { account: ACCOUNT, region: REGION } });
  const repository = new ecr.Repository(registry, 'Api', { repositoryName: 'team-a/api' });
  new s3.Bucket(registry, 'Logs');
  new CfnOutput(registry, 'ApiArn', { value: repository.repositoryArn, exportName: 'api-arn' });
  new CfnOutput(registry, 'NotExported', { value: repository.repositoryName });
  const agnostic = new Stack(root, 'Agnostic');
  new iam.Role(agnostic, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
  return { root, registry, repository };
}

test('only the resource types the analysis reads, exported outputs, and the construct of each path', () => {
  // GIVEN
  const { root, repository } = app();
  // WHEN
  const { templates, constructs } = templatesFromTree(root);
  // THEN
  const registry = templates.stacks.find((s) => s.id === 'Registry')!;
  expect(Object.values(registry.template.Resources!).map((r) => r.Type)).toEqual(['AWS::ECR::Repository']);
  expect(Object.keys(registry.template.Outputs!)).toEqual(['ApiArn']);
  const [logicalId] = Object.keys(registry.template.Resources!);
  expect(registry.constructPaths.get(logicalId)).toBe('Registry/Api/Resource');
  expect(constructs.get('Registry/Api/Resource')).toBe(repository.node.defaultChild);
  expect(registry.template.Resources![logicalId].Properties.RepositoryName).toBe('team-a/api');
});

test('the environment when known; none for an environment-agnostic stack', () => {
  // GIVEN
  const { root } = app();
  // WHEN
  const { templates } = templatesFromTree(root);
  // THEN
  expect(templates.stacks.map((s) => [s.id, s.account, s.region])).toEqual([['Registry', ACCOUNT, REGION], ['Agnostic', undefined, undefined]]);
});

test('from a construct in a stage: that stage\'s stacks only, and the acknowledgments above it too', () => {
  // GIVEN
  const root = new App();
  const stage = new Stage(root, 'Prod');
  const stack = new Stack(stage, 'Registry');
  new ecr.Repository(stack, 'Api');
  new ecr.Repository(new Stack(root, 'Outside'), 'Other');
  Validations.of(root).acknowledge({ id: 'cdk-ecr-access:not-checked', reason: 'whole app' });
  // WHEN
  const { templates } = templatesFromTree(stack);
  // THEN
  expect(templates.stacks.map((s) => s.id)).toEqual([stack.artifactId]);
  expect(templates.acknowledgments.map((a) => [a.path, a.reason])).toEqual([['', 'whole app']]);
});
