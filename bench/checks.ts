/**
 * What EcrAccessChecks adds to synth time on a large app: 200 stacks' worth of ECR policies
 * (test/checks/large-app.ts), synthesized without checks, with the Aspect, and with the validation
 * plugin. Prints the median of several runs and the ratio to plain synth.
 *
 *   npx ts-node --transpile-only bench/checks.ts [stacks] [runs]
 */
import { Aspects, Validations } from 'aws-cdk-lib';
import { EcrAccessChecks } from '../src';
import { cpuMillis, Mode, printTimes, SynthTimes, timeInside } from './timing';
import { largeApp } from '../test/checks/large-app';

const stackCount = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 5);

const inside = timeInside(EcrAccessChecks.prototype, ['validate', 'annotate']);

function synthMillis(mode: Mode): SynthTimes {
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
  return { wall: Number(process.hrtime.bigint() - wall) / 1e6, cpu: cpuMillis() - cpu, inside: inside.total(), construct };
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
const results: Record<Mode, SynthTimes[]> = { none: [], aspect: [], plugin: [] };
for (let i = 0; i < runs; i++) {
  for (const mode of ['none', 'aspect', 'plugin'] as Mode[]) results[mode].push(synthMillis(mode));
}
console.log(`${stackCount} stacks, ${policyCount()} policies, median of ${runs} synths each (app construction not counted)`);
printTimes(results, 'the checks');
