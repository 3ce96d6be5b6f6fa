import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { afterChange, nearMissChange } from './ci-account-change';
import { EcrActions, PushableRepository } from '../../src';
import { markdownReport } from '../../src/report/render';
import { MAX_CELLS_PER_PRINCIPAL, MAX_NEAR_MISSES, MAX_PRINCIPALS_EXPLAINED, nearMissLines, whyLines } from '../../src/report/render-why';
import { AccessReportJson, OneSidedJson, PairJson, PrincipalJson } from '../../src/report/report-data';
import { reportOf } from '../helpers/report-oracle';
import { registryStack } from '../helpers/scenarios';

// The report's Markdown says why each cell is what it is (folded, a detail per principal) and which
// cross-account requests miss one side, with the fix; both stay bounded on a large app.

const ref = (statement: number, side: 'identity-policy' | 'repository-policy' = 'identity-policy') =>
  ({ side, stack: 'S', path: `S/P${statement}`, policy: side === 'identity-policy' ? 'inline policy' : 'repository policy', statement });

function principal(name: string, login = true): PrincipalJson {
  return { name, kind: 'role' as never, capabilities: login ? [{ capability: 'login', access: 'allowed', grantedBy: [ref(0)] }] : [], actions: [] };
}

function pair(principalName: string, repository: string, statement: number): PairJson {
  return { principal: principalName, repository, capabilities: [{ capability: 'pull', access: 'allowed', grantedBy: [ref(statement)] }], actions: [] };
}

function report(principals: PrincipalJson[], access: PairJson[], oneSided?: OneSidedJson[]): AccessReportJson {
  return { format: 'cdk-ecr-access/access-report@2', principals, repositories: [], access, notes: [], ...oneSided ? { oneSided } : {} };
}

test('a cross-account cell names the statements of both sides, folded under its principal, and the matrix is unchanged', () => {
  // GIVEN: the example after the change the diff docs show (a deploy role in the workload account pushes)
  const data = reportOf(afterChange());
  // WHEN
  const markdown = markdownReport(data);
  // THEN
  expect(markdown).toContain([
    '<details>',
    '<summary>role Workload/Deployer: 2 cells</summary>',
    '',
    '- login:',
    '  - `L` statement 0 of the inline policy `Workload/Deployer/EcrLoginPolicy` (stack Workload) (identity policy)',
    '- team-a/api:',
    '  - `W` statement 0 of the inline policy `Workload/Deployer/DefaultPolicy` (stack Workload) (identity policy)',
    '  - `W` statement 2 of the repository policy `Registry/Api` (stack Registry) (repository policy)',
    '',
    '</details>',
  ].join('\n'));
  // a row outside the app: the other side is said, not named
  expect(markdown).toMatch(/<summary>account 333333333333: 2 cells<\/summary>\n\n- login:\n {2}- the identity policy outside this app\n/);
  expect(markdown).toContain('| role Workload/Deployer (222222222222) | L | W |');
  expect(markdown.indexOf('## Why: the statements behind each cell')).toBeGreaterThan(markdown.indexOf('## Conditions'));
  expect(markdown.indexOf('## Why: the statements behind each cell')).toBeLessThan(markdown.indexOf('## Repositories'));
});

test('cells that the same statements give share one line', () => {
  // GIVEN: one statement of the role's policy gives pull on three repositories of its account
  const app = new App();
  const stack = registryStack(app);
  const repositories = ['a', 'b', 'c'].map((name) => new PushableRepository(stack, name, { repositoryName: `team/${name}` }));
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...EcrActions.PULL], resources: repositories.map((r) => r.repositoryArn) }));
  // WHEN
  const lines = whyLines(reportOf(app));
  // THEN
  expect(lines).toContain('- team/a, team/b, team/c:');
  expect(lines.filter((l) => l.startsWith('  - `R` '))).toEqual(['  - `R` statement 0 of the inline policy `Registry/Reader/DefaultPolicy` (stack Registry) (identity policy)']);
});

