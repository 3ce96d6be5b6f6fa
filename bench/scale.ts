/**
 * `npm run bench`: synth time and peak memory of a platform app with N repositories and P CI
 * principals that each push to every repository, written with this library (EcrCiPrincipal with
 * foldIntoNamespaces) and with plain aws-cdk-lib (repo.grantPush(role)), one process per
 * measurement; then the target row (500 repositories, 50 principals), the IAM evaluator's check of
 * the 10,000-repository app, and the cost of EcrAccessChecks and of EcrAccessReport on an app of
 * about 1,000 policies (bench/checks.ts and bench/report.ts, run from here).
 *
 *   npm run bench                 the whole table (a few minutes)
 *   npm run bench -- --quick      N up to 1,000 only
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RunConfig, RunResult } from './scale-run';
import { transpileTree } from '../scripts/transpile-tree';

const ROOT = path.resolve(__dirname, '..');
const BUILD = path.join(ROOT, '.tmp', 'bench-build');
const quick = process.argv.includes('--quick');

const REPOSITORIES = quick ? [10, 100, 1_000] : [10, 100, 1_000, 10_000];
const PRINCIPALS = [1, 10, 50];
/**
 * Plain aws-cdk-lib compares every statement of a role with every other one at synth (its policy
 * merging and splitting), so its time grows with N² per role: configurations whose estimate from the
 * measured N = 1,000, P = 1 run is over this many seconds are not run, and the table says so.
 */
const PLAIN_CAP_SECONDS = 60;

/** Transpiles the TypeScript the runs need to JavaScript once, so each run starts in a fraction of a second. */
function build(): void {
  fs.rmSync(BUILD, { recursive: true, force: true });
  transpileTree(ROOT, ['src', 'test/helpers', 'test/checks', 'bench'], BUILD);
}

