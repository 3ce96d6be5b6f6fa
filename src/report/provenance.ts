import { AllowingStatement, PolicySide } from './evaluator';
import { Draft } from './json-draft';
import { constructLabel } from '../analysis/describe';
import { StatementView } from '../analysis/policy-view';

// Why a cell of the report is what it is: the statements that allow it, each named so that a
// reviewer finds it in the pull request (stack, construct path, policy kind, statement index, Sid).

/** A policy statement that allows a capability, and the side of the request it is on. */
export interface StatementRefJson {
  /** `identity-policy`, `permissions-boundary` or `repository-policy` (a repository's, its creation template's or its registry's). */
  readonly side: PolicySide;
  /** The stack's artifact id. */
  readonly stack: string;
  /** Construct path of the policy (or of the role, user or repository it is written in). */
  readonly path: string;
  /** Which kind of policy: `inline policy`, `managed policy`, `repository policy`, `registry policy` … */
  readonly policy: string;
  /** The statement's index in the policy document. */
  readonly statement: number;
  readonly sid?: string;
  /** For an AWS managed policy attached to the role or user at `path`: its name (`AmazonEC2ContainerRegistryPowerUser`). */
  readonly managedPolicy?: string;
}

// one object per statement and side: most cells share them, and the report asks for every action of every cell
const refs: Record<PolicySide, WeakMap<StatementView, StatementRefJson>> = {
  'identity-policy': new WeakMap(),
  'permissions-boundary': new WeakMap(),
  'repository-policy': new WeakMap(),
};

/** The statement as the report names it. */
export function statementRef(allowing: AllowingStatement): StatementRefJson {
  const { statement, side } = allowing;
  let ref = refs[side].get(statement);
  if (!ref) {
    const sid = (statement.policy.document as { Statement?: unknown })?.Statement;
    const written = Array.isArray(sid) ? sid[statement.index]?.Sid : (sid as { Sid?: unknown } | undefined)?.Sid;
    const draft: Draft<StatementRefJson> = {
      side,
      stack: statement.policy.resource.stack.id,
      path: constructLabel(statement.policy.resource),
      policy: statement.policy.kind,
      statement: statement.index,
    };
    if (typeof written === 'string') draft.sid = written;
    if (statement.policy.name !== undefined) draft.managedPolicy = statement.policy.name;
    ref = draft;
    refs[side].set(statement, ref);
  }
  return ref;
}

/** Every statement behind any of the parts (each an action's), once each, in a stable order (identity side first). */
export function statementRefs(parts: ReadonlyArray<{ readonly by: readonly AllowingStatement[] }>): StatementRefJson[] {
  // the report asks this for every capability of every cell: most name one statement, the same for all their actions
  const first = parts[0]?.by[0];
  if (first && namesOnly(parts, first)) return [statementRef(first)];
  const seen = new Set<StatementRefJson>();
  for (const part of parts) for (const a of part.by) seen.add(statementRef(a));
  const named = [...seen];
  return named.length > 1 ? named.sort(compareRefs) : named;
}

/** True when every part is allowed by that one statement alone (an indexed loop: this runs cold, where for-of allocates). */
function namesOnly(parts: ReadonlyArray<{ readonly by: readonly AllowingStatement[] }>, only: AllowingStatement): boolean {
  for (let i = 0; i < parts.length; i++) {
    const by = parts[i].by;
    if (by.length !== 1 || by[0].statement !== only.statement || by[0].side !== only.side) return false;
  }
  return true;
}

const SIDE_ORDER: Record<PolicySide, number> = { 'identity-policy': 0, 'permissions-boundary': 1, 'repository-policy': 2 };

/** Side, then stack, path, policy and index: a code-unit order, the same on every machine (and quicker than a locale's). */
function compareRefs(a: StatementRefJson, b: StatementRefJson): number {
  return SIDE_ORDER[a.side] - SIDE_ORDER[b.side] || order(a.stack, b.stack) || order(a.path, b.path) || order(a.policy, b.policy)
    || a.statement - b.statement;
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `statement 1 (Sid "Push") of the inline policy Registry/Ci/DefaultPolicy`: one line of a Markdown detail. */
export function statementRefText(ref: StatementRefJson): string {
  const policy = ref.managedPolicy !== undefined ? `${ref.policy} ${ref.managedPolicy} attached to` : ref.policy;
  return `statement ${ref.statement}${ref.sid !== undefined ? ` (Sid "${ref.sid}")` : ''} of the ${policy} \`${ref.path}\` (stack ${ref.stack})`;
}

/** The same, with the side it is on: `… (stack Ci) (identity policy)`. */
export function statementRefLine(ref: StatementRefJson): string {
  return `${statementRefText(ref)} (${ref.side.replace('-', ' ')})`;
}
