import { ALL_CAPABILITIES } from './capability';
import { AccessDiffJson, diffReports, grantsOf } from './diff';
import { markdownDiff } from './diff-render';
import { readReportSource } from './report-source';
import { CommandIo } from '../private/command-io';

// `cdk-ecr-access report --diff BASE [HEAD]`: what a change grants, as a pull-request comment or JSON,
// and an exit status a pipeline can require approval on.

/** Exit status when `--fail-on` names a capability the change grants. */
export const EXIT_GRANTS = 3;

const CAPABILITY_NAMES: readonly string[] = ALL_CAPABILITIES.map((c) => c.capability);

export interface DiffOptions {
  readonly base: string;
  /** @default cdk.out */
  readonly head?: string;
  readonly json: boolean;
  /** Capabilities whose gain fails the run (exit 3). */
  readonly failOn: readonly string[];
}

/** The capability names of a `--fail-on` value, or the names that are not capabilities. */
export function parseFailOn(value: string): { capabilities: string[]; unknown: string[] } {
  const names = value.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  return { capabilities: names.filter((n) => CAPABILITY_NAMES.includes(n)), unknown: names.filter((n) => !CAPABILITY_NAMES.includes(n)) };
}

/** Reads both sides, prints the diff; returns the exit status. */
export function runDiff(options: DiffOptions, io: CommandIo): number {
  const sides = { base: options.base, head: options.head ?? 'cdk.out' };
  const base = readReportSource(sides.base);
  const head = readReportSource(sides.head);
  const errors = [...base.error !== undefined ? [`base: ${base.error}`] : [], ...head.error !== undefined ? [`head: ${head.error}`] : []];
  if (errors.length > 0) {
    io.err(errors.map((e) => `cdk-ecr-access report --diff: ${e}\n`).join(''));
    return 1;
  }
  const diff: AccessDiffJson = diffReports(base.report!, head.report!);
  io.out(options.json ? `${JSON.stringify(diff, undefined, 2)}\n` : `${markdownDiff(diff)}\n`);
  const grants = grantsOf(diff, options.failOn);
  if (grants.length > 0) {
    const lines = grants.map((g) => `  ${g.principal}${g.repository !== undefined ? ` → ${g.repository}` : ''}: ${g.capability} ${g.change}\n`);
    io.err(`cdk-ecr-access report --diff: the change grants ${[...new Set(grants.map((g) => g.capability))].join(', ')} (--fail-on ${options.failOn.join(',')}):\n${lines.join('')}`);
    return EXIT_GRANTS;
  }
  const incomplete = [...base.incomplete!.map((n) => `base: ${n}`), ...head.incomplete!.map((n) => `head: ${n}`)];
  if (incomplete.length === 0) return 0;
  io.err(`cdk-ecr-access report --diff: the diff does not cover everything:\n${incomplete.map((n) => `  ${n}\n`).join('')}`);
  return 1;
}
