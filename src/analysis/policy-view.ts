import { ecrActionsAllowedBy } from './action-patterns';
import { patternMatches, UnknownParts } from './arn-pattern';
import { deployTimeValue, isKnown } from './cfn-values';
import { StackTemplate } from './template-set';
import { LAYER_UPLOAD_ACTIONS } from '../actions/action-sets';

// One policy document of the app, read into statements whose every value knows its place in the
// template, so a finding can say exactly where the offending value is.

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Which kind of policy a document is: AWS evaluates each kind differently. */
export enum PolicyKind {
  /** An inline policy of a role, user or group (`Policies`, or an `AWS::IAM::Policy`). */
  INLINE = 'inline policy',
  /** An `AWS::IAM::ManagedPolicy`. */
  MANAGED = 'managed policy',
  /** An AWS managed policy attached by ARN: its ECR statements, as AWS publishes them. */
  AWS_MANAGED = 'AWS managed policy',
  /** A role's trust policy (`AssumeRolePolicyDocument`). */
  TRUST = 'trust policy',
  /** An ECR repository policy (`RepositoryPolicyText`). */
  REPOSITORY = 'repository policy',
  /** An ECR registry policy (`AWS::ECR::RegistryPolicy`). */
  REGISTRY = 'registry policy',
  /** The repository policy a repository creation template gives the repositories ECR creates (`RepositoryPolicy`). */
  CREATION_TEMPLATE = 'creation template\'s repository policy',
}

/** The resource policies of ECR: they name principals, and decide requests on the repositories they govern. */
export const ECR_RESOURCE_POLICY_KINDS: ReadonlySet<PolicyKind> = new Set([PolicyKind.REPOSITORY, PolicyKind.CREATION_TEMPLATE, PolicyKind.REGISTRY]);

/** A resource of a stack. */
export interface ResourceRef {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly type: string;
  /** Construct path, or `<stack>/<logicalId>` when the assembly does not record one. */
  readonly path: string;
}

/**
 * A resource of a stack, its construct path looked up only when first asked for: read from the
 * assembly, a path may need the stack's metadata file, which most synths never need to read.
 */
export function resourceRef(stack: StackTemplate, logicalId: string, type: string): ResourceRef {
  return new LazyPathRef(stack, logicalId, type);
}

// A class, not an object literal with a getter: one small object per resource of the app instead of
// an object with its own accessor and a closure
class LazyPathRef implements ResourceRef {
  private knownPath: string | undefined = undefined;

  constructor(public readonly stack: StackTemplate, public readonly logicalId: string, public readonly type: string) {}

  public get path(): string {
    this.knownPath ??= constructPathOf(this.stack, this.logicalId);
    return this.knownPath;
  }
}

/** A resource's construct path, or `<stack>/<logicalId>` when the assembly does not record one. */
export function constructPathOf(stack: StackTemplate, logicalId: string): string {
  return stack.constructPaths.get(logicalId) ?? `${stack.id}/${logicalId}`;
}

/** A value and where it is in the resource (`Properties/PolicyDocument/Statement/0/Action/1`). */
export interface Located {
  readonly value: string;
  readonly location: string;
}

