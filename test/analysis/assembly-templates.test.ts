import { rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { ACCOUNT, REGION } from './templates';
import * as assemblyFiles from '../../src/analysis/assembly-files';
import { templatesFromAssembly } from '../../src/analysis/assembly-templates';

// The plugin way (and the `report` command): the synthesized templates on disk, with the environment,
// construct paths and acknowledgments the manifest records beside them.

const synthesized: string[] = [];
afterAll(() => synthesized.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The template files of the app, Registry's first. */
function synth(root: App): string[] {
  const assembly = root.synth();
  synthesized.push(assembly.directory);
  return ['Registry', 'Agnostic'].map((name) => assembly.getStackByName(name).templateFullPath);
}

function app() {
  const root = new App();
  const registry = new Stack(root, 'Registry', { env: { account: ACCOUNT, region: REGION } });
  const repository = new ecr.Repository(registry, 'Api', { repositoryName: 'team-a/api' });
  Validations.of(repository).acknowledge({ id: 'cdk-ecr-access:policy-size', reason: 'split later' });
  new Stack(root, 'Agnostic');
  return { root, registry };
}

/** Registry's template synthesized with aws:cdk:path on every resource (as `cdk synth` writes it), its repository acknowledged. */
function withPathMetadata(reason: string) {
  const root = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const registry = new Stack(root, 'Registry', { env: { account: ACCOUNT, region: REGION } });
  const repository = new ecr.Repository(registry, 'Api', { repositoryName: 'team-a/api' });
  Validations.of(repository).acknowledge({ id: 'cdk-ecr-access:policy-size', reason });
  const assembly = root.synth();
  synthesized.push(assembly.directory);
  return { root, registry, repository, templatePath: assembly.getStackByName('Registry').templateFullPath };
}

test('the templates, with construct paths, the environment and the acknowledgments of the manifest', () => {
  // GIVEN
  const { root, registry } = app();
  const paths = synth(root);
  // WHEN
  const set = templatesFromAssembly(paths);
  // THEN
  const stack = set.stacks.find((s) => s.id === 'Registry')!;
  const logicalId = registry.getLogicalId(registry.node.findChild('Api').node.defaultChild as ecr.CfnRepository);
  expect(stack).toMatchObject({ account: ACCOUNT, region: REGION, templatePath: paths[0] });
  expect(stack.constructPaths.get(logicalId)).toBe('Registry/Api/Resource');
  expect(set.stacks.find((s) => s.id === 'Agnostic')).toMatchObject({ account: undefined, region: undefined });
  expect(set.acknowledgments.map((a) => [a.path, a.reason])).toEqual([['Registry/Api', 'split later']]);
  expect(set.unreadable).toEqual([]);
});

test('with the app, acknowledgments the manifest does not record (above the stacks) count too', () => {
  // GIVEN
  const { root } = app();
  Validations.of(root).acknowledge({ id: 'cdk-ecr-access:not-checked', reason: 'sandbox' });
  const paths = synth(root);
  // WHEN
  const set = templatesFromAssembly(paths, root);
  // THEN
  expect(set.acknowledgments.map((a) => [a.path, a.reason])).toContainEqual(['', 'sandbox']);
});

test('with the app, an acknowledgment in a stack is read once, from the tree: no metadata file is read for it', () => {
  // GIVEN path metadata, so that no construct path needs a metadata file
  const { root, templatePath } = withPathMetadata(' ');
  const read = jest.spyOn(assemblyFiles, 'readJsonFile');
  try {
    // WHEN
    const set = templatesFromAssembly([templatePath], root);
    // THEN
    expect(set.acknowledgments.map((a) => [a.path, a.id, a.reason])).toEqual([['Registry/Api', 'annotation::cdk-ecr-access:policy-size', ' ']]);
    expect(read.mock.calls.map(([file]) => path.basename(file))).toEqual(['Registry.template.json']);
  } finally {
    read.mockRestore();
  }
});

test('with aws:cdk:path on every resource (as `cdk synth` writes it), paths come from the template and acknowledgments still from the metadata file', () => {
  // GIVEN path metadata, as the CDK CLI enables it
  const { registry, repository, templatePath } = withPathMetadata('split later');
  // WHEN
  const set = templatesFromAssembly([templatePath]);
  // THEN
  const logicalId = registry.getLogicalId(repository.node.defaultChild as ecr.CfnRepository);
  expect(set.stacks[0].template.Resources![logicalId].Metadata['aws:cdk:path']).toBe('Registry/Api/Resource');
  expect(set.stacks[0].constructPaths.get(logicalId)).toBe('Registry/Api/Resource');
  expect(set.acknowledgments.map((a) => [a.path, a.reason])).toEqual([['Registry/Api', 'split later']]);
});

test('without aws:cdk:path, a stack\'s metadata file is read when a construct path is first asked for, once', () => {
  // GIVEN
  const { root, registry } = app();
  const paths = synth(root);
  const read = jest.spyOn(assemblyFiles, 'readJsonFile');
  const metadataReads = () => read.mock.calls.filter(([file]) => file.endsWith('.metadata.json')).length;
  try {
    // WHEN
    const set = templatesFromAssembly(paths);
    const before = metadataReads();
    const stack = set.stacks.find((s) => s.id === 'Registry')!;
    const logicalId = registry.getLogicalId(registry.node.findChild('Api').node.defaultChild as ecr.CfnRepository);
    const first = stack.constructPaths.get(logicalId);
    const again = stack.constructPaths.get(logicalId);
    // THEN
    expect(before).toBe(0);
    expect([first, again]).toEqual(['Registry/Api/Resource', 'Registry/Api/Resource']);
    expect(metadataReads()).toBe(1);
  } finally {
    read.mockRestore();
  }
});

test('a template that cannot be read is named with the reason; the others are read', () => {
  // GIVEN
  const { root } = app();
  const paths = synth(root);
  writeFileSync(paths[1], '{ not json');
  // WHEN
  const set = templatesFromAssembly(paths);
  // THEN
  expect(set.stacks.map((s) => s.id)).toEqual(['Registry', 'Agnostic']);
  expect(set.unreadable).toEqual([{ stackId: 'Agnostic', logicalId: '', constructPath: 'Agnostic', error: expect.stringMatching(/Agnostic\.template\.json is not valid JSON/) }]);
  expect(path.basename(paths[1])).toBe('Agnostic.template.json');
});

test('with the app, its stacks give the ids and environments: the manifest is not read', () => {
  // GIVEN
  const { root } = app();
  const paths = synth(root);
  const read = jest.spyOn(assemblyFiles, 'readJsonFile');
  try {
    // WHEN
    const set = templatesFromAssembly(paths, root);
    // THEN
    expect(set.stacks.map(({ id, account, region }) => ({ id, account, region }))).toEqual([
      { id: 'Registry', account: ACCOUNT, region: REGION },
      { id: 'Agnostic', account: undefined, region: undefined },
    ]);
    expect(read.mock.calls.map(([file]) => path.basename(file))).toEqual(['Registry.template.json', 'Agnostic.template.json']);
  } finally {
    read.mockRestore();
  }
});

test('a template the app does not account for (a nested stage\'s, with another app) is read with its manifest', () => {
  // GIVEN a stage's stack, and an app that does not hold it
  const root = new App();
  const stage = new Stage(root, 'Prod');
  const service = new Stack(stage, 'Service', { env: { account: ACCOUNT, region: REGION } });
  const assembly = root.synth();
  synthesized.push(assembly.directory);
  const templatePath = assembly.getNestedAssembly(stage.artifactId).getStackByName('Prod-Service').templateFullPath;
  const read = jest.spyOn(assemblyFiles, 'readJsonFile');
  const manifestReads = () => read.mock.calls.filter(([file]) => path.basename(file) === 'manifest.json').length;
  try {
    // WHEN
    const [withItsApp] = templatesFromAssembly([templatePath], root).stacks;
    const readsWithItsApp = manifestReads();
    const [withAnother] = templatesFromAssembly([templatePath], new App()).stacks;
    // THEN the same, whichever says it
    expect(withItsApp).toMatchObject({ id: service.artifactId, account: ACCOUNT, region: REGION });
    expect(withAnother).toMatchObject({ id: service.artifactId, account: ACCOUNT, region: REGION });
    expect([readsWithItsApp, manifestReads()]).toEqual([0, 1]);
  } finally {
    read.mockRestore();
  }
});
