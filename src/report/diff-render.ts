import { coveredActionsOf } from './capability';
import { AccessDiffJson, CapabilityChangeJson, isEmptyDiff } from './diff';
import { escapeCell } from './markdown-cell';
import { statementRefLine } from './provenance';
import { accessConditionText } from './render';
import { CapabilityJson } from './report-data';

// The diff for a pull-request comment: a summary line, a table with a row per cell that changed,
// and, folded, the rest of a long table, the statements behind each change, and near misses.

// past this many rows a comment is a wall: the rest goes under a fold
const MAX_ROWS_SHOWN = 20;

/** `push`, `pull if aws:PrincipalOrgID is o-…`, `login (needs the identity-policy)`. */
export function capabilityText(c: CapabilityJson): string {
  const parts = [c.capability];
  const condition = accessConditionText(c);
  if (condition) parts.push(condition);
  if (c.forAnyAccount) parts.push('for any account');
  if (c.unconditionalActions) parts.push(`(${c.unconditionalActions.join(', ')} with no condition)`);
  if (c.needs) parts.push(`(needs the ${c.needs.replace('-', ' ')})`);
  return parts.join(' ');
}

/** `This change grants 2 capabilities (push, admin), removes 1 and changes 1.` */
export function summaryLine(diff: AccessDiffJson): string {
  if (isEmptyDiff(diff)) return 'No change in ECR access.';
  const count = (kind: string) => diff.capabilities.filter((c) => c.change === kind);
  const gained = count('gained');
  const kinds = [...new Set(gained.map((c) => c.capability))];
  const lost = count('lost').length;
  const changed = count('changed').length;
  const parts = [
    ...gained.length > 0 ? [`grants ${plural(gained.length, 'capability', 'capabilities')} (${kinds.join(', ')})`] : [],
    ...lost > 0 ? [`removes ${plural(lost, 'capability', 'capabilities')}`] : [],
    ...changed > 0 ? [`changes how ${plural(changed, 'capability is', 'capabilities are')} allowed`] : [],
  ];
  if (parts.length === 0) parts.push('changes no capability');
  const rows = [
    ...listCount(diff.principals.added, 'principal', 'principals', 'added'),
    ...listCount(diff.principals.removed, 'principal', 'principals', 'removed'),
    ...listCount(diff.repositories.added, 'repository', 'repositories', 'added'),
    ...listCount(diff.repositories.removed, 'repository', 'repositories', 'removed'),
  ];
  return `This change ${parts.join(', ')} in ECR access${rows.length > 0 ? `; ${rows.join(', ')}` : ''}.`;
}

function listCount(names: readonly string[], one: string, many: string, verb: string): string[] {
  return names.length > 0 ? [`${plural(names.length, one, many)} ${verb}`] : [];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

interface Row {
  readonly principal: string;
  readonly repository?: string;
  readonly changes: CapabilityChangeJson[];
  readonly actions?: { gained: string[]; lost: string[] };
}

/** One row per cell that changed, in the order of the diff. */
function rowsOf(diff: AccessDiffJson): Row[] {
  const rows = new Map<string, Row>();
  const row = (principal: string, repository: string | undefined) => {
    const key = `${principal}\u0000${repository ?? ''}`;
    let r = rows.get(key);
    if (!r) rows.set(key, r = { principal, repository, changes: [] });
    return r;
  };
  for (const c of diff.capabilities) row(c.principal, c.repository).changes.push(c);
  for (const a of diff.actions) Object.assign(row(a.principal, a.repository), { actions: { gained: a.gained, lost: a.lost } });
  return [...rows.values()];
}


function cells(row: Row): string[] {
  const of = (kind: string) => row.changes.filter((c) => c.change === kind);
  const gained = of('gained').map((c) => `**${escapeCell(capabilityText(c.head!))}**`);
  const lost = of('lost').map((c) => escapeCell(capabilityText(c.base!)));
  const changed = of('changed').map((c) => `${escapeCell(capabilityText(c.base!))} → ${escapeCell(capabilityText(c.head!))}`);
  // the actions of a capability gained or lost are said by its name: the column lists the others
  const named = new Set(row.changes.filter((c) => c.change !== 'changed').flatMap((c) => coveredActionsOf(c.capability)));
  const others = (list: readonly string[]) => list.filter((a) => !named.has(a));
  const gainedActions = others(row.actions?.gained ?? []);
  const lostActions = others(row.actions?.lost ?? []);
  const actions = [
    ...gainedActions.length > 0 ? [`+ ${gainedActions.join(', ')}`] : [],
    ...lostActions.length > 0 ? [`− ${lostActions.join(', ')}`] : [],
  ];
  return [escapeCell(row.principal), row.repository !== undefined ? escapeCell(row.repository) : '(registry: login)',
    gained.join('<br>'), lost.join('<br>'), changed.join('<br>'), actions.join('<br>')];
}

const HEADER = ['| Principal | Repository | Gained | Lost | Changed | Other ECR actions |', '| --- | --- | --- | --- | --- | --- |'];

function folded(summary: string, lines: readonly string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...lines, '', '</details>', ''];
}

/** The diff as Markdown, ready to post as a pull-request comment. */
export function markdownDiff(diff: AccessDiffJson): string {
  const out = ['### ECR access changes', '', summaryLine(diff), ''];
  const rows = rowsOf(diff).map((r) => `| ${cells(r).join(' | ')} |`);
  if (rows.length > 0) {
    out.push(...HEADER, ...rows.slice(0, MAX_ROWS_SHOWN), '');
    if (rows.length > MAX_ROWS_SHOWN) out.push(...folded(`${rows.length - MAX_ROWS_SHOWN} more cells`, [...HEADER, ...rows.slice(MAX_ROWS_SHOWN)]));
  }
  const lists: Array<[string, readonly string[]]> = [
    ['Principals added', diff.principals.added],
    ['Principals removed', diff.principals.removed],
    ['Repositories added', diff.repositories.added],
    ['Repositories removed', diff.repositories.removed],
  ];
  for (const [title, names] of lists) {
    if (names.length > 0) out.push(...folded(`${title} (${names.length})`, names.map((n) => `- ${escapeCell(n)}`)));
  }
  const why = diff.capabilities.map((c) => {
    const entry = c.change === 'lost' ? c.base : c.head;
    const refs = entry?.grantedBy ?? [];
    const where = `${c.principal}${c.repository !== undefined ? ` → ${c.repository}` : ''}`;
    const side = c.change === 'lost' ? 'was allowed by' : 'allowed by';
    return [`- ${escapeCell(where)}: ${c.capability} ${c.change}, ${side}:`, ...refs.map((r) => `  - ${statementRefLine(r)}`)]
      .concat(entry?.needs ? [`  - and the ${entry.needs.replace('-', ' ')} outside this app`] : [])
      .concat(refs.length === 0 && !entry?.needs ? ['  - (not named: the report was written before it named statements)'] : []).join('\n');
  });
  if (why.length > 0) out.push(...folded('Why: the statements behind each change', why));
  const near = diff.oneSided.added.map((n) =>
    `- ${escapeCell(n.principal)} → ${escapeCell(n.repository)}: ${n.capability} is allowed by the ${n.allowedBy.replace('-', ' ')}, but the ${n.missing.replace('-', ' ')} does not allow it`);
  if (near.length > 0) out.push(...folded(`Denied, one side missing (${near.length})`, near));
  if (diff.notes.length > 0) out.push(...folded(`Not evaluated (${diff.notes.length})`, diff.notes.map((n) => `- ${escapeCell(n)}`)));
  return out.join('\n');
}
