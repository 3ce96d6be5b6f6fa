import { rmSync } from 'fs';
import * as path from 'path';
import { App, Aspects, IPolicyValidationContext, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { AspectOrPlugin, displayPath, SynthAnalysis, synthInfo, SynthRun, TreeRun } from '../../src/analysis/aspect-or-plugin';

// The part the checks and the report share to run either way: as an Aspect, once, from the highest
// construct it was added to, after every aspect (the templates as written); as a plugin, on the
// templates the framework hands it, with the app when given.

/** An analysis that records its runs and fails the synth with the errors it is given. */
function recorder(errors: string[] = []) {
  const trees: TreeRun[] = [];
  const plugins: SynthRun[] = [];
  const analysis: SynthAnalysis = {
    name: 'Example',
    inTree: (run) => {
      trees.push(run);
      return errors;
    },
    inPlugin: (run) => {
      plugins.push(run);
      return { success: true, violations: [] };
    },
  };
  return { adapter: new AspectOrPlugin(analysis), trees, plugins };
}

function app() {
  const root = new App();
  const stack = new Stack(root, 'Registry');
  const repository = new ecr.Repository(stack, 'Api', { repositoryName: 'team-a/api' });
  return { root, stack, repository };
}

test('as an Aspect: one run from the construct it was added to, after aspects, reading the stage\'s templates', () => {
  // GIVEN
  const { root } = app();
  const { adapter, trees } = recorder();
  Aspects.of(root).add({ visit: (node) => adapter.visit(node) });
  // WHEN
  const assembly = root.synth();
  // THEN
  expect(trees).toHaveLength(1);
  expect(trees[0].scope).toBe(root);
  expect(trees[0].outdir).toBe(root.outdir);
  expect(trees[0].read().templates.stacks.map((s) => s.id)).toEqual(['Registry']);
  rmSync(assembly.directory, { recursive: true, force: true });
});

test('as an Aspect: the errors it returns fail the synth, after the analysis\'s name, with no stray [] for the app', () => {
  // GIVEN
  const { root } = app();
  const { adapter } = recorder(['not allowed']);
  Aspects.of(root).add({ visit: (node) => adapter.visit(node) });
  // WHEN / THEN
  expect(() => root.synth()).toThrow(/^Validation failed with the following errors:\n {2}\[Example\] not allowed$/);
});

test('as an Aspect on a stack: the errors name the stack; two analyses of one name get their own constructs', () => {
  // GIVEN
  const { root, stack } = app();
  const first = recorder(['first']);
  const second = recorder(['second']);
  Aspects.of(stack).add({ visit: (node) => first.adapter.visit(node) });
  Aspects.of(stack).add({ visit: (node) => second.adapter.visit(node) });
  // WHEN / THEN
  expect(() => root.synth()).toThrow(/\[Registry\/Example\] first\n {2}\[Registry\/Example2\] second/);
});

describe('synthInfo: one line cdk synth prints', () => {
  test('for the app, on its first stack (CDK keeps messages per stack)', () => {
    // GIVEN
    const { root, stack } = app();
    // WHEN
    synthInfo(root, '[Example] 3 policies checked');
    // THEN
    Annotations.fromStack(stack).hasInfo('/Registry', '[Example] 3 policies checked');
  });

  test('for a construct in a stack, on that construct', () => {
    // GIVEN
    const { stack, repository } = app();
    // WHEN
    synthInfo(repository, '[Example] here');
    // THEN
    Annotations.fromStack(stack).hasInfo('/Registry/Api', '[Example] here');
    Annotations.fromStack(stack).hasNoInfo('/Registry', Match.anyValue());
  });

  test('for an app with no stack, nowhere and without an error', () => {
    expect(() => synthInfo(new App(), '[Example] nothing')).not.toThrow();
  });
});

test.each([
  [path.join(process.cwd(), 'cdk.out', 'ecr-access-report.md'), path.join('cdk.out', 'ecr-access-report.md')],
  ['/elsewhere/cdk.out/ecr-access-report.md', '/elsewhere/cdk.out/ecr-access-report.md'],
])('displayPath(%s) is %s: relative to where synth ran, unless outside it', (file, shown) => {
  expect(displayPath(file)).toBe(shown);
});

test('as an Aspect on a construct in a stage: that stage\'s cloud assembly directory', () => {
  // GIVEN
  const root = new App();
  const stage = new Stage(root, 'Prod');
  new ecr.Repository(new Stack(stage, 'Registry'), 'Api');
  const { adapter, trees } = recorder();
  Aspects.of(stage).add({ visit: (node) => adapter.visit(node) });
  // WHEN
  const assembly = root.synth();
  // THEN
  expect(trees.map((t) => [t.scope, t.outdir])).toEqual([[stage, stage.outdir]]);
  rmSync(assembly.directory, { recursive: true, force: true });
});

test('as a plugin: the templates handed over, read only when asked; the app\'s directory when the app is given', () => {
  // GIVEN
  const { root } = app();
  const assembly = root.synth();
  const templatePaths = assembly.stacks.map((s) => s.templateFullPath);
  const { adapter, plugins } = recorder();
  // WHEN
  adapter.validate({ templatePaths, appConstruct: root });
  // aws-cdk-lib before 2.258, and other callers, pass no app
  adapter.validate({ templatePaths } as IPolicyValidationContext);
  // THEN
  expect(plugins.map((p) => [p.scope, p.outdir])).toEqual([[undefined, root.outdir], [undefined, path.dirname(templatePaths[0])]]);
  expect(plugins[0].read().templates.stacks.map((s) => s.templatePath)).toEqual(templatePaths);
  rmSync(assembly.directory, { recursive: true, force: true });
});

test('as a plugin: a context without templates reads nothing, and nothing is thrown before the analysis decides', () => {
  // GIVEN
  const { adapter, plugins } = recorder();
  // WHEN
  adapter.validate({} as IPolicyValidationContext);
  // THEN
  expect(plugins[0].outdir).toBeUndefined();
  expect(() => plugins[0].read()).toThrow();
});