export interface StatementView {
  readonly policy: PolicyView;
  readonly index: number;
  readonly location: string;
  readonly effect: string;
  readonly actions?: readonly Located[];
  readonly notActions?: readonly Located[];
  readonly resources?: readonly Located[];
  readonly notResources?: readonly Located[];
  /** Principal values by type (`AWS`, `Service`, `Federated`, `*`), for resource and trust policies. */
  readonly principals?: ReadonlyMap<string, readonly Located[]>;
  /** `NotPrincipal` values by type, read like `principals`. */
  readonly notPrincipals?: ReadonlyMap<string, readonly Located[]>;
  readonly condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyView {
  readonly kind: PolicyKind;
  readonly resource: ResourceRef;
  /** Where the document is in the resource (`Properties/PolicyDocument`). */
  readonly location: string;
  /** The resolved document, for sizes and messages. */
  readonly document: unknown;
  readonly statements: readonly StatementView[];
  /** Parts that could not be read at synth (deploy-time documents or statements). */
  readonly unreadable: readonly Located[];
  /** For an AWS managed policy: its `<path><name>` (`AmazonEC2ContainerRegistryPowerUser`), which names it in findings and the report. */
  readonly name?: string;
}

// Most policies of an app are read whole: they share one (frozen) empty list of unreadable parts;
// the statements are listed once their number is known
const NOTHING_UNREADABLE: readonly Located[] = Object.freeze([]);
const NO_STATEMENTS: readonly StatementView[] = Object.freeze([]);

type PolicyBeingRead = { -readonly [K in keyof PolicyView]: PolicyView[K] };

/** Reads a resolved policy document (object, or JSON text as `RepositoryPolicyText` allows). */
export function readPolicy(kind: PolicyKind, resource: ResourceRef, location: string, document: unknown): PolicyView {
  const policy: PolicyBeingRead = { kind, resource, location, document, statements: NO_STATEMENTS, unreadable: NOTHING_UNREADABLE };

  let doc = document;
  if (typeof document === 'string' && isKnown(document)) {
    try {
      doc = JSON.parse(document);
      policy.document = doc;
    } catch {
      notRead(policy, document, location);
      return policy;
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    notRead(policy, String(doc), location);
    return policy;
  }
  const raw = (doc as any).Statement;
  const inList = Array.isArray(raw);
  const list: unknown[] = inList ? raw : raw === undefined ? [] : [raw];
  // sized once: a list grown by push from empty holds room for 16, and most policies have one or two statements
  const statements: StatementView[] = new Array(list.length);
  let read = 0;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (s === null || typeof s !== 'object') {
      notRead(policy, String(s), inList ? `${location}/Statement/${i}` : `${location}/Statement`);
      continue;
    }
    statements[read++] = new ReadStatement(policy, s as Record<string, unknown>, i, inList);
  }
  statements.length = read;
  policy.statements = statements;
  return policy;
}

function notRead(policy: PolicyBeingRead, value: string, location: string): void {
  policy.unreadable = [...policy.unreadable, { value, location }];
}

/**
 * A statement as read, with a slot for what rules compute from it once. Its location, and those of
 * its values, are written out only when asked: an app has thousands of statements and values, and
 * only those in a finding need theirs.
 */
class ReadStatement implements StatementView {
  /** {@link ecrActionsOf}, kept on the statement itself: a WeakMap lookup per ask cost more than the asking. */
  public ecrActions: ReadonlySet<string> | undefined = undefined;
  public readonly effect: string;
  public readonly actions?: readonly Located[];
  public readonly notActions?: readonly Located[];
  public readonly resources?: readonly Located[];
  public readonly notResources?: readonly Located[];
  public readonly principals?: ReadonlyMap<string, readonly Located[]>;
  public readonly notPrincipals?: ReadonlyMap<string, readonly Located[]>;
  public readonly condition?: Record<string, Record<string, unknown>>;
  private knownLocation: string | undefined = undefined;

  constructor(public readonly policy: PolicyView, s: Record<string, unknown>, public readonly index: number, private readonly inList: boolean) {
    this.effect = typeof s.Effect === 'string' ? s.Effect : String(s.Effect);
    this.actions = values(s.Action, this, 'Action');
    this.notActions = values(s.NotAction, this, 'NotAction');
    this.resources = values(s.Resource, this, 'Resource');
    this.notResources = values(s.NotResource, this, 'NotResource');
    this.principals = principals(s.Principal, this, 'Principal');
    this.notPrincipals = principals(s.NotPrincipal, this, 'NotPrincipal');
    this.condition = s.Condition && typeof s.Condition === 'object' && Object.keys(s.Condition).length > 0
      ? s.Condition as Record<string, Record<string, unknown>>
      : undefined;
  }

  public get location(): string {
    this.knownLocation ??= this.inList ? `${this.policy.location}/Statement/${this.index}` : `${this.policy.location}/Statement`;
    return this.knownLocation;
  }
}

/** A value of a statement: `Action` as a string (no index), or one item of a list (`Action/1`). */
class StatementValue implements Located {
  constructor(
    public readonly value: string,
    private readonly statement: StatementView,
    private readonly key: string,
    private readonly index: number,
  ) {}

  public get location(): string {
    return this.index < 0 ? `${this.statement.location}/${this.key}` : `${this.statement.location}/${this.key}/${this.index}`;
  }
}

/** A string or list of strings; anything else (a deploy-time list) becomes one unreadable value. */
function values(raw: unknown, statement: StatementView, key: string): Located[] | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return [new StatementValue(raw, statement, key, -1)];
  if (Array.isArray(raw)) {
    const out: Located[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i];
      out[i] = new StatementValue(typeof v === 'string' ? v : deployTimeValue(JSON.stringify(v)), statement, key, i);
    }
    return out;
  }
  return [new StatementValue(deployTimeValue(JSON.stringify(raw)), statement, key, -1)];
}

