/**
 * The findings of EcrAccessChecks and the access report of every example and of the large app
 * (test/checks/large-app.ts, with seeded mistakes and acknowledgments), read both ways the library
 * reads an app (from the construct tree, as the Aspect does, and from the synthesized assembly, as
 * the validation plugin does), as one JSON file. A change meant to make the analysis faster must not
 * change a byte of it: write it before and after, and compare.
 *
 *   npx ts-node --transpile-only scripts/analysis-output.ts before.json   (on the base)
 *   npx ts-node --transpile-only scripts/analysis-output.ts after.json    (on the change)
 *   cmp before.json after.json
 */
import { readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { EcrAccessChecks } from '../src';
import { AccessModel } from '../src/analysis/access-model';
import { templatesFromAssembly } from '../src/analysis/assembly-templates';
import { TemplateSet } from '../src/analysis/template-set';
import { templatesFromTree } from '../src/analysis/tree-templates';
import { Finding } from '../src/checks/finding';
import { checkTemplates, knownRuleIds } from '../src/checks/run-checks';
import { renderReportFiles } from '../src/report/files';
import { buildAccessReport } from '../src/report/report-data';
import { largeApp } from '../test/checks/large-app';

const EXAMPLES = path.join(__dirname, '..', 'examples');

function apps(): Array<[string, () => App]> {
  const out: Array<[string, () => App]> = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts')).sort().map((file) => [file, () => {
    const app = new App();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(EXAMPLES, file)).build(app);
    return app;
  }]);
  out.push(['large app', () => largeApp({ services: 60, servicesPerStack: 3, mistakesIn: [3, 17, 43] })]);
  out.push(['large app, acknowledged', () => {
    const app = largeApp({ services: 20, mistakesIn: [3, 7] });
    EcrAccessChecks.acknowledge(app.node.findChild('Service3'), 'unknown-action', 'a seeded mistake');
    // without a reason: it does not count, and the finding says so
    Validations.of(app.node.findChild('Service7')).acknowledge({ id: 'cdk-ecr-access:unknown-action', reason: '' });
    return app;
  }]);
  return out;
}

function findings(templates: TemplateSet): unknown[] {
  const settings = { enabled: new Set(knownRuleIds()), levels: new Map() };
  return checkTemplates(templates, settings).findings.map((f: Finding) => ({
    ...f,
    resource: { stack: f.resource.stack.id, logicalId: f.resource.logicalId, type: f.resource.type, path: f.resource.path },
  }));
}

function main(out: string): void {
  const result: Record<string, unknown> = {};
  for (const [name, make] of apps()) {
    const app = make();
    const templatePaths = app.synth().stacks.map((s) => s.templateFullPath);
    result[name] = {
      pluginFindings: findings(templatesFromAssembly(templatePaths, app)),
      treeFindings: findings(templatesFromTree(make()).templates),
      pluginReport: renderReportFiles(buildAccessReport(new AccessModel(templatesFromAssembly(templatePaths, app)))),
      treeReport: renderReportFiles(buildAccessReport(new AccessModel(templatesFromTree(make()).templates))),
    };
  }
  writeFileSync(out, JSON.stringify(result, undefined, 1));
  console.log(`${Object.keys(result).length} apps written to ${out}`);
}

main(process.argv[2] ?? 'analysis-output.json');
