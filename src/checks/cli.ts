import { CheckInputs } from './check-inputs';
import { EcrCheckLevel } from './check-level';
import { Finding, findingText } from './finding';
import { RULES } from './rule-pack';
import { knownRuleIds, runChecks } from './run-checks';
import { sarifLog } from './sarif';
import { POLICY_DOCUMENT_KINDS, PolicyDocumentKind } from '../analysis/policy-documents';
import { Command, CommandIo } from '../private/command-io';

/** `cdk-ecr-access check --help`. */
export const CHECK_USAGE = `Usage: cdk-ecr-access check [--format text|json|sarif] [--kind KIND] [PATH ...]

Runs the EcrAccessChecks rules outside a CDK app, on each PATH:
  a cloud assembly directory (cdk.out)      every stack template of a synthesized app
  a CloudFormation template (.json, .yaml)  intrinsics such as !Sub and !GetAtt are read, not needed
  a policy document (.json)                 identity, repository, registry or trust policy, or
                                            {"ManagedPolicyArns": [...]}; the kind is detected

  PATH                 default: cdk.out
  --format FORMAT      text (default), json, or sarif (SARIF 2.1.0, for GitHub code scanning)
  --kind KIND          the kind of every policy document given: identity, repository, registry, trust
  -h, --help           show this help

Exit status: 0 when no finding is at error level; 1 when one is; 2 on a usage error or when a path
cannot be read (standard error says which and why).

Examples:
  cdk-ecr-access check
  cdk-ecr-access check infra/template.yaml policies/repository-policy.json
  cdk-ecr-access check --kind trust github-role-trust.json
  cdk-ecr-access check --format sarif cdk.out > ecr-access.sarif
`;

const FORMATS = ['text', 'json', 'sarif'];

/** Runs `cdk-ecr-access check`. */
export function runCheck(args: readonly string[], io: CommandIo, version = 'unknown'): number {
  let format = 'text';
  let kind: PolicyDocumentKind | undefined;
  const paths: string[] = [];
  const usageError = (text: string) => {
    io.err(`cdk-ecr-access check: ${text}\n\n${CHECK_USAGE}`);
    return 2;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '-h' || name === '--help') {
      io.out(CHECK_USAGE);
      return 0;
    } else if (name === '--format' || name === '--kind') {
      const value = inline ?? args[++i];
      const allowed = name === '--format' ? FORMATS : POLICY_DOCUMENT_KINDS;
      if (value === undefined || !allowed.includes(value)) return usageError(`${name} takes one of ${allowed.join(', ')}, got ${value === undefined ? 'nothing' : `'${value}'`}`);
      if (name === '--format') format = value;
      else kind = value as PolicyDocumentKind;
    } else if (arg.startsWith('-')) {
      return usageError(`unknown option '${arg}'`);
    } else {
      paths.push(arg);
    }
  }

  const inputs = new CheckInputs(paths.length > 0 ? paths : ['cdk.out'], kind);
  if (inputs.problems.length > 0) {
    io.err(inputs.problems.map((p) => `cdk-ecr-access check: ${p}\n`).join(''));
    return 2;
  }
  const findings = runChecks(inputs.templates, { enabled: new Set(knownRuleIds()), levels: new Map() });
  if (format === 'sarif') {
    io.out(`${JSON.stringify(sarifLog(findings, RULES, (f) => inputs.positionOf(f), version), undefined, 2)}\n`);
  } else if (format === 'json') {
    io.out(`${JSON.stringify(findings.map((f) => jsonFinding(f, inputs)), undefined, 2)}\n`);
  } else {
    io.out(textReport(findings, inputs));
  }
  return findings.some((f) => f.level === EcrCheckLevel.ERROR) ? 1 : 0;
}

function jsonFinding(f: Finding, inputs: CheckInputs) {
  const position = inputs.positionOf(f);
  return {
    ruleId: f.ruleId,
    level: f.level,
    file: position?.file,
    line: position?.line,
    path: f.resource.path,
    location: f.location,
    message: f.message,
    why: f.why,
    fix: f.fix,
  };
}

function textReport(findings: readonly Finding[], inputs: CheckInputs): string {
  const lines = findings.map((f) => {
    const position = inputs.positionOf(f);
    return `${position ? `${position.file}:${position.line}: ` : ''}${f.level}: ${findingText(f)}\n`;
  });
  const errors = findings.filter((f) => f.level === EcrCheckLevel.ERROR).length;
  return `${lines.join('')}${findings.length === 0 ? 'No findings.' : `${findings.length} finding(s), ${errors} at error level.`}\n`;
}

/** The `check` row of the command table. */
export function checkCommand(version: () => string): Command {
  return { name: 'check', summary: 'check templates, cloud assemblies and policy documents for ECR access mistakes', run: (args, io) => runCheck(args, io, version()) };
}
