import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrAccessChecks, EcrAccessReport } from '../../src';
import * as assemblyTemplates from '../../src/analysis/assembly-templates';
import { accessModelOf, sharedTemplates } from '../../src/analysis/shared-reads';
import { TemplateSet } from '../../src/analysis/template-set';

// The checks and the report in one synth read the templates and build the model once; a file
// changed since is read again, and without the app nothing is shared.

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
afterEach(() => jest.restoreAllMocks());

function templateFile(content: object): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shared-reads-'));
  dirs.push(dir);
  const file = path.join(dir, 'Stack.template.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

/** A reader that counts its calls and returns a fresh set each time. */
function counter() {
  const calls = { count: 0 };
  const read = (): TemplateSet => {
    calls.count++;
    return { stacks: [], acknowledgments: [], unreadable: [] };
  };
  return { calls, read };
}

test('the same app and unchanged files: read once', () => {
  // GIVEN
  const app = new App();
  const file = templateFile({ Resources: {} });
  const { calls, read } = counter();
  // WHEN
  const first = sharedTemplates(app, [file], read);
  const second = sharedTemplates(app, [file], read);
  // THEN
  expect(calls.count).toBe(1);
  expect(second).toBe(first);
});

test('a file written since is read again', () => {
  // GIVEN
  const app = new App();
  const file = templateFile({ Resources: {} });
  const { calls, read } = counter();
  const first = sharedTemplates(app, [file], read);
  // WHEN
  writeFileSync(file, JSON.stringify({ Resources: { Repo: { Type: 'AWS::ECR::Repository' } } }));
  const second = sharedTemplates(app, [file], read);
  // THEN
  expect(calls.count).toBe(2);
  expect(second).not.toBe(first);
});

test('a file rewritten with text of the same length and time is read again', () => {
  // GIVEN (a coarse file system clock, or a copy that keeps times: a size and time key would miss it)
  const app = new App();
  const file = templateFile({ Resources: { A: {} } });
  const time = new Date('2026-01-01T00:00:00Z');
  utimesSync(file, time, time);
  const { calls, read } = counter();
  sharedTemplates(app, [file], read);
  // WHEN
  writeFileSync(file, JSON.stringify({ Resources: { B: {} } }));
  utimesSync(file, time, time);
  sharedTemplates(app, [file], read);
  // THEN
  expect(calls.count).toBe(2);
});

test('the reader is handed each file\'s text as read, so it reads no file again', () => {
  // GIVEN
  const app = new App();
  const file = templateFile({ Resources: {} });
  const read = jest.fn((): TemplateSet => ({ stacks: [], acknowledgments: [], unreadable: [] }));
  // WHEN
  sharedTemplates(app, [file, '/no/such/Stack.template.json'], read);
  // THEN
  expect(read).toHaveBeenCalledWith([{ text: '{"Resources":{}}' }, { error: 'cannot read /no/such/Stack.template.json: no such file' }]);
});

test('another list of files is another set, though every text is the same', () => {
  // GIVEN
  const app = new App();
  const file = templateFile({ Resources: {} });
  const { calls, read } = counter();
  sharedTemplates(app, [file], read);
  // WHEN
  sharedTemplates(app, [file, file], read);
  // THEN
  expect(calls.count).toBe(2);
});

test.each([
  ['no app (the command line, older aws-cdk-lib)', undefined, ['Stack.template.json']],
  ['a file that cannot be read', new App(), ['/no/such/Stack.template.json']],
])('nothing is shared with %s', (_, app, files) => {
  // GIVEN
  const { calls, read } = counter();
  // WHEN
  sharedTemplates(app, files, read);
  sharedTemplates(app, files, read);
  // THEN
  expect(calls.count).toBe(2);
});

test('one access model per template set', () => {
  // GIVEN
  const set: TemplateSet = { stacks: [], acknowledgments: [], unreadable: [] };
  // WHEN / THEN
  expect(accessModelOf(set)).toBe(accessModelOf(set));
  expect(accessModelOf({ ...set })).not.toBe(accessModelOf(set));
});

test('the checks and the report as plugins of one app read the templates once, and both still work', () => {
  // GIVEN
  const app = new App();
  const stack = new Stack(app, 'Registry', { env: { account: '111111111111', region: 'us-east-1' } });
  const repository = new ecr.Repository(stack, 'Api', { repositoryName: 'team-a/api' });
  const role = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantPull(role);
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DeleteRepository'], resources: ['*'] }));
  Validations.of(app).addPlugins(new EcrAccessChecks(), new EcrAccessReport());
  const read = jest.spyOn(assemblyTemplates, 'templatesFromAssembly');
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  // WHEN
  const assembly = app.synth();
  // THEN one read; the checks found the typo and the report was written
  expect(read).toHaveBeenCalledTimes(1);
  const validation = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
  const checks = validation.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'EcrAccessChecks');
  expect(checks.violations.map((v: { ruleName: string }) => v.ruleName)).toEqual(['unknown-action']);
  const report = JSON.parse(readFileSync(path.join(assembly.directory, 'ecr-access-report.json'), 'utf8'));
  expect(report.access.map((a: { principal: string; repository: string }) => [a.principal, a.repository])).toEqual([['role Registry/Ci', 'team-a/api']]);
});
