/**
 * What EcrAccessReport adds to synth time on a large app: 200 stacks' worth of ECR policies
 * (test/checks/large-app.ts, the app bench/checks.ts measures), synthesized without the report, with
 * the report as an Aspect, and as a validation plugin. Prints the number of policies, the median of
 * several runs and the ratio to plain synth.
 *
 *   npx ts-node --transpile-only bench/report.ts [stacks] [runs]
 */
import { App, Aspects, Validations } from 'aws-cdk-lib';
import { EcrAccessReport } from '../src';
import { cpuMillis, median, timeInside } from './timing';
import { AccessModel } from '../src/checks/access-model';
import { PolicyKind } from '../src/checks/policy-view';
import { templatesFromTree } from '../src/checks/tree-templates';
import { largeApp } from '../test/checks/large-app';

const stackCount = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 5);

type Mode = 'none' | 'aspect' | 'plugin';

const inside = timeInside(EcrAccessReport.prototype, ['validate', 'fromTree']);

function synthMillis(mode: Mode): { wall: number; cpu: number; report: number; construct: number; app: App } {
  const constructStarted = process.hrtime.bigint();
  const app = largeApp({ services: stackCount });
  const construct = Number(process.hrtime.bigint() - constructStarted) / 1e6;
  if (mode === 'aspect') Aspects.of(app).add(new EcrAccessReport());
  if (mode === 'plugin') Validations.of(app).addPlugins(new EcrAccessReport());
  const log = console.error;
  console.error = () => undefined; // the plugin mode prints its (empty) validation report
  const wall = process.hrtime.bigint();
  const cpu = cpuMillis();
  inside.reset();
  try {
    app.synth();
  } finally {
    console.error = log;
  }
  return { wall: Number(process.hrtime.bigint() - wall) / 1e6, cpu: cpuMillis() - cpu, report: inside.total(), construct, app };
}

for (const mode of ['none', 'aspect', 'plugin'] as Mode[]) synthMillis(mode); // warm up module loading and JIT
const results: Record<Mode, Array<{ wall: number; cpu: number; report: number; construct: number }>> = { none: [], aspect: [], plugin: [] };
let sample: App | undefined;
for (let i = 0; i < runs; i++) {
  for (const mode of ['none', 'aspect', 'plugin'] as Mode[]) {
    const { app, ...times } = synthMillis(mode);
    results[mode].push(times);
    sample ??= app;
  }
}

const model = new AccessModel(templatesFromTree(sample!).templates);
const count = (kinds: PolicyKind[]) => model.policies.filter((p) => kinds.includes(p.kind)).length;
console.log(`${stackCount} stacks: ${count([PolicyKind.INLINE, PolicyKind.MANAGED, PolicyKind.REPOSITORY])} identity and repository policies `
  + `(${count([PolicyKind.INLINE, PolicyKind.MANAGED])} identity, ${count([PolicyKind.REPOSITORY])} repository; ${count([PolicyKind.TRUST])} trust policies besides), `
  + `${model.principals.length} roles, users and groups, ${model.repositories.length} repositories`);
console.log(`median of ${runs} synths each (app construction not counted)`);
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
  const report = median(results[mode].map((r) => r.report));
  console.log(`time inside the report (${mode}): ${report.toFixed(0)} ms, ratio ${((wallBase + report) / wallBase).toFixed(2)} to plain synth, ` +
    `${((withConstruction + report) / withConstruction).toFixed(2)} to constructing the app and synth (${withConstruction.toFixed(0)} ms)`);
}
