import { coversAction, LEGEND, letterOf } from './capability';
import { dnfText } from './conditions';
import { escapeCell } from './markdown-cell';
import { nearMissLines, pairsByPrincipal, whyLines } from './render-why';
import { AccessJson, AccessReportJson, ActionGroupJson, CapabilityJson, PairJson, PrincipalJson } from './report-data';
import { signingAndArchiveLines } from './signing-and-archive';
import { SOURCE_KEYS_TEXT } from '../analysis/source-conditions';

// The report for people: a matrix of principals × repositories with a letter per capability, the
// conditions behind the conditional cells, and what could not be evaluated. One line per principal,
// so adding a grant changes one line of the Markdown in a pull request.

/**
 * `R`, `R?` (conditional), `R!` (open wider than a condition reads: partly unconditional, or a service
 * acting for any account), `(R)` (needs the other side), `(R?)`, `(R!)`; `+` for other actions.
 */
export function cellText(capabilities: readonly CapabilityJson[], actions: readonly ActionGroupJson[]): string {
  // one call per cell of the matrix (thousands in a large app, run once, mostly before V8 optimizes
  // it): no array, Set or closure per cell, and indexed loops, as a for-of allocates an iterator there
  let text = '';
  for (let i = 0; i < capabilities.length; i++) text += `${text ? ' ' : ''}${mark(letterOf(capabilities[i].capability) ?? '?', capabilities[i])}`;
  const other = mostAllowedOther(capabilities, actions);
  return other ? `${text}${text ? ' ' : ''}${mark('+', other)}` : text;
}

/**
 * Of the groups with an action no capability of the cell accounts for, the most allowed: allowed
 * outright on this side, else not needing the other side, else allowed, else the first.
 */
function mostAllowedOther(capabilities: readonly CapabilityJson[], actions: readonly ActionGroupJson[]): ActionGroupJson | undefined {
  let first: ActionGroupJson | undefined;
  let thisSide: ActionGroupJson | undefined;
  let allowed: ActionGroupJson | undefined;
  for (let i = 0; i < actions.length; i++) {
    const group = actions[i];
    if (!hasOther(capabilities, group)) continue;
    first ??= group;
    if (!group.needs && group.access === 'allowed') return group;
    if (!group.needs) thisSide ??= group;
    if (group.access === 'allowed') allowed ??= group;
  }
  return thisSide ?? allowed ?? first;
}

function hasOther(capabilities: readonly CapabilityJson[], group: ActionGroupJson): boolean {
  for (let a = 0; a < group.actions.length; a++) if (!anyCovers(capabilities, group.actions[a])) return true;
  return false;
}

function anyCovers(capabilities: readonly CapabilityJson[], action: string): boolean {
  for (let i = 0; i < capabilities.length; i++) if (coversAction(capabilities[i].capability, action)) return true;
  return false;
}


function mark(letter: string, access: AccessJson & { unconditionalActions?: string[] }): string {
  const text = isOpen(access) ? `${letter}!` : access.access === 'conditional' ? `${letter}?` : letter;
  return access.needs ? `(${text})` : text;
}

/** Wider than a plain or conditional mark says: a service acting for any account, or a capability partly given with no condition. */
function isOpen(access: AccessJson & { unconditionalActions?: string[] }): boolean {
  return access.forAnyAccount === true || access.unconditionalActions !== undefined;
}

/** What the conditional and open cells depend on: `R, W if …` per principal and repository. */
export function conditionLines(report: AccessReportJson): string[] {
  const lines: string[] = [];
  const describe = (where: string, capabilities: readonly CapabilityJson[]) => {
    if (!anyDescribed(capabilities)) return;
    const byText = new Map<string, string[]>();
    for (const c of capabilities) {
      if (!isDescribed(c)) continue;
      const text = capabilityConditionText(c);
      byText.set(text, [...byText.get(text) ?? [], letterOf(c.capability) ?? c.capability]);
    }
    for (const [text, letters] of byText) lines.push(`${where}: ${letters.join(', ')} ${text}`);
  };
  // hundreds of rows and cells, few described: indexed loops, as a for-of allocates per element in code run once
  for (let i = 0; i < report.principals.length; i++) describe(report.principals[i].name, report.principals[i].capabilities);
  // most cells are plain: their name is not written out
  for (let i = 0; i < report.access.length; i++) {
    const pair = report.access[i];
    if (anyDescribed(pair.capabilities)) describe(`${pair.principal} → ${pair.repository}`, pair.capabilities);
  }
  return lines;
}

