import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { platformApp, VENDOR_IMAGE } from './platform-app';
import { build as registryExample } from '../../examples/registry';
import { EcrAccessReport, EcrActions, PushableRepository } from '../../src';
import { AccessReportJson } from '../../src/report/report-data';
import { runCommand } from '../helpers/command';
import { CAPABILITY_ACTIONS, compareWithOracle, reportOf } from '../helpers/report-oracle';

// The access report of a platform team's app (test/report/platform-app.ts): written into the cloud
// assembly both ways, the same as `cdk-ecr-access report` computes from the templates, in agreement
// with the independent evaluator, and shown so that a review sees one line change per changed row.

const outdir = mkdtempSync(path.join(tmpdir(), 'ecr-access-report-'));
const platform = platformApp(new App({ outdir }));
Aspects.of(platform.app).add(new EcrAccessReport());
platform.app.synth();
const markdown = readFileSync(path.join(outdir, 'ecr-access-report.md'), 'utf8');
const json = readFileSync(path.join(outdir, 'ecr-access-report.json'), 'utf8');
const report = JSON.parse(json) as AccessReportJson;
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The matrix row of a principal: its cells by column name. */
function row(name: string): Record<string, string> {
  const header = markdown.split('\n').find((l) => l.startsWith('| Principal |'))!.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '').trim());
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${name} `));
  if (!line) throw new Error(`no row for ${name}`);
  const cells = line.split(' | ').map((c) => c.replace(/^\| |\s?\|$/g, '').trim());
  return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
}

test('the Markdown report, as a reviewer reads it', () => {
  expect(markdown).toMatchSnapshot();
});

test('each cell says what the policies allow, and why not more', () => {
  // CI: pushes its repository, may create under team-a/ (which covers team-a/api), pulls base images
  // and, once the vendor's repository policy allows it, the vendor's image
  expect(row('role Registry/Ci/Role (111111111111)')).toMatchObject({ 'Login': 'L', 'team-a/api': 'W C', 'base/node': 'R', 'vendor/agent': '(R)', 'team-a/*': 'C' });
  // ecr:* on *, but the permissions boundary leaves reading and pulling
  expect(row('role Registry/Admin (111111111111)')).toMatchObject({ 'Login': 'L', 'team-a/api': 'R +', 'vendor/agent': '(R) (+)' });
  // the guardrail's Deny takes DeleteRepository out of the delete set: admin stays, delete does not
  expect(row('role Registry/ReleaseManager (111111111111)')).toMatchObject({ 'Login': '', 'team-a/api': 'A +' });
  // the organization's Principal "*" reaches same-account principals without an identity grant, if the condition holds
  expect(row('user Registry/Developer (111111111111)')).toMatchObject({ 'Login': 'L', 'team-a/api': 'R', 'base/node': 'R?' });
  expect(row('role Workload/TaskRole (222222222222)')).toMatchObject({ 'Login': 'L', 'team-a/api': 'R' });
  expect(row('organization o-a1b2c3d4e5')).toMatchObject({ 'Login': '(L)', 'base/node': '(R)' });
  expect(row('service lambda.amazonaws.com')).toMatchObject({ 'functions/orders': 'R?' });
  expect(markdown).toContain('- service lambda.amazonaws.com → functions/orders: R if aws:SourceArn matches any of '
    + '[arn:aws:lambda:us-east-1:111111111111:function:orders-*, arn:aws:lambda:us-east-1:222222222222:function:orders-*] '
    + 'and aws:SourceAccount is any of [111111111111, 222222222222]');
  expect(report.repositories.find((r) => r.name === 'vendor/agent')).toMatchObject({ arn: VENDOR_IMAGE, source: 'imported' });
});

test('the evaluator we did not write agrees, action by action', async () => {
  const result = await compareWithOracle(platform.app, { report, actions: CAPABILITY_ACTIONS });
  console.log(`platform app report vs evaluator: ${result.pairs} pairs, ${result.decisions} decisions (${result.allowed} allowed), ${result.mismatches.length} mismatches`);
  expect(result.mismatches).toEqual([]);
  expect(result.pairs).toBeGreaterThan(40);

  // the comparison can fail: a report that leaves out the release manager's lifecycle change is caught
  const tampered: AccessReportJson = {
    ...report,
    access: report.access.map((a) => (a.principal.includes('ReleaseManager') && a.repository === 'team-a/api'
      ? { ...a, actions: a.actions.map((g) => ({ ...g, actions: g.actions.filter((x) => x !== 'ecr:PutLifecyclePolicy') })) }
      : a)),
  };
  const caught = await compareWithOracle(platform.app, { report: tampered, actions: CAPABILITY_ACTIONS });
  expect(caught.mismatches).toEqual([
    'ecr:PutLifecyclePolicy by role Registry/ReleaseManager on team-a/api: as listed: the report says denied, the evaluator Allowed',
  ]);
});

test('the Aspect writes what `cdk-ecr-access report` computes from the templates, in a stable order', () => {
  expect(JSON.parse(json)).toEqual(reportOf(platform.app));
  const names = report.principals.map((p) => p.name);
  expect(names).toEqual([...names].sort((a, b) => kindOrder(a) - kindOrder(b) || a.localeCompare(b)));
});

function kindOrder(name: string): number {
  return ['role', 'user', 'account', 'principal', 'service', 'organization', 'anyone'].indexOf(name.split(' ')[0]);
}

test('an added grant is a one-line change of the matrix and a change of one principal\'s folded detail, written the same by the validation plugin', () => {
  const changedOut = mkdtempSync(path.join(tmpdir(), 'ecr-access-report-'));
  try {
    const changed = platformApp(new App({ outdir: changedOut }));
    changed.api.grantPush(changed.developer);
    Validations.of(changed.app).addPlugins(new EcrAccessReport());
    const quiet = [jest.spyOn(console, 'log').mockImplementation(() => {}), jest.spyOn(console, 'error').mockImplementation(() => {})];
    try {
      changed.app.synth();
    } finally {
      quiet.forEach((q) => q.mockRestore());
    }
    const changedMarkdown = readFileSync(path.join(changedOut, 'ecr-access-report.md'), 'utf8');
    // the matrix and its conditions: one line
    const [before, beforeWhy] = markdown.split('## Why');
    const [after, afterWhy] = changedMarkdown.split('## Why');
    const changedLines = before.split('\n').map((line, i) => [line, after.split('\n')[i]]).filter(([a, b]) => a !== b);
    expect(after.split('\n')).toHaveLength(before.split('\n').length);
    expect(changedLines).toEqual([[
      '| user Registry/Developer (111111111111) | L | R? |  | R |  |  |',
      '| user Registry/Developer (111111111111) | L | R? |  | R W |  |  |',
    ]]);
    // why: the developer's detail, and nothing else
    const details = (text: string) => text.split('<details>');
    const changedDetails = details(afterWhy).filter((d) => !details(beforeWhy).includes(d));
    expect(changedDetails).toHaveLength(1);
    expect(changedDetails[0]).toMatch(/^\n<summary>user Registry\/Developer: /);
    expect(changedDetails[0]).toMatch(/- team-a\/api:\n {2}- `R W` statement \d+ of the /);
  } finally {
    rmSync(changedOut, { recursive: true, force: true });
  }
});

describe('cdk-ecr-access report', () => {
  const run = (args: string[]) => runCommand(['report', ...args]);

  test('prints the matrix of a cloud assembly', () => {
    const { code, out } = run([outdir]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^Principal\s+Login\s+\[1\]\s+\[2\]\s+\[3\]\s+\[4\]\s+\[5\]$/);
    expect(lines).toContainEqual(expect.stringMatching(/^role Registry\/Ci\/Role \(111111111111\)\s+L\s+R\s+W C\s+\(R\)\s+C$/));
    expect(out).toContain(`[4] vendor/agent  ${VENDOR_IMAGE}  (imported)`);
    expect(out).toContain('\n  role Workload/BatchRole → base/node: R if aws:PrincipalOrgID is o-a1b2c3d4e5\n');
  });

  test('--json prints the report the app wrote', () => {
    const { code, out } = run(['--json', outdir]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(report);
  });

  test.each([
    [['--bogus'], 2, /unknown option '--bogus'/],
    [['a', 'b'], 2, /give one cloud assembly directory, not 2/],
    [[path.join(outdir, 'nowhere')], 1, /holds no cloud assembly \(no manifest.json\); run `cdk synth` first/],
  ])('%j exits %d', (args, code, message) => {
    const result = run(args);
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
  });

  test('--help, and the command list names it', () => {
    expect(run(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Usage: cdk-ecr-access report [--json] [CLOUD_ASSEMBLY]') });
    expect(runCommand(['--help']).out).toMatch(/report\s+print who can log in, pull, push, create or administer which ECR repository/);
  });
});

describe('registry and creation template policies are resource policies of the repositories they govern', () => {
  const app = new App();
  registryExample(app);
  const registryReport = reportOf(app);
  const pair = (principal: string, repository: string) => registryReport.access.find((a) => a.principal === principal && a.repository === repository);

  test('what the registry policies let in shows up, as the evaluator decides it', async () => {
    // the organization's members pull base images through the platform registry policy, once their own account allows it
    expect(pair('organization o-a1b2c3d4e5', 'base/*')?.capabilities).toEqual([{
      capability: 'pull',
      access: 'allowed',
      needs: 'identity-policy',
      grantedBy: [{ side: 'repository-policy', stack: 'Platform', path: 'Platform/Registry/Policy', policy: 'registry policy', statement: 0, sid: 'AllowPullFromOrganizationoa1b2c3d4e5base' }],
    }]);
    // the DR registry lets the platform account replicate into prod/ (its replication role is the identity side)
    expect(pair('account 111111111111', 'prod/*')?.actions).toEqual([
      { actions: ['ecr:CreateRepository', 'ecr:ReplicateImage'], access: 'allowed', needs: 'identity-policy' },
    ]);
    expect(registryReport.repositories.find((r) => r.name === 'prod/*')).toMatchObject({ source: 'pattern', registryPolicy: 'DisasterRecovery/Registry/Policy' });
    // the repositories ECR creates under team-a/ get the creation template's policy: the workload account pulls them
    expect(registryReport.repositories.find((r) => r.name === 'team-a/*')).toMatchObject({ source: 'pattern', creationTemplate: 'Platform/Registry/TeamA' });
    expect(pair('account 222222222222', 'team-a/*')?.capabilities).toEqual([{
      capability: 'pull',
      access: 'allowed',
      needs: 'identity-policy',
      grantedBy: [{ side: 'repository-policy', stack: 'Platform', path: 'Platform/Registry/TeamA', policy: 'creation template\'s repository policy', statement: 0, sid: 'AllowPullFromAccount222222222222' }],
    }]);

    const result = await compareWithOracle(app, { report: registryReport, actions: CAPABILITY_ACTIONS });
    expect(result.mismatches).toEqual([]);
    // and a report that leaves out the registry policy's grant is caught
    const tampered = { ...registryReport, access: registryReport.access.filter((a) => a !== pair('organization o-a1b2c3d4e5', 'base/*')) };
    const caught = await compareWithOracle(app, { report: tampered, actions: CAPABILITY_ACTIONS });
    expect(caught.mismatches).toContainEqual(expect.stringMatching(/^ecr:BatchGetImage by organization o-a1b2c3d4e5 on base\/\*: as listed: the report says denied, the evaluator Allowed/));
  });
});

test('a principal with no ECR access shows only when a policy the report cannot read may give it some', () => {
  const app = new App();
  const stack = new Stack(app, 'Other', { env: { account: '111111111111', region: 'us-east-1' } });
  const managed = (name: string) => iam.ManagedPolicy.fromAwsManagedPolicyName(name);
  new iam.Role(stack, 'Builder', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [managed('AmazonEC2ContainerRegistryPowerUser')] });
  new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [managed('AmazonS3ReadOnlyAccess')] });
  // another app's managed policy: its content is unknown
  const publisher = iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Publishing', 'arn:aws:iam::111111111111:policy/ecr-publisher');
  new iam.Role(stack, 'Publisher', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [publisher] });
  const rows = reportOf(app).principals;
  // AWS managed policies are evaluated (PowerUser logs in; S3 read-only grants nothing on ECR)
  expect(rows.map((p) => [p.name, p.capabilities.map((c) => c.capability), p.notes])).toEqual([
    ['role Other/Builder', ['login'], undefined],
    ['role Other/Publisher', [], ['not evaluated: the managed policy arn:aws:iam::111111111111:policy/ecr-publisher is outside this app']],
  ]);
});

describe('given a base report, the diff of the change is written at synth', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ecr-access-diff-'));
    dirs.push(dir);
    return dir;
  };

  /** A registry with a CI role that pushes; with `release`, a role that deletes images too. */
  function registryApp(release: boolean): App {
    const app = new App({ outdir: tempDir() });
    const stack = new Stack(app, 'Registry', { env: { account: '111111111111', region: 'us-east-1' } });
    const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    api.grantPush(new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() }));
    if (release) api.grant(new iam.Role(stack, 'Release', { assumedBy: new iam.AccountRootPrincipal() }), ...EcrActions.DELETE);
    return app;
  }

  /** The base's report, as the report writes it into the base's cloud assembly. */
  function baseReport(): string {
    const app = registryApp(false);
    Aspects.of(app).add(new EcrAccessReport());
    return path.join(app.synth().directory, 'ecr-access-report.json');
  }

  test.each([
    ['as an Aspect', (app: App, r: EcrAccessReport) => Aspects.of(app).add(r)],
    ['as a validation plugin', (app: App, r: EcrAccessReport) => Validations.of(app).addPlugins(r)],
  ])('%s: ecr-access-diff.md and .json next to the report', (_, add) => {
    // GIVEN
    const head = registryApp(true);
    add(head, new EcrAccessReport({ baseReport: baseReport() }));
    // WHEN
    const dir = head.synth().directory;
    // THEN
    const markdownDiff = readFileSync(path.join(dir, `${EcrAccessReport.DIFF_FILE_NAME}.md`), 'utf8');
    expect(markdownDiff).toContain('This change grants 1 capability (delete) in ECR access; 1 principal added.');
    const diff = JSON.parse(readFileSync(path.join(dir, `${EcrAccessReport.DIFF_FILE_NAME}.json`), 'utf8'));
    expect(diff.capabilities).toEqual([expect.objectContaining({ principal: 'role Registry/Release', repository: 'team-a/api', capability: 'delete', change: 'gained' })]);
  });

  test('a base report that cannot be read fails the synth, naming the property, the file and the fix', () => {
    // GIVEN
    const missing = path.join(tempDir(), 'nothing.json');
    const head = registryApp(true);
    Aspects.of(head).add(new EcrAccessReport({ baseReport: missing }));
    // WHEN / THEN
    expect(() => head.synth()).toThrow(`[EcrAccessReport] baseReport: '${missing}' does not exist: name a cloud assembly directory or an access report JSON file. `
      + 'Write it with `cdk-ecr-access report --json` on the base of the change, or leave baseReport out');
  });

  test.each([[''], ['  ']])('baseReport %j is no file path: a clear error at construction', (value) => {
    expect(() => new EcrAccessReport({ baseReport: value })).toThrow(/baseReport.*is not a file path.*pass the path of an ecr-access-report\.json/s);
  });
});