test.each([
  ['principals', MAX_PRINCIPALS_EXPLAINED + 7, 1, '… and 7 more principals (their statements are in the JSON report, `grantedBy`)'],
  ['cells of one principal', 1, MAX_CELLS_PER_PRINCIPAL + 4, '- … and 5 more cells (in the JSON report, `grantedBy`)'],
])('past the cap, %s are counted, not listed', (_, principals, repositories, counted) => {
  // GIVEN: every cell from its own statement, so that no two share a line
  const rows = Array.from({ length: principals }, (__, i) => principal(`role P${i}`));
  const cells = rows.flatMap((p) => Array.from({ length: repositories }, (__, j) => pair(p.name, `r${j}`, j + 1)));
  // WHEN
  const lines = whyLines(report(rows, cells));
  // THEN
  expect(lines.filter((l) => l === '<details>')).toHaveLength(Math.min(principals, MAX_PRINCIPALS_EXPLAINED));
  expect(lines).toContain(counted);
  expect(lines.filter((l) => l.startsWith('- r') || l === '- login:').length).toBeLessThanOrEqual(MAX_PRINCIPALS_EXPLAINED * MAX_CELLS_PER_PRINCIPAL);
});

test('a principal with no capability (other ECR actions only) gets no detail, and an app with none has no section', () => {
  expect(whyLines(report([principal('role Lister', false)], []))).toEqual([]);
});

test('a near miss names the side that allows it, the side missing, the actions it must allow, and the statements', () => {
  // WHEN
  const lines = nearMissLines(reportOf(nearMissChange()));
  // THEN
  expect(lines[0]).toBe('## Near misses');
  expect(lines).toContain('- role Workload/Deployer → team-a/api: pull, push (`R W`) allowed by the identity policy, not by the repository policy. '
    + 'Fix: the repository policy of `Registry/Api` must allow role Workload/Deployer ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, '
    + 'ecr:CompleteLayerUpload, ecr:GetDownloadUrlForLayer, ecr:InitiateLayerUpload, ecr:PutImage, ecr:UploadLayerPart '
    + '(a grant on the `PushableRepository` itself, not on a reference to it, writes both sides).');
  expect(lines).toContain('  - statement 0 of the inline policy `Workload/Deployer/DefaultPolicy` (stack Workload) (identity policy)');
});

test('past the cap, near misses are counted, not listed; the capabilities of one cell share a line', () => {
  // GIVEN: pull and push of each of a few more cells than the cap
  const near = (i: number, capability: string): OneSidedJson => ({
    principal: `role P${i}`, repository: 'api', capability, allowedBy: 'identity-policy', missing: 'repository-policy', grantedBy: [ref(0)], actions: [`ecr:${capability}`],
  });
  const oneSided = Array.from({ length: MAX_NEAR_MISSES + 3 }, (_, i) => [near(i, 'pull'), near(i, 'push')]).flat();
  // WHEN
  const lines = nearMissLines(report([], [], oneSided));
  // THEN
  expect(lines.filter((l) => l.startsWith('- role '))).toHaveLength(MAX_NEAR_MISSES);
  expect(lines).toContain('- role P0 → api: pull, push (`R W`) allowed by the identity policy, not by the repository policy. Fix: the repository policy of api must allow role P0 ecr:pull, ecr:push '
    + '(a grant on the `PushableRepository` itself, not on a reference to it, writes both sides).');
  expect(lines).toContain('- … and 3 more near misses (in the JSON report, `oneSided`)');
});

// docs/access-report.md shows the report's own Markdown for the near-miss example: refresh it after
// an intended change with UPDATE_DOCS=1 npx jest test/report/render-why.test.ts
const PAGE = path.join(__dirname, '..', '..', 'docs', 'access-report.md');
const BEGIN = '<!-- generated by test/report/render-why.test.ts: begin -->';
const END = '<!-- generated by test/report/render-why.test.ts: end -->';

test('the report on docs/access-report.md is the one the example gets', () => {
  // GIVEN
  const page = readFileSync(PAGE, 'utf8');
  const [before, rest] = page.split(BEGIN);
  const after = rest?.split(END)[1] ?? '';
  // WHEN: the report's Markdown from its matrix on (the title and lead sentence are the same for every app)
  const markdown = markdownReport(reportOf(nearMissChange()));
  const shown = markdown.slice(markdown.indexOf('| Principal |'), markdown.indexOf('## Repositories')).trimEnd();
  const expected = `${before}${BEGIN}\n${shown}\n${END}${after}`;
  if (process.env.UPDATE_DOCS === '1') writeFileSync(PAGE, expected);
  // THEN
  expect(page).toBe(expected);
});
