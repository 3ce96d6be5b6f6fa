import { textReport } from './render';
import { accessReportOf } from './report-data';
import { readAssemblyFiles } from '../analysis/assembly-files';
import { templatesFromAssembly } from '../analysis/assembly-templates';
import { Command, CommandIo } from '../private/command-io';

/** `cdk-ecr-access report --help`. */
export const REPORT_USAGE = `Usage: cdk-ecr-access report [--json] [CLOUD_ASSEMBLY]

Prints who can log in to Amazon ECR and what each principal can do to each repository (pull, push,
create, delete, administer), evaluated from the templates of a synthesized CDK app: run \`cdk synth\`
first. The same report EcrAccessReport writes into the cloud assembly at synth.

  CLOUD_ASSEMBLY  the cloud assembly directory (default: cdk.out)
  --json          print the report as JSON (the format of ecr-access-report.json)
  -h, --help      show this help

Exit status: 0 when the report was made from the whole assembly; 1 when the directory holds no cloud
assembly, or when a manifest, a template or a resource in it could not be read (the report of the
rest is printed, and standard error names each file or resource and why); 2 on a usage error.

Examples:
  cdk-ecr-access report
  cdk-ecr-access report --json cdk.out > ecr-access-report.json
`;

/** Runs `cdk-ecr-access report`. */
export function runReport(args: readonly string[], io: CommandIo): number {
  let json = false;
  const dirs: string[] = [];
  for (const arg of args) {
    if (arg === '--json') {
      json = true;
    } else if (arg === '-h' || arg === '--help') {
      io.out(REPORT_USAGE);
      return 0;
    } else if (arg.startsWith('-')) {
      io.err(`cdk-ecr-access report: unknown option '${arg}'\n\n${REPORT_USAGE}`);
      return 2;
    } else {
      dirs.push(arg);
    }
  }
  if (dirs.length > 1) {
    io.err(`cdk-ecr-access report: give one cloud assembly directory, not ${dirs.length}\n\n${REPORT_USAGE}`);
    return 2;
  }
  const dir = dirs[0] ?? 'cdk.out';
  const files = readAssemblyFiles(dir);
  if (files === undefined) {
    io.err(`cdk-ecr-access report: '${dir}' holds no cloud assembly (no manifest.json); run \`cdk synth\` first, or name the directory\n`);
    return 1;
  }
  if (files.templatePaths.length === 0 && files.problems.length > 0) {
    io.err(`cdk-ecr-access report: no report: ${files.problems.join('; ')}\n`);
    return 1;
  }
  const report = accessReportOf(templatesFromAssembly(files.templatePaths));
  io.out(json ? `${JSON.stringify(report, undefined, 2)}\n` : textReport(report));
  // a template or resource the report could not read is a note of the report; a manifest is not
  const unread = [...files.problems, ...report.notes];
  if (unread.length === 0) return 0;
  io.err(`cdk-ecr-access report: the report does not cover everything in '${dir}':\n${unread.map((u) => `  ${u}\n`).join('')}`);
  return 1;
}

/** The `report` subcommand. */
export const REPORT_COMMAND: Command = {
  name: 'report',
  summary: 'print who can log in, pull, push, create or administer which ECR repository, from cdk.out',
  run: runReport,
};