function measure(config: RunConfig): RunResult {
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=6144', path.join(BUILD, 'bench', 'scale-run.js'), JSON.stringify(config)], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as RunResult;
  } catch {
    return { config, wallMs: NaN, cpuMs: NaN, maxRssMb: NaN, error: `exit ${child.status}: ${(child.stderr || line).slice(0, 300)}` };
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(2)}×` : '–');
const grants = (c: RunConfig) => c.repositories * c.principals;

function row(cells: Array<string | number>): string {
  return `| ${cells.join(' | ')} |`;
}

/** An error message's gist: aws-cdk-lib's resource count, or the library's quota message up to its fix. */
function gist(error: string): string {
  const text = error.replace(/^Validation failed with the following errors:\s*(\[[^\]]*\]\s*)?/, '');
  return text.replace(/\s*\(identity statements[^)]*\)/, '').replace(/: Custom::.*/, '').replace(/ Fix: .*/, ' (the message goes on with the fix)').slice(0, 160);
}

function describe(result: RunResult): string {
  if (result.error) return `synth fails: ${gist(result.error)}`;
  const managed = result.maxManagedPolicies ? `, ${result.maxManagedPolicies} managed/role` : '';
  return `${result.largest}${managed}`;
}

function deployable(result: RunResult | undefined): string {
  if (!result) return '–';
  if (result.error) return 'no (synth fails)';
  if (result.deployable === 'no') return `no: ${(result.problems ?? [])[0] ?? ''}`;
  return result.deployable === 'quota increase' ? 'with quota increase' : 'yes';
}

function main(): void {
  const started = Date.now();
  build();
  const lines: string[] = [];
  const print = (text: string) => {
    console.log(text);
    lines.push(text);
  };
  print(`# cdk-ecr-access bench (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} CPUs)`);
  print('');
  print('Each cell: one process; time = building the app + app.synth() (wall clock), memory = peak RSS of the process.');
  print('Library: EcrCiPrincipal per CI with foldIntoNamespaces (500 repositories per namespace), allowPush on every repository.');
  print('Plain: iam.Role per CI, repo.grantPush(role) on every repository. Repositories are imported (ecr.Repository.fromRepositoryName).');
  print('');
  print(row(['N repos', 'P CI', 'grants', 'library s', 'µs/grant', 'plain s', 'time ratio', 'library MB', 'plain MB', 'memory ratio', 'largest policy (library)', 'largest policy (plain)', 'deployable (library)', 'deployable (plain)']));
  print(row(Array(14).fill('---')));

  let plainPerRepositorySquared: number | undefined;
  const results: RunResult[] = [];
  const plainResults: RunResult[] = [];
  for (const repositories of REPOSITORIES) {
    for (const principals of PRINCIPALS) {
      const library = measure({ variant: 'library', repositories, principals, oracle: repositories === 10_000 && principals === 1 });
      results.push(library);
      const estimate = plainPerRepositorySquared === undefined ? undefined : plainPerRepositorySquared * repositories ** 2 * principals;
      const skipPlain = estimate !== undefined && estimate > PLAIN_CAP_SECONDS * 1000 && repositories > 1_000 - 1;
      const plain = skipPlain ? undefined : measure({ variant: 'plain', repositories, principals });
      if (plain) plainResults.push(plain);
      if (plain && repositories === 1_000 && principals === 1 && !plain.error) plainPerRepositorySquared = plain.wallMs / repositories ** 2;
      print(row([
        repositories.toLocaleString('en-US'), principals, grants(library.config).toLocaleString('en-US'),
        seconds(library.wallMs), (library.wallMs * 1000 / grants(library.config)).toFixed(1),
        plain ? seconds(plain.wallMs) : `not run (est. ${Math.round(estimate! / 1000).toLocaleString('en-US')} s)`,
        plain ? ratio(library.wallMs, plain.wallMs) : '–',
        library.maxRssMb, plain?.maxRssMb ?? '–', plain ? ratio(library.maxRssMb, plain.maxRssMb) : '–',
        describe(library), plain ? describe(plain) : '–', deployable(library), deployable(plain),
      ]));
      if (library.exact) print(`|  | ↳ IAM evaluator on the library's ${repositories.toLocaleString('en-US')}-repository app: ${library.exact} |`);
    }
  }

  print('');
  print('## Library without folding: every repository by its ARN, packed (one principal)');
  print(row(['N repos', 'library s', 'plain s', 'largest policy (library)', 'deployable (library)', 'deployable (plain)']));
  print(row(Array(6).fill('---')));
  for (const repositories of quick ? [100, 1_000] : [100, 1_000, 2_000]) {
    const library = measure({ variant: 'library', repositories, principals: 1, fold: false });
    const plain = plainResults.find((r) => r.config.repositories === repositories && r.config.principals === 1);
    print(row([repositories.toLocaleString('en-US'), seconds(library.wallMs), plain ? seconds(plain.wallMs) : '–', describe(library), deployable(library), deployable(plain)]));
  }

  print('');
  print('## Target: 500 repositories, 50 CI principals (library ≤ 1.10× plain)');
  const target = { repositories: 500, principals: 50 };
  const lib = [measure({ variant: 'library', ...target }), measure({ variant: 'library', ...target })];
  const plain = measure({ variant: 'plain', ...target });
  const best = lib.reduce((a, b) => (a.wallMs <= b.wallMs ? a : b));
  print(`library ${seconds(lib[0].wallMs)} s and ${seconds(lib[1].wallMs)} s (CPU ${seconds(best.cpuMs)} s), plain ${seconds(plain.wallMs)} s (CPU ${seconds(plain.cpuMs)} s): ` +
    `ratio ${ratio(Math.max(lib[0].wallMs, lib[1].wallMs), plain.wallMs)} (slower library run), CPU ratio ${ratio(best.cpuMs, plain.cpuMs)}; ` +
    `memory ${best.maxRssMb} MB / ${plain.maxRssMb} MB; deployable: library ${deployable(best)}, plain ${deployable(plain)}`);

  print('');
  print('## Linearity in repositories × principals');
  print('Time when N grows tenfold (linear: ≤ 10×, quadratic: 100×), and when P grows fivefold from 10 to 50 (linear: ≤ 5×):');
  const time = (list: RunResult[], n: number, p: number) =>
    list.find((r) => r.config.repositories === n && r.config.principals === p && !r.error)?.wallMs;
  const growth = (list: RunResult[]) => {
    const steps: string[] = [];
    for (const p of PRINCIPALS) {
      for (const n of REPOSITORIES.slice(0, -1)) {
        const a = time(list, n, p);
        const b = time(list, n * 10, p);
        if (a !== undefined && b !== undefined) steps.push(`N ${n.toLocaleString('en-US')}→${(n * 10).toLocaleString('en-US')} at P ${p}: ${(b / a).toFixed(1)}×`);
      }
    }
    for (const n of REPOSITORIES) {
      const a = time(list, n, 10);
      const b = time(list, n, 50);
      if (a !== undefined && b !== undefined) steps.push(`P 10→50 at N ${n.toLocaleString('en-US')}: ${(b / a).toFixed(1)}×`);
    }
    return steps.join('; ');
  };
  print(`- library: ${growth(results)}`);
  print(`- plain: ${growth(plainResults)}`);
  print('');
  // the median of 3 synths put the checks at 52 ms in one run and 95 ms in the next: more synths, steadier ratios
  const synthRuns = '7';
  print('## EcrAccessChecks at about 1,000 policies (bench/checks.ts: 200 stacks of test/checks/large-app.ts)');
  const checks = spawnSync(process.execPath, [path.join(BUILD, 'bench', 'checks.js'), '200', synthRuns], { cwd: ROOT, encoding: 'utf8' });
  for (const line of (checks.stdout || checks.stderr).trim().split('\n')) print(line);
  print('');
  print('## EcrAccessReport at about 1,000 policies (bench/report.ts: the same app)');
  const report = spawnSync(process.execPath, [path.join(BUILD, 'bench', 'report.js'), '200', synthRuns], { cwd: ROOT, encoding: 'utf8' });
  for (const line of (report.stdout || report.stderr).trim().split('\n')) print(line);
  print('');
  print('## The access diff of two 1,000-principal reports (bench/diff.ts)');
  const diff = spawnSync(process.execPath, [path.join(BUILD, 'bench', 'diff.js'), '460', '5'], { cwd: ROOT, encoding: 'utf8' });
  for (const line of (diff.stdout || diff.stderr).trim().split('\n')) print(line);

  print('');
  print(`Bench run: ${Math.round((Date.now() - started) / 1000)} s.`);
  fs.writeFileSync(path.join(ROOT, '.tmp', 'bench-results.md'), lines.join('\n') + '\n');
}

main();
