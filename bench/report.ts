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
import { cpuMillis, Mode, printTimes, SynthTimes, timeInside } from './timing';
import { AccessModel } from '../src/checks/access-model';
import { PolicyKind } from '../src/checks/policy-view';
import { templatesFromTree } from '../src/checks/tree-templates';
import { largeApp } from '../test/checks/large-app';

const stackCount = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 5);

const inside = timeInside(EcrAccessReport.prototype, ['validate', 'fromTree']);

function synthMillis(mode: Mode): SynthTimes & { app: App } {
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
  return { wall: Number(process.hrtime.bigint() - wall) / 1e6, cpu: cpuMillis() - cpu, inside: inside.total(), construct, app };
}

for (const mode of ['none', 'aspect', 'plugin'] as Mode[]) synthMillis(mode); // warm up module loading and JIT
const results: Record<Mode, SynthTimes[]> = { none: [], aspect: [], plugin: [] };
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
printTimes(results, 'the report');
