import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions, PushableRepository } from '../../src';
import { EXIT_GRANTS } from '../../src/report/diff-cli';
import { runCommand } from '../helpers/command';
import { registryStack } from '../helpers/scenarios';

// `cdk-ecr-access report --diff BASE [HEAD]`: each side a cloud assembly or a report JSON; the
// Markdown for a pull-request comment or the JSON; --fail-on exits 3 when the change grants one of
// the capabilities named, so a pipeline can require approval; usage errors exit 2, unreadable sides 1.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-diff-'));
  dirs.push(dir);
  return dir;
}

/** A registry with a CI role that pushes; with `admin`, a release role that also administers and deletes. */
function synthesized(admin: boolean): string {
  const outdir = tempDir();
  const app = new App({ outdir });
  const stack = registryStack(app);
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  api.grantPush(new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() }));
  if (admin) api.grant(new iam.Role(stack, 'Release', { assumedBy: new iam.AccountRootPrincipal() }), ...EcrActions.ADMIN, ...EcrActions.DELETE);
  app.synth();
  return outdir;
}

const run = (...args: string[]) => runCommand(['report', ...args]);

test('two assemblies: the Markdown comment, exit 0', () => {
  // GIVEN
  const [base, head] = [synthesized(false), synthesized(true)];
  // WHEN
  const result = run('--diff', base, head);
  // THEN
  expect(result).toMatchObject({ code: 0, err: '' });
  expect(result.out).toContain('This change grants 2 capabilities (delete, admin) in ECR access; 1 principal added.');
  expect(result.out).toContain('| role Registry/Release | team-a/api | **delete**<br>**admin** |  |  |  |');
});

test('a report JSON as the base, the assembly as the head; --json prints the diff as JSON', () => {
  // GIVEN the base report as `report --json` writes it
  const baseJson = path.join(tempDir(), 'base.json');
  writeFileSync(baseJson, run('--json', synthesized(false)).out);
  // WHEN
  const result = run('--diff', baseJson, synthesized(true), '--json');
  // THEN
  expect(result.code).toBe(0);
  const diff = JSON.parse(result.out);
  expect(diff.format).toBe('cdk-ecr-access/access-diff@1');
  expect(diff.capabilities.map((c: { capability: string; change: string }) => `${c.capability} ${c.change}`)).toEqual(['delete gained', 'admin gained']);
});

test.each([
  ['push,create,delete,admin', EXIT_GRANTS, 'the change grants delete, admin (--fail-on push,create,delete,admin):\n  role Registry/Release → team-a/api: delete gained\n'],
  ['pull,push', 0, ''],
])('--fail-on %s: exit %d', (kinds, code, err) => {
  // GIVEN
  const [base, head] = [synthesized(false), synthesized(true)];
  // WHEN
  const result = run('--diff', base, head, '--fail-on', kinds);
  // THEN the diff is printed either way
  expect(result.code).toBe(code);
  expect(result.out).toContain('### ECR access changes');
  expect(result.err).toContain(err);
});

test('the change undone grants nothing: --fail-on passes, the summary says what is removed', () => {
  // GIVEN
  const [base, head] = [synthesized(true), synthesized(false)];
  // WHEN
  const result = run('--diff', base, head, '--fail-on=delete,admin');
  // THEN
  expect(result.code).toBe(0);
  expect(result.out).toContain('This change removes 2 capabilities in ECR access; 1 principal removed.');
});

test.each([
  [['--diff'], '--diff takes a base and at most one head, not 0'],
  [['--diff', 'a', 'b', 'c'], '--diff takes a base and at most one head, not 3'],
  [['--diff', 'a', '--fail-on', 'push,deploy'], '--fail-on \'push,deploy\' names no capability (deploy is not one): use login, pull, push, create, delete, admin'],
  [['--fail-on', 'push', 'cdk.out'], '--fail-on needs --diff'],
])('usage error: %j', (args, message) => {
  // WHEN
  const result = run(...args);
  // THEN
  expect(result.code).toBe(2);
  expect(result.err).toContain(message);
  expect(result.out).toBe('');
});

test('a side that is neither an assembly nor a report: named, exit 1, nothing printed', () => {
  // GIVEN
  const notReport = path.join(tempDir(), 'other.json');
  writeFileSync(notReport, '{"format": "something-else"}');
  const missing = path.join(tempDir(), 'missing');
  // WHEN
  const result = run('--diff', notReport, missing);
  // THEN
  expect(result.code).toBe(1);
  expect(result.out).toBe('');
  expect(result.err).toContain(`base: ${notReport} is not an access report (its format is "something-else"`);
  expect(result.err).toContain(`head: '${missing}' does not exist`);
});
