import { ALWAYS, and, anyOf, Dnf, isAlways, NEVER } from './conditions';
import type { AllowingStatement, PolicySide } from './evaluator';
import { StatementView } from '../analysis/policy-view';

// A policy statement as it applies to one requester, and what a cell of the report asks of a list of
// them for each action: which actions to try, whether a statement allows or denies it and under
// what condition, and which statements to name as its provenance.

/** A statement as it applies to one requester: its ECR actions, and the condition left undecided. */
export interface Applicable {
  readonly statement: StatementView;
  readonly actions: ReadonlySet<string>;
  readonly when: Dnf;
  /**
   * The statement as the provenance names it, per side, in a list of one: made on first use, then
   * shared by every action (and cell) that asks, and by every action it alone allows.
   */
  readonly named: Partial<Record<PolicySide, readonly AllowingStatement[]>>;
}

/** No statement: shared by every empty list of statements. */
export const NO_APPLICABLE: readonly Applicable[] = [];

// the sorted actions of one statement's action set within a scope: statements share their sets, and
// most cells ask for those of one statement (or of several with the same list)
const sortedInScope = new WeakMap<ReadonlySet<string>, Map<ReadonlySet<string>, readonly string[]>>();

// the per-cell helpers below run for every cell, mostly in code not yet optimized: indexed loops, as
// a for-of allocates an iterator and its results there

/** The actions of the Allow statements of either list within the scope, sorted. */
export function candidateActions(
  first: readonly Applicable[], second: readonly Applicable[] | undefined, scope: ReadonlySet<string>,
): readonly string[] {
  // the one list of actions of every Allow statement of both lists, when they share it (nearly always)
  const only = sharedInScope(second ?? NO_APPLICABLE, scope, sharedInScope(first, scope, undefined));
  if (only === undefined) return NO_ACTIONS;
  if (only !== SEVERAL) return only;
  const out = new Set<string>();
  for (const list of second ? [first, second] : [first]) {
    for (const a of list) if (a.statement.effect === 'Allow') inScope(a.actions, scope).forEach((action) => out.add(action));
  }
  return [...out].sort();
}

const NO_ACTIONS: readonly string[] = [];
const SEVERAL: readonly string[] = [];

/** The in-scope actions the Allow statements of the list share with `only`: undefined when none has any, SEVERAL when they differ. */
function sharedInScope(list: readonly Applicable[], scope: ReadonlySet<string>, only: readonly string[] | undefined): readonly string[] | undefined {
  for (let i = 0; i < list.length && only !== SEVERAL; i++) {
    if (list[i].statement.effect !== 'Allow') continue;
    // a login statement on `*` applies to every cell of its principal, and has no repository action
    const actions = inScope(list[i].actions, scope);
    if (actions.length === 0 || actions === only) continue;
    only = only === undefined ? actions : SEVERAL;
  }
  return only;
}

export function inScope(actions: ReadonlySet<string>, scope: ReadonlySet<string>): readonly string[] {
  let byScope = sortedInScope.get(actions);
  if (!byScope) sortedInScope.set(actions, byScope = new Map());
  let sorted = byScope.get(scope);
  if (!sorted) {
    sorted = [...actions].filter((a) => scope.has(a)).sort();
    byScope.set(scope, sorted);
  }
  return sorted;
}

export function hasDeny(applicable: readonly Applicable[]): boolean {
  for (let i = 0; i < applicable.length; i++) if (applicable[i].statement.effect === 'Deny') return true;
  return false;
}

export function allowed(applicable: readonly Applicable[], action: string): Dnf {
  return matching(applicable, 'Allow', action);
}

export function denied(applicable: readonly Applicable[], action: string): Dnf {
  return matching(applicable, 'Deny', action);
}

/** The identity side: its policies allow it, and the permissions boundary, if any, too. */
export function identitySide(identity: readonly Applicable[], boundary: readonly Applicable[] | undefined, action: string): Dnf {
  return boundary ? and(allowed(identity, action), allowed(boundary, action)) : allowed(identity, action);
}

/** Either of the statements of that effect for the action applies (most apply unconditionally: the common case is quick). */
export function matching(applicable: readonly Applicable[], effect: string, action: string): Dnf {
  let conditions: Dnf[] | undefined;
  for (let i = 0; i < applicable.length; i++) {
    const a = applicable[i];
    if (a.statement.effect !== effect || !a.actions.has(action)) continue;
    if (isAlways(a.when)) return ALWAYS;
    (conditions ??= []).push(a.when);
  }
  return conditions ? anyOf(conditions) : NEVER;
}

const NO_STATEMENTS: readonly AllowingStatement[] = [];

/**
 * The statements that allow the action (the report's provenance): the identity side's (its
 * policies', then its boundary's), then the resource side's. Nearly every action of a cell is
 * allowed by one statement: its list of one is shared, not made per action (thousands of them).
 */
export function allowingStatements(
  identity: readonly Applicable[], boundary: readonly Applicable[] | undefined, resource: readonly Applicable[], action: string,
): readonly AllowingStatement[] {
  const count = countAllowing(identity, action) + (boundary ? countAllowing(boundary, action) : 0) + countAllowing(resource, action);
  if (count === 0) return NO_STATEMENTS;
  if (count > 1) return allowing(identityAllowing([], identity, boundary, action), resource, action, 'repository-policy');
  return soleAllowing(identity, action, 'identity-policy')
    ?? (boundary && soleAllowing(boundary, action, 'permissions-boundary'))
    ?? soleAllowing(resource, action, 'repository-policy')!;
}

function countAllowing(applicable: readonly Applicable[], action: string): number {
  let count = 0;
  for (let i = 0; i < applicable.length; i++) if (applicable[i].statement.effect === 'Allow' && applicable[i].actions.has(action)) count++;
  return count;
}

/** The named list of the list's one statement that allows the action, if it has one. */
function soleAllowing(applicable: readonly Applicable[], action: string, side: PolicySide): readonly AllowingStatement[] | undefined {
  for (let i = 0; i < applicable.length; i++) {
    const a = applicable[i];
    if (a.statement.effect === 'Allow' && a.actions.has(action)) return namedList(a, side);
  }
  return undefined;
}

function namedList(a: Applicable, side: PolicySide): readonly AllowingStatement[] {
  return a.named[side] ??= [{ statement: a.statement, side }];
}

/** `out`, with the Allow statements of the list that name the action. */
function allowing(out: AllowingStatement[], applicable: readonly Applicable[], action: string, side: PolicySide): AllowingStatement[] {
  for (let i = 0; i < applicable.length; i++) {
    const a = applicable[i];
    if (a.statement.effect === 'Allow' && a.actions.has(action)) out.push(namedList(a, side)[0]);
  }
  return out;
}

/** `out`, with the identity side's statements that allow the action: its policies', then its boundary's. */
function identityAllowing(
  out: AllowingStatement[], identity: readonly Applicable[], boundary: readonly Applicable[] | undefined, action: string,
): AllowingStatement[] {
  allowing(out, identity, action, 'identity-policy');
  return boundary ? allowing(out, boundary, action, 'permissions-boundary') : out;
}
