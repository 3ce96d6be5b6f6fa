/**
 * The randomized evaluator sweep (test/sweep/): generates apps from consecutive seeds, decides every
 * ECR action of every principal on every repository with the IAM evaluator, compares with the
 * intended-access model, and prints the figures and a minimal reproduction of each kind of mismatch.
 * Exits 1 when anything mismatches.
 *
 *   npm run sweep -- --apps 1000            # seeds 1..1000
 *   npm run sweep -- --apps 1 --seed 76     # one app, seed 76
 *   npm run sweep -- --apps 200 --no-shrink # figures only
 */
import { spawnSync } from 'child_process';
import { formatSummary, mergeSummaries, reproduce, sweep, SweepSummary } from '../test/sweep/sweep';

/**
 * Apps swept in one process: CDK keeps every token it creates (and with it every app) for the life
 * of the process, which grew by about 1 MB an app (1.3 GB at 1,000 apps); a child process per batch
 * keeps the sweep near 0.5 GB.
 */
const BATCH = 200;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} takes a positive whole number (got '${process.argv[i + 1]}')`);
    process.exit(2);
  }
  return value;
}

/** Sweeps a batch in this process and prints its summary as JSON (for the parent). */
async function batch(first: number, apps: number): Promise<void> {
  const summary = await sweep(Array.from({ length: apps }, (_, i) => first + i));
  process.stdout.write(JSON.stringify(summary));
}

function inChild(first: number, apps: number): SweepSummary {
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--batch', '--seed', `${first}`, '--apps', `${apps}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`the batch of seeds ${first}..${first + apps - 1} failed (exit ${child.status})`);
  return JSON.parse(child.stdout);
}

async function main(): Promise<void> {
  const apps = option('apps', 100);
  const first = option('seed', 1);
  if (process.argv.includes('--batch')) return batch(first, apps);
  console.log(`Sweep: seeds ${first}..${first + apps - 1}`);
  const started = Date.now();
  const batches: SweepSummary[] = [];
  for (let start = first; start < first + apps; start += BATCH) {
    batches.push(inChild(start, Math.min(BATCH, first + apps - start)));
    console.log(`  ${start - first + batches[batches.length - 1].apps}/${apps} apps`);
  }
  const summary = { ...mergeSummaries(batches), ms: Date.now() - started };
  console.log(`\n${formatSummary(summary)}`);
  process.exitCode = summary.signatures.length > 0 ? 1 : 0;
  if (summary.signatures.length === 0 || process.argv.includes('--no-shrink')) return;

  // one reproduction per signature, shrunk from the first app that shows it; identical ones are one cause
  console.log('\nMinimal reproductions (items dropped one at a time while the mismatch persists):');
  const causes = new Map<string, { signatures: string[]; items: string }>();
  for (const s of summary.signatures) {
    const { code, spec, tries } = await reproduce(s.signature, s.seeds[0]);
    const cause = causes.get(code) ?? { signatures: [], items: JSON.stringify(spec.items) };
    cause.signatures.push(`[${s.category}] ${s.signature} (seed ${s.seeds[0]}, ${tries} apps tried)`);
    causes.set(code, cause);
  }
  let n = 0;
  for (const [code, { signatures, items }] of causes) {
    // the items are the spec: paste them into test/sweep/regressions.ts to keep the case
    console.log(`\n--- reproduction ${++n}: ${signatures.join('\n    and ')}\n${code}\n// items: ${items}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
