import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

// Runs validators other people wrote on a synthesized app, the way a user would: cdk-nag 3 and the
// cfn-guard Control Tower rules as CDK validation plugins, and cfn-lint on the templates.

export interface Violation {
  readonly validator: string;
  readonly rule: string;
  readonly description: string;
  readonly paths: string[];
}

/** Synthesizes the app built by `build` with cdk-nag and cfn-guard plugged in; returns their unacknowledged violations. */
export function validate(build: (app: App) => void): { violations: Violation[]; outdir: string; cleanup: () => void } {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'ecr-access-validate-'));
  const app = new App({ outdir });
  build(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CfnGuardValidator());
  // the plugins print their report; the test reads the report file instead
  const quiet = [jest.spyOn(console, 'log').mockImplementation(() => {}), jest.spyOn(console, 'error').mockImplementation(() => {})];
  // a failed validation sets the process exit code, as it should for `cdk synth`; here the test decides
  const exitCode = process.exitCode;
  try {
    app.synth();
  } finally {
    process.exitCode = exitCode;
    quiet.forEach((spy) => spy.mockRestore());
  }

  const reportFile = ['validation-report.json', 'policy-validation-report.json'].map((f) => path.join(outdir, f)).find(existsSync);
  const violations: Violation[] = [];
  if (reportFile) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    for (const plugin of report.pluginReports ?? []) {
      const name = plugin.pluginName ?? plugin.summary?.pluginName;
      const error = plugin.summary?.metadata?.error;
      if (error) violations.push({ validator: name, rule: 'plugin-error', description: String(error), paths: [] });
      for (const v of plugin.violations ?? []) {
        violations.push({
          validator: name,
          rule: v.ruleName,
          description: v.description,
          paths: (v.violatingConstructs ?? v.violatingResources ?? [])
            .map((c: { constructPath?: string; locations?: string[] }) => c.constructPath ?? String(c.locations)),
        });
      }
    }
  }
  return { violations, outdir, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** cfn-lint on every template of the cloud assemblies, in one run, when the machine has it; `undefined` when it does not. */
export function cfnLint(outdirs: readonly string[], extraTemplates: readonly string[] = []): string | undefined {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const templates = outdirs.flatMap((outdir) => readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(outdir, f)));
  templates.push(...extraTemplates);
  // W3005 (a DependsOn that a GetAtt already implies) is how aws-cdk-lib's own Lambda construct orders
  // its role; it is neither ours nor a defect
  const result = spawnSync('cfn-lint', ['--format', 'parseable', '--ignore-checks', 'W3005', '--', ...templates], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.trim();
}