function anyDescribed(capabilities: readonly CapabilityJson[]): boolean {
  for (let i = 0; i < capabilities.length; i++) if (isDescribed(capabilities[i])) return true;
  return false;
}

function isDescribed(c: CapabilityJson): boolean {
  return c.access === 'conditional' || isOpen(c);
}

/** When a capability holds, and how far it reaches: `for any account …`, `partly unconditional …`, `if …`. */
function capabilityConditionText(c: CapabilityJson): string {
  const parts: string[] = [];
  if (c.forAnyAccount) parts.push(`for any account (no ${SOURCE_KEYS_TEXT} condition names whom the service acts for)`);
  const condition = accessConditionText(c);
  if (c.unconditionalActions) parts.push(`partly unconditional: ${c.unconditionalActions.join(', ')} with no condition, all of it ${condition}`);
  else if (condition) parts.push(condition);
  return parts.join(', ');
}

/** `if …, unless …`: when a conditional access holds. */
export function accessConditionText(access: AccessJson): string {
  const parts: string[] = [];
  if (access.when) parts.push(`if ${dnfText(access.when)}`);
  if (access.unless) parts.push(`unless ${dnfText(access.unless)}`);
  return parts.join(', ');
}

/** Notes of the principals, repositories and app, one line each. */
export function noteLines(report: AccessReportJson): string[] {
  // each note says "not evaluated: …" on its own (JSON, standard error); under the heading it would say it twice
  const lines: string[] = [];
  // hundreds of rows, few with notes: no list per row
  for (let i = 0; i < report.principals.length; i++) namedNotes(lines, report.principals[i].name, report.principals[i].notes);
  for (let i = 0; i < report.repositories.length; i++) namedNotes(lines, report.repositories[i].name, report.repositories[i].notes);
  for (const note of report.notes) lines.push(withoutPrefix(note));
  return lines;
}

function namedNotes(lines: string[], name: string, notes: readonly string[] | undefined): void {
  if (notes) for (const note of notes) lines.push(`${name}: ${withoutPrefix(note)}`);
}

function withoutPrefix(note: string): string {
  return note.replace(/^not evaluated: /, '');
}

interface Matrix {
  readonly header: string[];
  readonly rows: string[][];
  /** One column per repository; otherwise one column lists each principal's non-empty cells. */
  readonly wide: boolean;
}

// past this many repositories a column each is unreadable: each row lists its own cells instead
const MAX_MATRIX_COLUMNS = 8;

function matrix(
  report: AccessReportJson, pairs: ReadonlyMap<string, PairJson[]>,
  principalLabel: (p: PrincipalJson) => string, columnLabel: (name: string, i: number) => string,
): Matrix {
  const wide = report.repositories.length <= MAX_MATRIX_COLUMNS;
  // a principal's cells in column order, without a pass over every repository per principal (a large
  // app has hundreds of each)
  const column = new Map(report.repositories.map((r, i) => [r.name, i]));
  const cells = (p: PrincipalJson) => {
    const list = pairs.get(p.name) ?? [];
    if (!wide && inColumnOrder(list, column)) return [cellsText(list)];
    const byRepository = new Map((pairs.get(p.name) ?? []).map((pair) => [pair.repository, cellText(pair.capabilities, pair.actions)]));
    if (wide) return report.repositories.map((r) => byRepository.get(r.name) ?? '');
    const names = [...byRepository.keys()].filter((name) => column.has(name)).sort((a, b) => column.get(a)! - column.get(b)!);
    return [names.map((name) => `${name} ${byRepository.get(name)}`).join(' · ')];
  };
  return {
    header: ['Principal', 'Login', ...wide ? report.repositories.map((r, i) => columnLabel(r.name, i)) : ['Repositories']],
    rows: report.principals.map((p) => [principalLabel(p), cellText(p.capabilities, p.actions), ...cells(p)]),
    wide,
  };
}

/** `repo-a R W · repo-b R`: a principal's cells, in the order given (one string: no list of them per row). */
function cellsText(pairs: readonly PairJson[]): string {
  let text = '';
  for (let i = 0; i < pairs.length; i++) text += `${i > 0 ? ' · ' : ''}${pairs[i].repository} ${cellText(pairs[i].capabilities, pairs[i].actions)}`;
  return text;
}

