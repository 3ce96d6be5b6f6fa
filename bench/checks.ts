/**
 * What EcrAccessChecks adds to synth time on a large app: 200 stacks' worth of ECR policies
 * (test/checks/large-app.ts), synthesized without checks, with the Aspect, and with the validation
 * plugin. Prints the median of several runs and the ratio to plain synth.
 *
 * With BENCH_AS_CDK_CLI=1 the app is synthesized with the context `cdk synth` passes (path and asset
 * metadata, version reporting, tree metadata), as users run it.
 *
 *   npx ts-node --transpile-only bench/checks.ts [stacks] [runs]
 */
import { App } from 'aws-cdk-lib';
import { EcrAccessChecks } from '../src';
import { measureModes, printTimes, timeInside } from './timing';
import { largeApp } from '../test/checks/large-app';

const stackCount = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 5);

// the Aspect's `visit` too: aws-cdk-lib calls it on every construct, and it is the Aspect's own cost
// (the timer adds about a microsecond to each call); `annotate` is where the Aspect's checks run
const inside = timeInside(EcrAccessChecks.prototype, ['visit', 'validate', 'annotate']);

/** Identity policies (inline and managed, roles' own inline ones each) and repository policies in the app. */
function policyCount(app: App): number {
  const assembly = app.synth(); // synthesized already: the assembly is cached
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

const { results, sample } = measureModes(() => largeApp({ services: stackCount, asCdkCli: process.env.BENCH_AS_CDK_CLI === '1' }), () => new EcrAccessChecks(), inside, runs);
console.log(`${stackCount} stacks, ${policyCount(sample)} policies, median of ${runs} synths each (app construction not counted)`);
// issue 17: synth must not notice the checks
printTimes(results, 'the checks', { plugin: 1.05, aspect: 1.15 });
