/**
 * What `cdk-ecr-access report --diff` costs on large reports: two reports of about 1,000 principals
 * (test/checks/large-app.ts with 460 services; the head adds services and two with hand-written
 * mistakes), compared and rendered as the pull-request comment. The reports are made once, outside
 * the timing: the diff reads them as JSON from the base's build. Prints the median of several runs.
 *
 *   npx ts-node --transpile-only bench/diff.ts [services] [runs]
 */
import { median } from './timing';
import { readAssemblyFiles } from '../src/analysis/assembly-files';
import { templatesFromAssembly } from '../src/analysis/assembly-templates';
import { diffReports } from '../src/report/diff';
import { markdownDiff } from '../src/report/diff-render';
import { AccessReportJson, accessReportOf } from '../src/report/report-data';
import { largeApp, LargeAppOptions } from '../test/checks/large-app';

const services = Number(process.argv[2] ?? 460);
const runs = Number(process.argv[3] ?? 5);

function reportOf(options: LargeAppOptions): AccessReportJson {
  const assembly = largeApp({ servicesPerStack: 10, ...options }).synth();
  // as the command reads a report: JSON, not the objects that made it
  return JSON.parse(JSON.stringify(accessReportOf(templatesFromAssembly(readAssemblyFiles(assembly.directory)!.templatePaths))));
}

const base = reportOf({ services });
const head = reportOf({ services: services + 10, mistakesIn: [3, 7] });
const times: number[] = [];
let diff = diffReports(base, head);
for (let i = 0; i < runs + 1; i++) {
  const started = process.hrtime.bigint();
  diff = diffReports(base, head);
  markdownDiff(diff);
  if (i > 0) times.push(Number(process.hrtime.bigint() - started) / 1e6); // the first run warms up
}
const cells = (r: AccessReportJson) => r.principals.length + r.access.length;
console.log(`base: ${base.principals.length} principals, ${base.repositories.length} repositories, ${cells(base)} cells; `
  + `head: ${head.principals.length} principals, ${head.repositories.length} repositories, ${cells(head)} cells`);
console.log(`diff: ${diff.capabilities.length} capability changes, ${diff.principals.added.length} principals added`);
console.log(`diff and Markdown: median ${median(times).toFixed(0)} ms of ${runs} runs (max ${Math.max(...times).toFixed(0)} ms)`);
