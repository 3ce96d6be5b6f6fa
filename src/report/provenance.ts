import { AllowingStatement, PolicySide } from './evaluator';
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
}

const refs = new WeakMap<StatementView, Map<PolicySide, StatementRefJson>>();

/** The statement as the report names it (one object per statement and side: most cells share them). */
export function statementRef(allowing: AllowingStatement): StatementRefJson {
  const { statement, side } = allowing;
  let bySide = refs.get(statement);
  if (!bySide) refs.set(statement, bySide = new Map());
  let ref = bySide.get(side);
  if (!ref) {
    const sid = (statement.policy.document as { Statement?: unknown })?.Statement;
    const written = Array.isArray(sid) ? sid[statement.index]?.Sid : (sid as { Sid?: unknown } | undefined)?.Sid;
    ref = {
      side,
      stack: statement.policy.resource.stack.id,
      path: constructLabel(statement.policy.resource),
      policy: statement.policy.kind,
      statement: statement.index,
      ...typeof written === 'string' ? { sid: written } : {},
    };
    bySide.set(side, ref);
  }
  return ref;
}

/** Every statement behind any of the lists, once each, in a stable order (identity side first). */
export function statementRefs(lists: ReadonlyArray<readonly AllowingStatement[]>): StatementRefJson[] {
  const seen = new Set<StatementRefJson>();
  for (const list of lists) for (const a of list) seen.add(statementRef(a));
  return [...seen].sort(compareRefs);
}

const SIDE_ORDER: readonly PolicySide[] = ['identity-policy', 'permissions-boundary', 'repository-policy'];

function compareRefs(a: StatementRefJson, b: StatementRefJson): number {
  return SIDE_ORDER.indexOf(a.side) - SIDE_ORDER.indexOf(b.side) || a.stack.localeCompare(b.stack) || a.path.localeCompare(b.path)
    || a.policy.localeCompare(b.policy) || a.statement - b.statement;
}

/** `statement 1 (Sid "Push") of the inline policy Registry/Ci/DefaultPolicy`: one line of a Markdown detail. */
export function statementRefText(ref: StatementRefJson): string {
  return `statement ${ref.statement}${ref.sid !== undefined ? ` (Sid "${ref.sid}")` : ''} of the ${ref.policy} \`${ref.path}\` (stack ${ref.stack})`;
}