/** True when every pair's repository is a column, each after the one before (a report as written). */
function inColumnOrder(pairs: readonly PairJson[], column: ReadonlyMap<string, number>): boolean {
  let last = -1;
  for (let i = 0; i < pairs.length; i++) {
    const at = column.get(pairs[i].repository);
    if (at === undefined || at <= last) return false;
    last = at;
  }
  return true;
}

function principalText(p: PrincipalJson): string {
  const where = p.account !== undefined && p.kind !== 'account' ? ` (${p.account})` : '';
  return `${p.name}${where}`;
}

/** `ecr-access-report.md`. */
export function markdownReport(report: AccessReportJson): string {
  // the matrix and the details under it read each principal's pairs: grouped once
  const pairs = pairsByPrincipal(report);
  const m = matrix(report, pairs, (p) => escapeCell(principalText(p)), escapeCell);
  const out: string[] = [
    '# ECR access report',
    '',
    'Who can log in to Amazon ECR and what each principal can do to each repository, evaluated by cdk-ecr-access at synth from the policies in this app.',
    '',
  ];
  if (report.principals.length === 0) {
    const where = report.notes.length > 0 ? ' in what could be read' : '';
    out.push(`No principal of this app has ECR access${where}, and no repository policy names one.`, '');
  } else {
    out.push(`| ${m.header.join(' | ')} |`, `| ${m.header.map((_, i) => (i === 0 || (!m.wide && i === 2) ? '---' : ':-:')).join(' | ')} |`);
    for (let i = 0; i < m.rows.length; i++) out.push(`| ${m.rows[i].join(' | ')} |`);
    out.push('', `${LEGEND.letters}. ${LEGEND.conditional}. ${LEGEND.open}. ${LEGEND.otherSide}.`, '');
  }
  const conditions = conditionLines(report);
  if (conditions.length > 0) out.push('## Conditions', '', ...conditions.map((l) => `- ${l}`), '');
  out.push(...whyLines(report, pairs), ...nearMissLines(report));
  if (report.repositories.length > 0) {
    out.push('## Repositories', '', '| Repository | ARN | Defined in |', '| --- | --- | --- |');
    for (let i = 0; i < report.repositories.length; i++) {
      const r = report.repositories[i];
      const definedIn = r.path ? `\`${r.path}\``
        : r.creationTemplate ? `the repositories ECR creates from \`${r.creationTemplate}\``
          : r.source === 'pattern' ? 'every repository matching the name' : 'outside this app';
      out.push(`| ${escapeCell(r.name)} | ${escapeCell(r.arn)} | ${definedIn}${r.registryPolicy ? `; registry policy \`${r.registryPolicy}\`` : ''} |`);
    }
    out.push('');
  }
  const storage = signingAndArchiveLines(report);
  if (storage.length > 0) out.push('## Signing and archive storage', '', ...storage, '');
  const notes = noteLines(report);
  if (notes.length > 0) out.push('## Not evaluated', '', ...notes.map((l) => `- ${l}`), '');
  return out.join('\n');
}

/** The matrix for a terminal: columns numbered, repositories listed below. */
export function textReport(report: AccessReportJson): string {
  const notes = noteLines(report);
  const notEvaluated = notes.length > 0 ? ['', 'Not evaluated:', ...notes.map((l) => `  ${l}`)] : [];
  if (report.principals.length === 0) {
    const where = report.notes.length > 0 ? ' in what could be read' : '';
    return [`No principal has ECR access${where}, and no repository policy names one.`, ...notEvaluated].join('\n') + '\n';
  }
  const m = matrix(report, pairsByPrincipal(report), principalText, (_, i) => `[${i + 1}]`);
  const widths = m.header.map((h, i) => m.rows.reduce((w, r) => Math.max(w, r[i].length), h.length));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(m.header), ...m.rows.map(line), ''];
  report.repositories.forEach((r, i) => {
    const definedIn = r.path ? `  (${r.path})` : r.creationTemplate ? `  (created from ${r.creationTemplate})` : r.source === 'app' ? '' : `  (${r.source})`;
    out.push(`${m.wide ? `[${i + 1}] ` : ''}${r.name}  ${r.arn}${definedIn}${r.registryPolicy ? `  registry policy ${r.registryPolicy}` : ''}`);
  });
  out.push('', LEGEND.letters, LEGEND.conditional, LEGEND.open, LEGEND.otherSide);
  const conditions = conditionLines(report);
  if (conditions.length > 0) out.push('', 'Conditions:', ...conditions.map((l) => `  ${l}`));
  out.push(...notEvaluated);
  return out.join('\n') + '\n';
}
