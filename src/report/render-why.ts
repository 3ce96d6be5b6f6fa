import { letterOf } from './capability';
import { escapeCell } from './markdown-cell';
import { StatementRefJson, statementRefLine } from './provenance';
import { AccessReportJson, CapabilityJson, OneSidedJson, PairJson, PrincipalJson } from './report-data';

// Why each cell of the report's Markdown is what it is: under the matrix, folded, one detail per
// principal with the statements behind each of its cells, and the near misses (a cross-account
// request one side allows and the other, also in the app, does not) with the side to fix. A pull
// request of a large app must stay readable: cells that the same statements produce share a line,
// and every list stops at a cap with "… and N more" (the JSON has all of it).

/** Principals given a detail; the rest are counted. */
export const MAX_PRINCIPALS_EXPLAINED = 50;
/** Cells (its login, and a repository each) named in one principal's detail. */
export const MAX_CELLS_PER_PRINCIPAL = 20;
/** Statements named for one cell. */
export const MAX_STATEMENTS_PER_CELL = 8;
/** Near misses listed. */
export const MAX_NEAR_MISSES = 20;

const sideText = (side: string) => side.replace('-', ' ');

function more(count: number, what: string, where: string): string[] {
  return count > 0 ? [`… and ${count} more ${what} (${where})`] : [];
}

/** The statements behind a cell's capabilities, each with the letters it gives (`R W`). */
function cellStatements(capabilities: readonly CapabilityJson[]): string[] {
  const letters = new Map<string, { ref: StatementRefJson; letters: string[] }>();
  const needs = new Set<string>();
  for (const c of capabilities) {
    const letter = letterOf(c.capability) ?? c.capability;
    for (const ref of c.grantedBy ?? []) {
      const text = statementRefLine(ref);
      const entry = letters.get(text) ?? { ref, letters: [] };
      entry.letters.push(letter);
      letters.set(text, entry);
    }
    if (c.needs) needs.add(c.needs);
  }
  const lines = [...letters].map(([text, e]) => `\`${e.letters.join(' ')}\` ${text}`);
  const shown = lines.slice(0, MAX_STATEMENTS_PER_CELL);
  return [
    ...shown,
    ...more(lines.length - shown.length, 'statements', 'in the JSON report'),
    // the row of a principal or repository outside the app: the other side is its account's to write
    ...[...needs].map((side) => `${lines.length > 0 ? 'and ' : ''}the ${sideText(side)} outside this app`),
    ...lines.length === 0 && needs.size === 0 ? ['(statements not named: the report was written before it named them)'] : [],
  ];
}

/** One principal's detail: its login, then its repositories, those the same statements give grouped on one line. */
function principalDetail(principal: PrincipalJson, pairs: readonly PairJson[]): string[] {
  const groups = new Map<string, { cells: string[]; statements: string[] }>();
  const add = (cell: string, capabilities: readonly CapabilityJson[]) => {
    if (capabilities.length === 0) return;
    const statements = cellStatements(capabilities);
    const letters = capabilities.map((c) => letterOf(c.capability) ?? c.capability).join(' ');
    const key = `${letters}\u0000${statements.join('\n')}`;
    const group = groups.get(key) ?? { cells: [], statements };
    group.cells.push(cell);
    groups.set(key, group);
  };
  add('login', principal.capabilities);
  for (const pair of pairs) add(escapeCell(pair.repository), pair.capabilities);
  const cellCount = pairs.length + (principal.capabilities.length > 0 ? 1 : 0);
  const lines = [
    '<details>',
    `<summary>${escapeCell(principal.name)}: ${cellCount === 1 ? '1 cell' : `${cellCount} cells`}</summary>`,
    '',
  ];
  let budget = MAX_CELLS_PER_PRINCIPAL;
  for (const group of groups.values()) {
    if (budget === 0) break;
    const cells = group.cells.slice(0, budget);
    budget -= cells.length;
    lines.push(`- ${cells.join(', ')}:`, ...group.statements.map((s) => `  - ${s}`));
  }
  lines.push(...more(cellCount - (MAX_CELLS_PER_PRINCIPAL - budget), 'cells', 'in the JSON report, `grantedBy`').map((l) => `- ${l}`), '', '</details>', '');
  return lines;
}

