/**
 * What EcrAccessChecks adds to synth time on a large app: 200 stacks' worth of ECR policies
 * (test/checks/large-app.ts), synthesized without checks, with the Aspect, and with the validation
 * plugin. Prints the median of several runs and the ratio to plain synth.
 *
 *   npx ts-node --transpile-only bench/checks.ts [stacks] [runs]
 */
import { Aspects, Validations } from 'aws-cdk-lib';
import { EcrAccessChecks } from '../src';
import { cpuMillis, median, timeInside } from './timing';
import { largeApp } from '../test/checks/large-app';

const stackCount = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 5);

type Mode = 'none' | 'aspect' | 'plugin';

const inside = timeInside(EcrAccessChecks.prototype, ['validate', 'annotate']);

function synthMillis(mode: Mode): { wall: number; cpu: number; checks: number; construct: number } {
  const constructStarted = process.hrtime.bigint();
  const app = largeApp({ services: stackCount });
  const construct = Number(process.hrtime.bigint() - constructStarted) / 1e6;
  if (mode === 'aspect') Aspects.of(app).add(new EcrAccessChecks());
  if (mode === 'plugin') Validations.of(app).addPlugins(new EcrAccessChecks());
  const log = console.error;
  console.error = () => undefined; // the plugin mode prints its (empty) report
  const wall = process.hrtime.bigint();
  const cpu = cpuMillis();
  inside.reset();
  try {
    app.synth();
  } finally {
    console.error = log;
  }
  return { wall: Number(process.hrtime.bigint() - wall) / 1e6, cpu: cpuMillis() - cpu, checks: inside.total(), construct };
}

/** Identity policies (inline and managed, roles' own inline ones each) and repository policies in the app. */
function policyCount(): number {
  const assembly = largeApp({ services: stackCount }).synth();
  let count = 0;
  for (const stack of assembly.stacks) {
    for (const resource of Object.values<{ Type: string; Properties?: Record<string, unknown[]> }>(stack.template.Resources ?? {})) {
      if (['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(resource.Type)) count++;
      if (resource.Type === 'AWS::ECR::Repository' && resource.Properties?.RepositoryPolicyText) count++;
      if (resource.Type === 'AWS::IAM::Role') count += resource.Properties?.Policies?.length ?? 0;
    }
  }
  return count;
}

for (const mode of ['none', 'aspect', 'plugin'] as Mode[]) synthMillis(mode); // warm up module loading and JIT
const results: Record<Mode, Array<{ wall: number; cpu: number; checks: number; construct: number }>> = { none: [], aspect: [], plugin: [] };
for (let i = 0; i < runs; i++) {
  for (const mode of ['none', 'aspect', 'plugin'] as Mode[]) results[mode].push(synthMillis(mode));
}
console.log(`${stackCount} stacks, ${policyCount()} policies, median of ${runs} synths each (app construction not counted)`);
for (const measure of ['cpu', 'wall'] as const) {
  const base = median(results.none.map((r) => r[measure]));
  const line = (['aspect', 'plugin'] as Mode[]).map((mode) => {
    const m = median(results[mode].map((r) => r[measure]));
    return `${mode} ${m.toFixed(0)} ms (+${(m - base).toFixed(0)} ms, ratio ${(m / base).toFixed(2)})`;
  });
  console.log(`${measure.padEnd(4)}: none ${base.toFixed(0)} ms; ${line.join('; ')}`);
}
const wallBase = median(results.none.map((r) => r.wall));
// what `cdk synth` runs is the app: constructing it as well as app.synth()
const withConstruction = wallBase + median(results.none.map((r) => r.construct));
for (const mode of ['aspect', 'plugin'] as Mode[]) {
  const checks = median(results[mode].map((r) => r.checks));
  console.log(`time inside the checks (${mode}): ${checks.toFixed(0)} ms, ratio ${((wallBase + checks) / wallBase).toFixed(2)} to plain synth, ` +
    `${((withConstruction + checks) / withConstruction).toFixed(2)} to constructing the app and synth (${withConstruction.toFixed(0)} ms)`);
}
