import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EcrAccessChecks } from '../../src';

// Runs validators on a synthesized app, the way a user would: cdk-nag 3 and this library's own
// EcrAccessChecks as CDK validation plugins during one synth, then the cfn-guard Control Tower rules
// (the plugin's own validate(), once over many apps' templates: one cfn-guard process instead of one
// per app) and cfn-lint on the templates.

export interface Violation {
  readonly validator: string;
  readonly rule: string;
  readonly description: string;
  readonly paths: string[];
}

export interface ValidatedApp {
  readonly assembly: CloudAssembly;
  readonly outdir: string;
  /** Unacknowledged findings of the plugins that ran during synth. */
  readonly violations: Violation[];
  readonly templatePaths: string[];
  readonly cleanup: () => void;
}

/** Synthesizes the app built by `build` with cdk-nag and EcrAccessChecks plugged in. */
export function synthesizeWithValidators(build: (app: App) => void): ValidatedApp {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'ecr-access-validate-'));
  const app = new App({ outdir });
  build(app);
  const plugins: IPolicyValidationPlugin[] = [new AwsSolutionsChecks(app), new EcrAccessChecks()];
  Validations.of(app).addPlugins(...plugins);
  // the plugins print their report; the test reads the report file instead
  const quiet = [jest.spyOn(console, 'log').mockImplementation(() => {}), jest.spyOn(console, 'error').mockImplementation(() => {})];
  // a failed validation sets the process exit code, as it should for `cdk synth`; here the test decides
  const exitCode = process.exitCode;
  let assembly: CloudAssembly;
  try {
    assembly = app.synth();
  } finally {
    process.exitCode = exitCode;
    quiet.forEach((spy) => spy.mockRestore());
  }

  const violations: Violation[] = [];
  const reportFile = ['validation-report.json', 'policy-validation-report.json'].map((f) => path.join(outdir, f)).find(existsSync);
  if (reportFile) violations.push(...readReport(JSON.parse(readFileSync(reportFile, 'utf8'))));
  return {
    assembly,
    outdir,
    violations,
    templatePaths: assembly.stacks.map((s) => s.templateFullPath),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** The Control Tower proactive controls bundled with cfn-guard, in one run over every template given. */
export function controlTowerViolations(templatePaths: readonly string[]): Array<Violation & { templates: string[] }> {
  const report = new CfnGuardValidator().validate({ templatePaths: [...templatePaths] } as never);
  return report.violations.map((v) => ({
    validator: 'cdk-validator-cfnguard',
    rule: v.ruleName,
    description: v.description,
    paths: v.violatingResources.map((r) => `${r.templatePath}#${r.resourceLogicalId}`),
    templates: v.violatingResources.map((r) => r.templatePath),
  }));
}

/**
 * cfn-lint on the templates, in one run, when the machine has it (`undefined` when it does not).
 * It runs in the background (it starts slowly), so start it as soon as the templates are written.
 */
export function cfnLint(templates: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    // W3005 (a DependsOn that a GetAtt already implies) is how aws-cdk-lib's own Lambda construct orders
    // its role; it is neither ours nor a defect
    const child = spawn('cfn-lint', ['--format', 'parseable', '--ignore-checks', 'W3005', '--', ...templates]);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', () => resolve(undefined)); // not installed
    child.on('close', () => resolve(output.trim()));
  });
}

function readReport(report: { pluginReports?: Array<Record<string, any>> }): Violation[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const violations: Violation[] = [];
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
  return violations;
}
