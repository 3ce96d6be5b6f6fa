/**
 * Synthesizes every app in `examples/` with the real CDK CLI, the way a user runs `cdk synth`, and
 * prints where the CloudFormation templates are. Offline: no AWS calls, telemetry and notices off.
 *
 *   npm run synth:examples              # every example
 *   npm run synth:examples -- lambda    # the examples whose file name contains "lambda"
 */
import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const filter = process.argv[2] ?? '';
const examples = readdirSync(path.join(root, 'examples'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f.includes(filter))
  .sort();

const cdk = path.join(root, 'node_modules', '.bin', 'cdk');
const failures: string[] = [];
for (const file of examples) {
  const name = file.replace(/\.ts$/, '');
  const outdir = path.join('cdk.out', 'examples', name);
  const started = Date.now();
  const result = spawnSync(cdk, [
    'synth', '--quiet', '--no-notices', '--no-version-reporting',
    '--app', `node -r ts-node/register/transpile-only examples/${file}`,
    '--output', outdir,
  ], { cwd: root, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failures.push(name);
    console.error(`✗ ${name} (${seconds}s)\n${result.stderr}${result.stdout}`);
    continue;
  }
  // the templates, and the access report where the example adds EcrAccessReport
  const templates = readdirSync(path.join(root, outdir)).filter((f) => f.endsWith('.template.json') || f === 'ecr-access-report.md');
  console.log(`✓ ${name} (${seconds}s)`);
  for (const t of templates) console.log(`    ${path.join(outdir, t)}`);
  const warnings = (result.stderr ?? '').split('\n').filter((line) => line.includes('[Warning'));
  for (const w of warnings) console.log(`    ${w.trim()}`);
}

if (failures.length > 0) {
  console.error(`\n${failures.length} example(s) failed: ${failures.join(', ')}`);
  process.exit(1);
}
console.log(`\n${examples.length} example app(s) synthesized; templates are under ${path.join('cdk.out', 'examples')}/`);
