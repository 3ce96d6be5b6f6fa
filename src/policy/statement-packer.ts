import * as iam from 'aws-cdk-lib/aws-iam';
import { PolicySizer } from './policy-size';

// Packs identity statements so that a principal granted on thousands of repositories keeps one
// short policy: every resource is written once, in one statement per distinct set of actions, with
// resources sorted. A statement allows each of its actions on each of its resources, so grouping the
// (action, resource) pairs this way allows exactly what the separate statements allowed.

/** Actions and the resources they are allowed on, as one statement. */
export interface PackedGroup {
  readonly actions: string[];
  readonly resources: string[];
}

/** Collects plain `Allow` statements (actions on resources, nothing else) and packs them. */
export class StatementPacker {
  /** Whether a statement can be packed: Allow, actions on resources, no condition, principal, Sid or Not*. */
  public static canPack(statement: iam.PolicyStatement): boolean {
    return statement.effect === iam.Effect.ALLOW && !statement.sid && !statement.hasPrincipal && isEmptyObject(statement.conditions)
      && statement.notActions.length === 0 && statement.notResources.length === 0
      && statement.actions.length > 0 && statement.resources.length > 0;
  }

  private readonly actionsByResource = new Map<string, Set<string>>();

  public get isEmpty(): boolean {
    return this.actionsByResource.size === 0;
  }

  /** Allows the actions on the resources. Constant time per pair, whatever was added before. */
  public add(actions: readonly string[], resources: readonly string[]): void {
    for (const resource of resources) {
      let set = this.actionsByResource.get(resource);
      if (!set) {
        set = new Set();
        this.actionsByResource.set(resource, set);
      }
      for (const action of actions) set.add(action);
    }
  }

  /** One group per distinct action set, in the order the sets first appeared; actions and resources sorted. */
  public groups(): PackedGroup[] {
    const byActions = new Map<string, PackedGroup>();
    for (const [resource, set] of this.actionsByResource) {
      const actions = [...set].sort();
      const key = actions.join(',');
      let group = byActions.get(key);
      if (!group) {
        group = { actions, resources: [] };
        byActions.set(key, group);
      }
      group.resources.push(resource);
    }
    for (const group of byActions.values()) group.resources.sort();
    return [...byActions.values()];
  }
}

/** How much room each policy has: the first (inline) policy, and each managed policy after it. */
export interface PolicyBudget {
  readonly first: number;
  readonly rest: number;
}

/** `{"Version":"2012-10-17","Statement":[]}`: a document's size without its statements. */
const DOCUMENT_OVERHEAD = JSON.stringify({ Version: '2012-10-17', Statement: [] }).length;

/**
 * Lays statements out over policies: the first gets `budget.first` characters, every further one
 * `budget.rest`. A group too large for the room left is split by resources, so each policy is filled
 * before the next is opened. Other statements (conditions, principals) are kept whole, first.
 *
 * @returns the statements of each policy, the first possibly empty
 */
export function layOutStatements(
  other: iam.PolicyStatement[], groups: PackedGroup[], sizer: PolicySizer, budget: PolicyBudget,
): iam.PolicyStatement[][] {
  const documents: iam.PolicyStatement[][] = [[]];
  let room = budget.first - DOCUMENT_OVERHEAD;
  const current = () => documents[documents.length - 1];
  const separator = () => (current().length > 0 ? 1 : 0);
  const fits = (size: number) => size + separator() <= room;
  // a statement that does not fit moves to the next policy, unless that is an empty managed policy already
  const fitsOrFresh = (size: number) => fits(size) || (current().length === 0 && documents.length > 1);
  const open = () => {
    documents.push([]);
    room = budget.rest - DOCUMENT_OVERHEAD;
  };
  const place = (statement: iam.PolicyStatement, size: number) => {
    room -= size + separator();
    current().push(statement);
  };

  for (const statement of other) {
    const size = sizer.size(statement.toStatementJson());
    if (!fitsOrFresh(size)) open();
    place(statement, size);
  }

  for (const group of groups) {
    const actionsSize = sizer.size(group.actions.length === 1 ? group.actions[0] : group.actions);
    // {"Action":…,"Effect":"Allow","Resource":[…]}
    const base = JSON.stringify({ Action: '', Effect: 'Allow', Resource: [] }).length - 2 + actionsSize;
    let start = 0;
    while (start < group.resources.length) {
      let size = base + sizer.stringSize(group.resources[start]);
      if (!fitsOrFresh(size)) {
        open();
        continue;
      }
      let end = start + 1;
      while (end < group.resources.length) {
        const next = 1 + sizer.stringSize(group.resources[end]);
        if (!fits(size + next)) break;
        size += next;
        end++;
      }
      place(new iam.PolicyStatement({ actions: group.actions, resources: group.resources.slice(start, end) }), size);
      start = end;
    }
  }
  return documents;
}

interface PrincipalGroup {
  readonly effect: iam.Effect;
  readonly actions: string[];
  readonly principals: iam.IPrincipal[];
  readonly conditions: Record<string, unknown>;
}

/**
 * Packs resource-policy statements: statements with the same effect, actions and conditions become
 * one statement naming all their principals (Sids, labels only, are dropped). A request is allowed
 * by the packed statement exactly when it was allowed by one of the statements it replaces.
 * Statements with `NotPrincipal`, `NotAction`, resources or `NotResource` are kept as they are.
 */
export function packResourceStatements(statements: readonly iam.PolicyStatement[]): iam.PolicyStatement[] {
  const packed: Array<iam.PolicyStatement | PrincipalGroup> = [];
  const byKey = new Map<string, PrincipalGroup>();
  for (const statement of statements) {
    const principalsOnly = statement.hasPrincipal && statement.notPrincipals.length === 0 && statement.notActions.length === 0
      && statement.resources.length === 0 && statement.notResources.length === 0;
    if (!principalsOnly) {
      packed.push(statement);
      continue;
    }
    const actions = [...new Set(statement.actions)].sort();
    const conditions = statement.conditions as Record<string, unknown>;
    const key = JSON.stringify([statement.effect, actions, conditions]);
    const group = byKey.get(key);
    if (group) {
      group.principals.push(...statement.principals);
    } else {
      const created = { effect: statement.effect, actions, principals: [...statement.principals], conditions };
      byKey.set(key, created);
      packed.push(created);
    }
  }
  return packed.map((s) => (s instanceof iam.PolicyStatement ? s : new iam.PolicyStatement({
    effect: s.effect, actions: s.actions, principals: s.principals, conditions: Object.keys(s.conditions).length > 0 ? s.conditions : undefined,
  })));
}

function isEmptyObject(value: unknown): boolean {
  return value === undefined || value === null || Object.keys(value as object).length === 0;
}
