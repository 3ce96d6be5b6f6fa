import { EXIT_GRANTS, parseFailOn, runDiff } from './diff-cli';
import { textReport } from './render';
import { accessReportOf } from './report-data';
import { readAssemblyFiles } from '../analysis/assembly-files';
import { templatesFromAssembly } from '../analysis/assembly-templates';
import { Command, CommandIo } from '../private/command-io';

/** `cdk-ecr-access report --help`. */
export const REPORT_USAGE = `Usage: cdk-ecr-access report [--json] [CLOUD_ASSEMBLY]
       cdk-ecr-access report --diff BASE [HEAD] [--json] [--fail-on CAPABILITIES]

Prints who can log in to Amazon ECR and what each principal can do to each repository (pull, push,
create, delete, administer), evaluated from the templates of a synthesized CDK app: run \`cdk synth\`
first. The same report EcrAccessReport writes into the cloud assembly at synth.

  CLOUD_ASSEMBLY  the cloud assembly directory (default: cdk.out)
  --json          print the report as JSON (the format of ecr-access-report.json)
  --diff BASE     print what changes from BASE to HEAD (default: cdk.out), each a cloud assembly
                  directory or an access report JSON: capabilities gained, lost and changed per
                  principal and repository, principals and repositories added or removed, and the
                  statements behind each change; Markdown for a pull-request comment (JSON with --json)
  --fail-on CAPABILITIES
                  with --diff: exit ${EXIT_GRANTS} when the change grants any of these capabilities, or
                  changes how one is allowed (comma-separated: login,pull,push,create,delete,admin)
  -h, --help      show this help

Exit status: 0 when the report was made from the whole assembly; 1 when the directory holds no cloud
assembly, or when a manifest, a template or a resource in it could not be read (the report of the
rest is printed, and standard error names each file or resource and why); 2 on a usage error.
With --diff: ${EXIT_GRANTS} when --fail-on names a capability the change grants (the diff is printed, and
standard error lists each grant); 1 when a side cannot be read or is not read whole.

Examples:
  cdk-ecr-access report
  cdk-ecr-access report --json cdk.out > ecr-access-report.json
  cdk-ecr-access report --diff base/ecr-access-report.json cdk.out --fail-on push,create,delete,admin
`;

/** Runs `cdk-ecr-access report`. */
export function runReport(args: readonly string[], io: CommandIo): number {
  let json = false;
  let diff = false;
  let failOn: string | undefined;
  const dirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') {
      json = true;
    } else if (arg === '--diff') {
      diff = true;
    } else if (arg === '--fail-on' || arg.startsWith('--fail-on=')) {
      failOn = arg === '--fail-on' ? args[++i] ?? '' : arg.slice('--fail-on='.length);
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
  if (!diff && failOn !== undefined) {
    io.err(`cdk-ecr-access report: --fail-on needs --diff\n\n${REPORT_USAGE}`);
    return 2;
  }
  if (diff) return diffCommand(dirs, json, failOn, io);
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

function diffCommand(sides: readonly string[], json: boolean, failOn: string | undefined, io: CommandIo): number {
  const usage = (problem: string) => {
    io.err(`cdk-ecr-access report: ${problem}\n\n${REPORT_USAGE}`);
    return 2;
  };
  if (sides.length === 0 || sides.length > 2) return usage(`--diff takes a base and at most one head, not ${sides.length}`);
  const parsed = parseFailOn(failOn ?? '');
  if (failOn !== undefined && (parsed.unknown.length > 0 || parsed.capabilities.length === 0)) {
    return usage(`--fail-on '${failOn}' names no capability${parsed.unknown.length > 0 ? ` (${parsed.unknown.join(', ')} is not one)` : ''}: use login, pull, push, create, delete, admin`);
  }
  return runDiff({ base: sides[0], head: sides[1], json, failOn: parsed.capabilities }, io);
}

/** The `report` subcommand. */
export const REPORT_COMMAND: Command = {
  name: 'report',
  summary: 'print who can log in, pull, push, create or administer which ECR repository, from cdk.out',
  run: runReport,
};
