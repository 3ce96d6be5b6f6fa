/**
 * What EcrAccessReport adds to synth time on a large app: 200 stacks' worth of ECR policies
 * (test/checks/large-app.ts, the app bench/checks.ts measures), synthesized without the report, with
 * the report as an Aspect, and as a validation plugin. Prints the number of policies, the median of
 * several runs and the ratio to plain synth.
 *
 * With BENCH_AS_CDK_CLI=1 the app is synthesized with the context `cdk synth` passes (path and asset
 * metadata, version reporting, tree metadata), as users run it.
 *
 *   npx ts-node --transpile-only bench/report.ts [stacks] [runs]
 */
import { EcrAccessReport } from '../src';
import { measureModes, printTimes, timeInside } from './timing';
import { AccessModel } from '../src/analysis/access-model';
import { PolicyKind } from '../src/analysis/policy-view';
import { templatesFromTree } from '../src/analysis/tree-templates';
import { largeApp } from '../test/checks/large-app';

const stackCount = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 5);

// `run` is where both modes make the report (the Aspect's and the plugin's adapter call it); the
// report has no `fromTree`, so timing that measured nothing in the Aspect mode. The Aspect's `visit`
// counts too: aws-cdk-lib calls it on every construct (the timer adds about a microsecond to each).
const inside = timeInside(EcrAccessReport.prototype, ['visit', 'run']);

const { results, sample } = measureModes(() => largeApp({ services: stackCount, asCdkCli: process.env.BENCH_AS_CDK_CLI === '1' }), () => new EcrAccessReport(), inside, runs);

const model = new AccessModel(templatesFromTree(sample).templates);
const count = (kinds: PolicyKind[]) => model.policies.filter((p) => kinds.includes(p.kind)).length;
console.log(`${stackCount} stacks: ${count([PolicyKind.INLINE, PolicyKind.MANAGED, PolicyKind.REPOSITORY])} identity and repository policies `
  + `(${count([PolicyKind.INLINE, PolicyKind.MANAGED])} identity, ${count([PolicyKind.REPOSITORY])} repository; ${count([PolicyKind.TRUST])} trust policies besides), `
  + `${model.principals.length} roles, users and groups, ${model.repositories.length} repositories`);
console.log(`median of ${runs} synths each (app construction not counted)`);
// issue 20: the report with its provenance, in the plugin mode
printTimes(results, 'the report', { plugin: 1.10 });
