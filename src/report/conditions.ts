import { patternMatches, textMatches, UnknownParts } from '../analysis/arn-pattern';
import { displayValue, isKnown } from '../analysis/cfn-values';

// Conditions the report cannot decide at synth (aws:SourceArn, aws:PrincipalOrgID of an app role …)
// stay in the result as "allowed when …". A result is a disjunction of clauses (any one suffices),
// each a conjunction of condition terms: [] is "never", [[]] is "always".

/** One key under one operator, as the policy writes it: `StringEquals: { "aws:PrincipalOrgID": ["o-…"] }`. */
export interface ConditionTerm {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** All of these must hold. */
export type Clause = readonly ConditionTerm[];

/** Any one clause suffices. */
export type Dnf = readonly Clause[];

export const ALWAYS: Dnf = [[]];
export const NEVER: Dnf = [];

// a statement with many conditions across many statements could multiply out; past this the report
// keeps the first clauses (the result is still "conditional", never "allowed")
const MAX_CLAUSES = 16;

// these run for every action of every cell, mostly in code not yet optimized: indexed loops, as
// a for-of or a callback allocates an iterator (or a closure) there

export function isAlways(dnf: Dnf): boolean {
  for (let i = 0; i < dnf.length; i++) if (dnf[i].length === 0) return true;
  return false;
}

export function isNever(dnf: Dnf): boolean {
  return dnf.length === 0;
}

/** Any of them holds (two or three: a list is not made per call, as this runs for every action of every cell). */
export function or(a: Dnf, b: Dnf, c: Dnf = NEVER): Dnf {
  if (isAlways(a) || isAlways(b) || isAlways(c)) return ALWAYS;
  const count = (isNever(a) ? 0 : 1) + (isNever(b) ? 0 : 1) + (isNever(c) ? 0 : 1);
  if (count === 0) return NEVER;
  if (count === 1) return !isNever(a) ? a : !isNever(b) ? b : c;
  return dedupe([...a, ...b, ...c]);
}

/** Any one of the list holds. */
export function anyOf(dnfs: readonly Dnf[]): Dnf {
  let some: Dnf | undefined;
  let several = false;
  for (let i = 0; i < dnfs.length; i++) {
    const dnf = dnfs[i];
    if (isNever(dnf)) continue;
    if (isAlways(dnf)) return ALWAYS;
    several ||= some !== undefined;
    some = dnf;
  }
  if (some === undefined) return NEVER;
  return several ? dedupe(dnfs.flat()) : some;
}

/** All of them hold (two or three: a list is not made per call). */
export function and(a: Dnf, b: Dnf, c: Dnf = ALWAYS): Dnf {
  return both(both(a, b), c);
}

/** All of the list hold. */
export function allOf(dnfs: readonly Dnf[]): Dnf {
  let out: Dnf = ALWAYS;
  for (let i = 0; i < dnfs.length; i++) out = both(out, dnfs[i]);
  return out;
}

function both(a: Dnf, b: Dnf): Dnf {
  if (isNever(a) || isNever(b)) return NEVER;
  if (isAlways(a)) return isAlways(b) ? ALWAYS : b;
  if (isAlways(b)) return a;
  return dedupe(a.flatMap((x) => b.map((y) => mergeClauses(x, y))));
}

function mergeClauses(a: Clause, b: Clause): Clause {
  const seen = new Set(a.map(termKey));
  return [...a, ...b.filter((t) => !seen.has(termKey(t)))];
}

/** Sorted, without repeats, and without a clause that another clause makes redundant ((a or (a and b)) is a). */
function dedupe(clauses: readonly Clause[]): Dnf {
  const byKey = new Map<string, Clause>();
  for (const clause of clauses) {
    const sorted = [...clause].sort((x, y) => termKey(x).localeCompare(termKey(y)));
    byKey.set(sorted.map(termKey).join('\u0000'), sorted);
  }
  const unique = [...byKey.values()];
  const keys = unique.map((c) => new Set(c.map(termKey)));
  const kept = unique.filter((_, i) => !keys.some((other, j) => j !== i && other.size < keys[i].size && [...other].every((k) => keys[i].has(k))));
  return kept.sort((x, y) => clauseKey(x).localeCompare(clauseKey(y))).slice(0, MAX_CLAUSES);
}

function termKey(term: ConditionTerm): string {
  return `${term.operator}\u0001${term.key.toLowerCase()}\u0001${term.values.join('\u0002')}`;
}

function clauseKey(clause: Clause): string {
  return clause.map(termKey).join('\u0000');
}

/**
 * What the report knows about the requester for a condition key (lower case): a value, `null` when
 * the key is certainly absent from the request, `undefined` when unknown at synth.
 */
export type KnownContext = (lowerCaseKey: string) => string | null | undefined;

/**
 * A statement's `Condition` block for a requester: `NEVER` when a known key fails it, else one
 * clause of the terms that remain undecided (none: `ALWAYS`).
 */
export function statementCondition(condition: Record<string, Record<string, unknown>> | undefined, context: KnownContext): Dnf {
  if (!condition) return ALWAYS;
  const undecided: ConditionTerm[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    for (const [key, raw] of Object.entries(block && typeof block === 'object' ? block : {})) {
      const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      const term: ConditionTerm = { operator, key, values };
      const decided = decide(term, context);
      if (decided === false) return NEVER;
      if (decided === undefined) undecided.push(term);
    }
  }
  return undecided.length === 0 ? ALWAYS : dedupe([undecided]);
}

const POSITIVE = new Map<string, (pattern: string, value: string) => boolean>([
  ['StringEquals', (p, v) => p === v],
  ['StringEqualsIgnoreCase', (p, v) => p.toLowerCase() === v.toLowerCase()],
  ['StringLike', (p, v) => textMatches(p, v)],
  ['ArnEquals', (p, v) => p === v],
  ['ArnLike', (p, v) => patternMatches(p, v, UnknownParts.STRICT)],
  ['Bool', (p, v) => p.toLowerCase() === v.toLowerCase()],
]);
const NEGATIVE = new Map<string, string>([
  ['StringNotEquals', 'StringEquals'],
  ['StringNotEqualsIgnoreCase', 'StringEqualsIgnoreCase'],
  ['StringNotLike', 'StringLike'],
  ['ArnNotEquals', 'ArnEquals'],
  ['ArnNotLike', 'ArnLike'],
]);

/** True or false when the requester's known context decides the term; undefined otherwise. */
function decide(term: ConditionTerm, context: KnownContext): boolean | undefined {
  if (term.operator.includes(':')) return undefined; // ForAnyValue:/ForAllValues: are about multivalued keys
  const ifExists = term.operator.endsWith('IfExists');
  const operator = ifExists ? term.operator.slice(0, -'IfExists'.length) : term.operator;
  const value = context(term.key.toLowerCase());
  if (value === undefined) return undefined;
  if (term.values.some((v) => !isKnown(v) || v.includes('${'))) return undefined; // deploy-time values, policy variables
  if (operator === 'Null') {
    const wantsAbsent = term.values.map((v) => v.toLowerCase() === 'true');
    return wantsAbsent.some((absent) => absent === (value === null));
  }
  const negative = NEGATIVE.has(operator);
  const matches = POSITIVE.get(NEGATIVE.get(operator) ?? operator);
  if (!matches) return undefined;
  // a key absent from the request fails a positive operator (unless …IfExists) and passes a negative one
  if (value === null) return negative || ifExists;
  if (!isKnown(value)) return undefined;
  const any = term.values.some((v) => matches(v, value));
  return negative ? !any : any;
}

/** `aws:SourceAccount is 111111111111 or 222222222222`, as a reviewer reads it. */
export function termText(term: ConditionTerm): string {
  if (term.operator === SESSION_OPERATOR) return `the request comes from the role session '${displayValue(term.values[0])}'`;
  if (term.operator.replace(/IfExists$/, '') === 'Null') {
    return `${term.key} is ${term.values.every((v) => v.toLowerCase() === 'true') ? 'absent' : 'present'}`;
  }
  const values = term.values.map(displayValue);
  const list = values.length === 1 ? values[0] : `any of [${values.join(', ')}]`;
  const ifExists = term.operator.endsWith('IfExists') ? ' (if present)' : '';
  const base = term.operator.replace(/IfExists$/, '');
  const verb = OPERATOR_WORDS[base];
  return verb ? `${term.key} ${verb} ${list}${ifExists}` : `${term.operator} ${term.key} ${list}`;
}

const OPERATOR_WORDS: Record<string, string> = {
  StringEquals: 'is',
  StringEqualsIgnoreCase: 'is (any case)',
  StringNotEquals: 'is not',
  StringNotEqualsIgnoreCase: 'is not (any case)',
  StringLike: 'matches',
  StringNotLike: 'does not match',
  ArnEquals: 'is',
  ArnLike: 'matches',
  ArnNotEquals: 'is not',
  ArnNotLike: 'does not match',
  Bool: 'is',
};

/**
 * The pseudo-operator of a term that holds for one session of a role only: a repository policy that
 * names `arn:aws:sts::…:assumed-role/<role>/<session>` grants that session, not the role's others.
 */
export const SESSION_OPERATOR = 'RoleSession';

export function sessionTerm(sessionName: string): ConditionTerm {
  return { operator: SESSION_OPERATOR, key: 'aws:userid', values: [sessionName] };
}

/** `a and b, or c`. */
export function dnfText(dnf: Dnf): string {
  return dnf.map((clause) => clause.map(termText).join(' and ')).join('; or ');
}
