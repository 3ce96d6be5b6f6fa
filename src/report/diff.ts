import { AccessReportJson, CapabilityJson, OneSidedJson, PairJson, PrincipalJson } from './report-data';

// What a change does to ECR access: two access reports (before and after a pull request) compared
// cell by cell. A cell is a principal on a repository, or a principal on its own (login and the
// other account-level actions). `cdk diff` lists changed statements; this lists changed access.

/** Identifies the format of the diff's JSON. */
export const DIFF_FORMAT = 'cdk-ecr-access/access-diff@1';

/** How a capability of a cell changed. */
export type ChangeKind = 'gained' | 'lost' | 'changed';

export interface CapabilityChangeJson {
  readonly principal: string;
  /** The repository, or absent for what the principal does on the registry (login). */
  readonly repository?: string;
  readonly capability: string;
  readonly change: ChangeKind;
  /** As the base had it (absent when gained). */
  readonly base?: CapabilityJson;
  /** As the head has it (absent when lost). */
  readonly head?: CapabilityJson;
}

/** ECR actions of a cell allowed in one report only, capability sets or not. */
export interface ActionChangeJson {
  readonly principal: string;
  readonly repository?: string;
  readonly gained: string[];
  readonly lost: string[];
}

export interface AddedRemovedJson {
  readonly added: string[];
  readonly removed: string[];
}

export interface AccessDiffJson {
  readonly format: string;
  /** Capabilities gained, lost and changed (condition, other side needed, open to any account). */
  readonly capabilities: CapabilityChangeJson[];
  readonly actions: ActionChangeJson[];
  /** Rows of the report that appear or disappear. */
  readonly principals: AddedRemovedJson;
  /** Columns of the report that appear or disappear. */
  readonly repositories: AddedRemovedJson;
  /** Near misses across accounts (one side allows, the other in the app does not) that appear or disappear. */
  readonly oneSided: { readonly added: OneSidedJson[]; readonly removed: OneSidedJson[] };
  /** What either report could not read: the diff does not cover it. */
  readonly notes: string[];
}

interface Cell {
  readonly principal: string;
  readonly repository?: string;
  readonly capabilities: readonly CapabilityJson[];
  readonly actions: ReadonlySet<string>;
}

/** Compares two reports: what the head grants that the base does not, and the reverse. */
export function diffReports(base: AccessReportJson, head: AccessReportJson): AccessDiffJson {
  const before = cellsOf(base);
  const after = cellsOf(head);
  const capabilities: CapabilityChangeJson[] = [];
  const actions: ActionChangeJson[] = [];
  for (const key of reportOrder(base, head, [...new Set([...after.keys(), ...before.keys()])])) {
    const b = before.get(key);
    const h = after.get(key);
    const cell = (h ?? b)!;
    const where = { principal: cell.principal, ...cell.repository !== undefined ? { repository: cell.repository } : {} };
    const baseCaps = new Map((b?.capabilities ?? []).map((c) => [c.capability, c]));
    const headCaps = new Map((h?.capabilities ?? []).map((c) => [c.capability, c]));
    for (const [capability, hc] of headCaps) {
      const bc = baseCaps.get(capability);
      if (!bc) capabilities.push({ ...where, capability, change: 'gained', head: hc });
      else if (accessKey(bc) !== accessKey(hc)) capabilities.push({ ...where, capability, change: 'changed', base: bc, head: hc });
    }
    for (const [capability, bc] of baseCaps) if (!headCaps.has(capability)) capabilities.push({ ...where, capability, change: 'lost', base: bc });
    const gained = [...h?.actions ?? []].filter((a) => !b?.actions.has(a)).sort();
    const lost = [...b?.actions ?? []].filter((a) => !h?.actions.has(a)).sort();
    if (gained.length > 0 || lost.length > 0) actions.push({ ...where, gained, lost });
  }
  const nearKey = (n: OneSidedJson) => `${n.principal}\u0000${n.repository}\u0000${n.capability}\u0000${n.allowedBy}`;
  return {
    format: DIFF_FORMAT,
    capabilities,
    actions,
    principals: addedRemoved(base.principals.map((p) => p.name), head.principals.map((p) => p.name)),
    repositories: addedRemoved(base.repositories.map((r) => r.name), head.repositories.map((r) => r.name)),
    oneSided: {
      added: onlyIn(head.oneSided ?? [], base.oneSided ?? [], nearKey),
      removed: onlyIn(base.oneSided ?? [], head.oneSided ?? [], nearKey),
    },
    notes: [...base.notes.map((n) => `base: ${n}`), ...head.notes.map((n) => `head: ${n}`)],
  };
}

/** True when nothing about access changed (the statements behind it may have). */
export function isEmptyDiff(diff: AccessDiffJson): boolean {
  return diff.capabilities.length === 0 && diff.actions.length === 0 && diff.principals.added.length === 0 && diff.principals.removed.length === 0
    && diff.repositories.added.length === 0 && diff.repositories.removed.length === 0
    && diff.oneSided.added.length === 0 && diff.oneSided.removed.length === 0;
}

/**
 * The changes that let something in for the given capabilities: a capability gained, or one whose
 * access changed (a changed condition may admit requests the old one did not: a reviewer decides).
 */
export function grantsOf(diff: AccessDiffJson, capabilities: readonly string[]): CapabilityChangeJson[] {
  const wanted = new Set(capabilities);
  return diff.capabilities.filter((c) => c.change !== 'lost' && wanted.has(c.capability));
}

/** Cells in the order of the reports: principals as the head lists them (then those only the base has), login first, then repositories. */
function reportOrder(base: AccessReportJson, head: AccessReportJson, keys: readonly string[]): string[] {
  const rank = (names: string[]) => new Map([...new Set(names)].map((n, i) => [n, i]));
  const rows = rank([...head.principals.map((p) => p.name), ...base.principals.map((p) => p.name)]);
  const columns = rank(['', ...head.repositories.map((r) => r.name), ...base.repositories.map((r) => r.name)]);
  const parts = new Map(keys.map((k) => [k, k.split('\u0000')]));
  return [...keys].sort((a, b) => {
    const [pa, ra] = parts.get(a)!;
    const [pb, rb] = parts.get(b)!;
    return rows.get(pa)! - rows.get(pb)! || columns.get(ra)! - columns.get(rb)!;
  });
}

function cellsOf(report: AccessReportJson): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  const add = (principal: string, repository: string | undefined, capabilities: readonly CapabilityJson[], groups: PrincipalJson['actions']) => {
    cells.set(`${principal}\u0000${repository ?? ''}`, { principal, repository, capabilities, actions: new Set(groups.flatMap((g) => g.actions)) });
  };
  for (const p of report.principals) add(p.name, undefined, p.capabilities, p.actions);
  for (const pair of report.access as PairJson[]) add(pair.principal, pair.repository, pair.capabilities, pair.actions);
  return cells;
}

/** How a capability is allowed, without the statements behind it: a change of statements alone is no change of access. */
function accessKey(c: CapabilityJson): string {
  return canonical(Object.fromEntries(Object.entries(c).filter(([key]) => key !== 'grantedBy')));
}

/** JSON with keys sorted: a report written by another version may order them differently. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function addedRemoved(base: readonly string[], head: readonly string[]): AddedRemovedJson {
  const b = new Set(base);
  const h = new Set(head);
  return { added: head.filter((n) => !b.has(n)), removed: base.filter((n) => !h.has(n)) };
}

function onlyIn<T>(list: readonly T[], other: readonly T[], key: (t: T) => string): T[] {
  const keys = new Set(other.map(key));
  return list.filter((t) => !keys.has(key(t)));
}
