import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PushableRepository } from '../../src';
import { runCommand } from '../helpers/command';
import { registryStack } from '../helpers/scenarios';

// `cdk-ecr-access report` on cloud assemblies that are not whole: a report made from fewer
// templates than the app has must say so, name each file and why, and exit non-zero; a broken
// manifest is named as broken, and a nested assembly that refers back to itself is a cycle, not a
// stack overflow.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A synthesized app with a repository and a role that pushes, in its own directory. */
function synthesized(withStage = false): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'report-cli-'));
  dirs.push(outdir);
  const app = new App({ outdir });
  const stack = registryStack(app);
  new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' })
    .grantPush(new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() }));
  if (withStage) {
    const stage = new Stage(app, 'Prod');
    new iam.Role(new Stack(stage, 'Workload', { env: { account: '222222222222', region: 'us-east-1' } }), 'Task', { assumedBy: new iam.AccountRootPrincipal() });
  }
  app.synth();
  return outdir;
}

const run = (...args: string[]) => runCommand(['report', ...args]);

test('a whole assembly: the report, exit 0, nothing on standard error', () => {
  // GIVEN
  const dir = synthesized(true);
  // WHEN
  const result = run(dir);
  // THEN
  expect(result).toMatchObject({ code: 0, err: '' });
  expect(result.out).toMatch(/^role Registry\/Ci \(111111111111\)\s+L\s+W$/m);
});

test('a missing template: named with the reason, in the report and on standard error; exit 1', () => {
  // GIVEN
  const dir = synthesized();
  const template = path.join(dir, 'Registry.template.json');
  unlinkSync(template);
  // WHEN
  const result = run(dir);
  // THEN
  expect(result.code).toBe(1);
  expect(result.out).toContain('No principal has ECR access in what could be read, and no repository policy names one.');
  expect(result.out).toContain(`Not evaluated:\n  'Registry' (cannot read ${template}: no such file)\n`);
  expect(result.out).not.toMatch(/^ +not evaluated:/m);
  expect(result.err).toBe(`cdk-ecr-access report: the report does not cover everything in '${dir}':\n  not evaluated: 'Registry' (cannot read ${template}: no such file)\n`);
});

test('a template that is not JSON: named as such, with the parser\'s message; --json says it too', () => {
  // GIVEN
  const dir = synthesized();
  const template = path.join(dir, 'Registry.template.json');
  writeFileSync(template, '{"Resources": ');
  // WHEN
  const result = run('--json', dir);
  // THEN
  expect(result.code).toBe(1);
  expect(JSON.parse(result.out).notes).toEqual([expect.stringMatching(new RegExp(`^not evaluated: 'Registry' \\(${escape(template)} is not valid JSON \\(.+\\)\\)$`))]);
  expect(result.err).toContain(`${template} is not valid JSON`);
});

test('an invalid manifest.json is named as invalid, not as missing; no report is printed', () => {
  // GIVEN
  const dir = synthesized();
  writeFileSync(path.join(dir, 'manifest.json'), '{ "version": ');
  // WHEN
  const result = run(dir);
  // THEN
  expect(result.code).toBe(1);
  expect(result.out).toBe('');
  expect(result.err).toMatch(new RegExp(`^cdk-ecr-access report: no report: ${escape(path.join(dir, 'manifest.json'))} is not valid JSON \\(.+\\)\\n$`));
  expect(result.err).not.toContain('holds no cloud assembly');
});

test.each([
  ['itself', '.'],
  ['its parent', '..'],
])('a nested assembly that refers back to %s: a cycle, said once, and the rest reported', (_what, directoryName) => {
  // GIVEN a stage's manifest whose nested assembly points back at an assembly being read
  const dir = synthesized(true);
  const nested = path.join(dir, 'assembly-Prod');
  const manifestPath = path.join(nested, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.artifacts.Loop = { type: 'cdk:cloud-assembly', properties: { directoryName } };
  writeFileSync(manifestPath, JSON.stringify(manifest));
  // WHEN
  const result = run(dir);
  // THEN
  expect(result.code).toBe(1);
  expect(result.out).toMatch(/^role Registry\/Ci \(111111111111\)/m);
  expect(result.err).toContain(`the nested assembly 'Loop' in ${manifestPath} refers back to ${path.join(nested, directoryName)}, which is being read (a cycle): not read again`);
  expect(result.err.match(/a cycle/g)).toHaveLength(1);
});

test('a nested assembly with no manifest is named', () => {
  // GIVEN
  const dir = synthesized(true);
  const nestedManifest = path.join(dir, 'assembly-Prod', 'manifest.json');
  unlinkSync(nestedManifest);
  // WHEN
  const result = run(dir);
  // THEN
  expect(result.code).toBe(1);
  expect(result.err).toContain(`cannot read ${nestedManifest}: no such file`);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