/** The report's pairs by principal, in the report's order. */
export function pairsByPrincipal(report: AccessReportJson): Map<string, PairJson[]> {
  const pairs = new Map<string, PairJson[]>();
  for (const pair of report.access) {
    const list = pairs.get(pair.principal);
    if (list) list.push(pair);
    else pairs.set(pair.principal, [pair]);
  }
  return pairs;
}

/**
 * `## Why`: a folded detail per principal with capabilities, at most MAX_PRINCIPALS_EXPLAINED.
 * `byPrincipal`: the report's pairs by principal, when the caller has grouped them already.
 */
export function whyLines(report: AccessReportJson, byPrincipal: ReadonlyMap<string, PairJson[]> = pairsByPrincipal(report)): string[] {
  // only the first principals get a detail: the rest are counted, without a list of their cells each
  const shown: string[] = [];
  let explained = 0;
  for (let i = 0; i < report.principals.length; i++) {
    const p = report.principals[i];
    const pairs = byPrincipal.get(p.name);
    if (p.capabilities.length === 0 && !(pairs && someNamed(pairs))) continue;
    // a cell with other actions only has no statement to name
    if (++explained <= MAX_PRINCIPALS_EXPLAINED) shown.push(...principalDetail(p, pairs ? pairs.filter((pair) => pair.capabilities.length > 0) : []));
  }
  if (explained === 0) return [];
  return [
    '## Why: the statements behind each cell',
    '',
    'Per principal, the statements that give each capability of its row (stack, construct path, policy, statement index and Sid; '
      + 'both sides across accounts), with the letters each gives. Cells that the same statements give share a line.',
    '',
    ...shown,
    ...more(explained - MAX_PRINCIPALS_EXPLAINED, 'principals', 'their statements are in the JSON report, `grantedBy`'),
    ...explained > MAX_PRINCIPALS_EXPLAINED ? [''] : [],
  ];
}

/** True when a pair has a capability (a statement to name). */
function someNamed(pairs: readonly PairJson[]): boolean {
  for (let i = 0; i < pairs.length; i++) if (pairs[i].capabilities.length > 0) return true;
  return false;
}

/** `## Near misses`: each principal × repository one side allows and the other does not, the side to fix and how. */
export function nearMissLines(report: AccessReportJson): string[] {
  const cells = new Map<string, OneSidedJson[]>();
  for (const n of report.oneSided ?? []) {
    const key = `${n.principal}\u0000${n.repository}\u0000${n.allowedBy}`;
    cells.set(key, [...cells.get(key) ?? [], n]);
  }
  if (cells.size === 0) return [];
  const paths = new Map(report.repositories.map((r) => [r.name, r.path]));
  const entries = [...cells.values()];
  const shown = entries.slice(0, MAX_NEAR_MISSES);
  const lines = [
    '## Near misses',
    '',
    'Denied across accounts although one side, in this app, allows it: the other side, also in this app, is missing a statement.',
    '',
  ];
  for (const list of shown) {
    const { principal, repository, allowedBy, missing } = list[0];
    const letters = list.map((n) => letterOf(n.capability) ?? n.capability).join(' ');
    const actions = [...new Set(list.flatMap((n) => n.actions ?? []))].sort();
    const path = paths.get(repository);
    const where = missing === 'repository-policy'
      ? `the repository policy of ${path ? `\`${path}\`` : escapeCell(repository)} must allow ${escapeCell(principal)}`
      : `an identity policy of ${escapeCell(principal)} must allow it on ${escapeCell(repository)}`;
    lines.push(
      `- ${escapeCell(principal)} → ${escapeCell(repository)}: ${list.map((n) => n.capability).join(', ')} (\`${letters}\`) `
        + `allowed by the ${sideText(allowedBy)}, not by the ${sideText(missing)}. `
        + `Fix: ${where}${actions.length > 0 ? ` ${actions.join(', ')}` : ' the same actions'} `
        // a grant on a reference by ARN writes only the caller's side: the usual cause
        + '(a grant on the `PushableRepository` itself, not on a reference to it, writes both sides).',
      ...[...new Set(list.flatMap((n) => n.grantedBy.map(statementRefLine)))].map((s) => `  - ${s}`),
    );
  }
  lines.push(...more(entries.length - shown.length, 'near misses', 'in the JSON report, `oneSided`').map((l) => `- ${l}`), '');
  return lines;
}