function principals(raw: unknown, statement: StatementView, key: string): Map<string, Located[]> | undefined {
  if (raw === undefined) return undefined;
  const out = new Map<string, Located[]>();
  if (typeof raw === 'string') {
    out.set(raw === '*' ? 'AWS' : '?', [new StatementValue(raw, statement, key, -1)]);
    return out;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    out.set('?', [new StatementValue(deployTimeValue(JSON.stringify(raw)), statement, key, -1)]);
    return out;
  }
  // for…in, not Object.entries: no [type, value] pair per principal type of every statement (a
  // resolved document is plain JSON data, without inherited keys)
  for (const type in raw) out.set(type, values((raw as Record<string, unknown>)[type], statement, `${key}/${type}`) ?? []);
  return out;
}

const NO_VALUES: readonly Located[] = [];

/**
 * The statement's `Action` and `NotAction` values, in that order. A statement has one of them (a
 * statement with both is a shape finding), so the common case returns its own list, copying nothing.
 */
export function actionValues(statement: StatementView): readonly Located[] {
  return bothLists(statement.actions, statement.notActions);
}

/** The statement's `Resource` and `NotResource` values, in that order, like {@link actionValues}. */
export function resourceValues(statement: StatementView): readonly Located[] {
  return bothLists(statement.resources, statement.notResources);
}

function bothLists(list: readonly Located[] | undefined, notList: readonly Located[] | undefined): readonly Located[] {
  if (notList === undefined) return list ?? NO_VALUES;
  return list === undefined ? notList : [...list, ...notList];
}

/** True when the statement's `Resource` (or `NotResource`) covers the ARN (`*` for account-level actions). */
export function statementCovers(statement: StatementView, arn: string): boolean {
  if (statement.resources) return statement.resources.some((r) => patternMatches(r.value, arn, UnknownParts.STRICT));
  if (statement.notResources) return !statement.notResources.some((r) => patternMatches(r.value, arn, UnknownParts.OPTIMISTIC));
  return false;
}

// Apps repeat the same few action lists (grantPull's, grantPush's) in thousands of statements: each
// distinct list is expanded once and its set shared. The lists are looked up value by value in a tree
// (one per key, Action or NotAction), so finding a known list builds no key string. Bounded, as a
// long-lived process reads many apps.
interface ActionListNode {
  readonly next: Map<string, ActionListNode>;
  actions?: ReadonlySet<string>;
}
let actionLists = { Action: listNode(), NotAction: listNode(), none: listNode() };
let actionListNodes = 0;
const MAX_ACTION_LIST_NODES = 50_000;

function listNode(): ActionListNode {
  return { next: new Map() };
}

/**
 * The qualified ECR actions (`ecr:PutImage`) a statement's `Action` or `NotAction` matches: what it
 * allows, or denies. Several rules ask for every statement, so it is computed once.
 */
export function ecrActionsOf(statement: StatementView): ReadonlySet<string> {
  const read = statement as Partial<ReadStatement>;
  if (read.ecrActions !== undefined) return read.ecrActions;
  if (actionListNodes >= MAX_ACTION_LIST_NODES) {
    actionLists = { Action: listNode(), NotAction: listNode(), none: listNode() };
    actionListNodes = 0;
  }
  const list = statement.actions ?? statement.notActions;
  let node = statement.actions ? actionLists.Action : statement.notActions ? actionLists.NotAction : actionLists.none;
  for (const value of list ?? []) {
    let next = node.next.get(value.value);
    if (next === undefined) {
      next = listNode();
      actionListNodes++;
      node.next.set(value.value, next);
    }
    node = next;
  }
  node.actions ??= ecrActionsAllowedBy(statement.actions?.map((a) => a.value), statement.notActions?.map((a) => a.value));
  read.ecrActions = node.actions;
  return node.actions;
}

/**
 * A function of a statement's ECR actions that rules ask of every statement of the app, computed once
 * per distinct action set: statements with the same list share one set, so an app needs a few.
 */
export function perEcrActionSet<T extends {} | null>(compute: (actions: ReadonlySet<string>) => T): (statement: StatementView) => T {
  const answers = new WeakMap<ReadonlySet<string>, T>();
  return (statement) => {
    const actions = ecrActionsOf(statement);
    let answer = answers.get(actions);
    if (answer === undefined) {
      answer = compute(actions);
      answers.set(actions, answer);
    }
    return answer;
  };
}

/** True when the statement's actions include a layer upload (`ecr:InitiateLayerUpload` …): part of a push. */
export function uploadsLayers(statement: StatementView): boolean {
  const actions = ecrActionsOf(statement);
  return LAYER_UPLOAD_ACTIONS.some((a) => actions.has(a));
}
