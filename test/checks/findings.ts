import * as path from 'path';
import { App, Aspects } from 'aws-cdk-lib';
import { EcrAccessChecks, EcrAccessChecksProps } from '../../src';

// Runs the checks both ways on an app and returns what a user would see, parsed back into
// (rule, level, construct path, text), so tests can say which rule fired where.

export interface Reported {
  readonly ruleId: string;
  readonly level: string;
  readonly path: string;
  readonly text: string;
}

const RULE_ID = /^\[cdk-ecr-access:([a-z0-9-]+)\] /;

/** The findings of `Aspects.of(app).add(new EcrAccessChecks(props))`, read from the synthesized assembly. */
export function aspectFindings(app: App, props?: EcrAccessChecksProps): Reported[] {
  Aspects.of(app).add(new EcrAccessChecks(props));
  const assembly = app.synth();
  const out: Reported[] = [];
  for (const stack of assembly.stacksRecursively) {
    for (const message of stack.messages) {
      const text = String(message.entry.data);
      const match = RULE_ID.exec(text);
      if (match) out.push({ ruleId: match[1], level: message.level, path: message.id.replace(/^\//, ''), text });
    }
  }
  return out;
}

/**
 * The violations of `new EcrAccessChecks(props).validate(...)` on the synthesized templates. On an app
 * already synthesized by {@link aspectFindings} it reads the same assembly (the checks change no
 * template), so one synth serves both ways.
 */
export function pluginFindings(app: App, props?: EcrAccessChecksProps): Reported[] {
  const assembly = app.synth();
  const templatePaths = assembly.stacksRecursively.map((s) => path.resolve(s.templateFullPath));
  const report = new EcrAccessChecks(props).validate({ templatePaths, appConstruct: app });
  // the CDK report derives construct paths from logical ids the same way
  const paths = new Map<string, string>();
  for (const stack of assembly.stacksRecursively) {
    for (const entry of stack.findMetadataByType('aws:cdk:logicalId')) paths.set(`${stack.templateFile}/${entry.data}`, entry.path.replace(/^\//, ''));
  }
  return report.violations.map((v) => {
    const resource = v.violatingResources[0];
    const logicalPath = resource.templatePath ? paths.get(`${path.basename(resource.templatePath)}/${resource.resourceLogicalId}`) : undefined;
    return { ruleId: v.ruleName, level: v.severity ?? '', path: resource.constructPath ?? logicalPath ?? '', text: `${v.description} Fix: ${v.fix}` };
  });
}

/** Just the rule ids, for `toEqual([...])`. */
export function ruleIds(findings: readonly Reported[]): string[] {
  return findings.map((f) => f.ruleId);
}
