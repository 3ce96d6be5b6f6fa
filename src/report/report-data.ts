import { CapabilityDefinition, LOGIN_CAPABILITY, REPOSITORY_CAPABILITIES } from './capability';
import { allOf, anyOf, Clause, Dnf, isAlways, isNever } from './conditions';
import { ActionAccess, EcrRequestEvaluator, OneSidedAction, OtherSide, PolicySide } from './evaluator';
import { Draft } from './json-draft';
import { mayGrantUnseen, notesOf } from './principal-notes';
import { StatementRefJson, statementRefs } from './provenance';
import { principalJson, repositoryJson } from './rows-and-columns';
import { PushSigningJson, pushSigning, RepositoryStorage, SigningJson, storageOf } from './signing-and-archive';
import { SubjectKind, subjectsOf } from './subjects';
import { Target, targetsOf } from './targets';
import { EcrCapability } from '../actions/capabilities';
import { AccessModel } from '../analysis/access-model';
import { displayValue } from '../analysis/cfn-values';
import { pinsSource } from '../analysis/source-conditions';
import { TemplateSet } from '../analysis/template-set';

// The report as data: principals (rows), repositories (columns) and, for each pair with any ECR
// access, the capabilities and every action allowed. This is what `ecr-access-report.json` holds;
// every list is sorted, so the file changes only where access changes.

/**
 * Identifies the format of `ecr-access-report.json`. Version 2 adds the statements behind each
 * capability (`grantedBy`) and the near misses across accounts (`oneSided`); every field of
 * version 1 is unchanged.
 */
export const REPORT_FORMAT = 'cdk-ecr-access/access-report@2';

/** The formats the diff reads: a base report written by an earlier version of the library too. */
export const READABLE_REPORT_FORMATS: readonly string[] = ['cdk-ecr-access/access-report@1', REPORT_FORMAT];

/** A condition as the policy writes it. */
export interface ConditionJson {
  readonly operator: string;
  readonly key: string;
  readonly values: string[];
}

/** How something is allowed. */
export interface AccessJson {
  /** `allowed`, or `conditional` when a condition decides. */
  readonly access: 'allowed' | 'conditional';
  /** Cross-account, with one side outside the app: what the other side must allow too. */
  readonly needs?: OtherSide;
  /** Allowed when any one of these lists of conditions all hold (absent: always). */
  readonly when?: ConditionJson[][];
  /** Denied when any one of these lists of conditions all hold (absent: never). */
  readonly unless?: ConditionJson[][];
  /**
   * For an AWS service: true when it is allowed acting for any account (no `aws:SourceAccount` or
   * `aws:SourceArn` condition limits it).
   */
  readonly forAnyAccount?: boolean;
}

/** Actions allowed the same way (most pairs have one group). */
export interface ActionGroupJson extends AccessJson {
  readonly actions: string[];
}

export interface CapabilityJson extends AccessJson {
  readonly capability: string;
  /**
   * When the capability is conditional: those of its actions allowed with no condition (one
   * statement gives them unconditionally, another gives the rest conditionally).
   */
  readonly unconditionalActions?: string[];
  /** The statements that allow it: on both sides across accounts (format 2). */
  readonly grantedBy?: StatementRefJson[];
}

/**
 * A capability denied across accounts although one side allows it (both sides are in the app): the
 * other side is missing a statement.
 */
export interface OneSidedJson {
  readonly principal: string;
  readonly repository: string;
  readonly capability: string;
  /** The side that allows it: `identity-policy` or `repository-policy`. */
  readonly allowedBy: PolicySide;
  /** The side that must allow it too. */
  readonly missing: PolicySide;
  /** The statements of `allowedBy` that allow the actions in `actions`. */
  readonly grantedBy: StatementRefJson[];
  /**
   * The capability's actions only `allowedBy` allows: what `missing` must allow (its other actions
   * both sides allow already). Absent in reports written before it was added.
   */
  readonly actions?: string[];
}

export interface PrincipalJson {
  /** Unique row name: `role Ci/GitHubActions/Role`, `account 222222222222`, `service lambda.amazonaws.com`. */
  readonly name: string;
  readonly kind: SubjectKind;
  readonly arn?: string;
  readonly account?: string;
  readonly service?: string;
  readonly organization?: string;
  /** For anyone but the principals a `NotPrincipal` names: those principals. */
  readonly except?: string[];
  /** Construct path of a role or user of the app. */
  readonly path?: string;
  /** `login`, when it may log in. */
  readonly capabilities: CapabilityJson[];
  /** Every account-level ECR action it may call (on `Resource: "*"`). */
  readonly actions: ActionGroupJson[];
  /** What the report could not evaluate for it. */
  readonly notes?: string[];
}

export interface RepositoryJson {
  /** Unique column name: the repository name, or name pattern (`team-a/*`). */
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  /** `app` (defined in the app), `imported` (named by ARN, defined elsewhere) or `pattern` (every name matching it). */
  readonly source: string;
  readonly path?: string;
  /** Construct path of the registry policy of its account and Region, when the app defines one (it applies too). */
  readonly registryPolicy?: string;
  /** For a name pattern: construct path of the creation template whose repository policy ECR gives the repositories it creates there. */
  readonly creationTemplate?: string;
  readonly notes?: string[];
  /** The managed-signing rules of the app that sign images pushed to it (absent when none). */
  readonly signing?: SigningJson[];
  /**
   * When its lifecycle policy moves images to archive storage (where pulls answer 404 until they are
   * restored): which images, by the rules' `tagStatus` (`untagged`, `tagged`, `any`).
   */
  readonly archives?: string[];
}

export interface PairJson {
  readonly principal: string;
  readonly repository: string;
  readonly capabilities: CapabilityJson[];
  /** Every repository action allowed, capability sets or not. */
  readonly actions: ActionGroupJson[];
  /** For a push to a signed repository: whether the principal's images are signed with each profile. */
  readonly signing?: PushSigningJson[];
}

export interface AccessReportJson {
  readonly format: string;
  readonly principals: PrincipalJson[];
  readonly repositories: RepositoryJson[];
  readonly access: PairJson[];
  /** What the report could not read. */
  readonly notes: string[];
  /** Capabilities one side allows and the other, in the app too, does not (format 2; absent when none). */
  readonly oneSided?: OneSidedJson[];
}

/** Builds the report from templates, however they were read (the `report` command reads them from disk). */
export function accessReportOf(templates: TemplateSet): AccessReportJson {
  return buildAccessReport(new AccessModel(templates));
}

export function buildAccessReport(model: AccessModel): AccessReportJson {
  const targets = targetsOf(model);
  const evaluator = new EcrRequestEvaluator(model, targets);
  const principals: PrincipalJson[] = [];
  const access: PairJson[] = [];
  const used = new Set<Target>();
  const oneSided: OneSidedJson[] = [];
  const storage = new Map<Target, RepositoryStorage>();
  // hundreds of columns, rows and cells, in code run once per synth: indexed loops, as a for-of
  // allocates an iterator and a result per element there
  for (let t = 0; t < targets.length; t++) {
    const found = targets[t].view && storageOf(model, targets[t].view!);
    if (found) storage.set(targets[t], found);
  }
  const subjects = subjectsOf(model);
  for (let s = 0; s < subjects.length; s++) {
    const subject = subjects[s];
    const accountActions = evaluator.accountActions(subject);
    const pairs: PairJson[] = [];
    const service = subject.kind === SubjectKind.SERVICE;
    const candidates = evaluator.candidateTargets(subject);
    for (let t = 0; t < candidates.length; t++) {
      const target = candidates[t];
      const { actions, oneSided: near } = evaluator.repositoryActions(subject, target);
      if (near.length > 0) oneSided.push(...oneSidedOf(subject.name, target.name, REPOSITORY_CAPABILITIES, actions, near));
      if (actions.length === 0) continue;
      used.add(target);
      const capabilities = capabilitiesOf(REPOSITORY_CAPABILITIES, actions, service);
      // a push to a repository that managed signing covers: whether the pusher's images are signed
      const rules = storage.get(target)?.rules;
      const signs = rules && rules.length > 0 && subject.view && capabilities.some((c) => c.capability === EcrCapability.PUSH);
      const pair: Draft<PairJson> = { principal: subject.name, repository: target.name, capabilities, actions: actionGroups(actions, service) };
      if (signs) pair.signing = pushSigning(model, subject.view!, rules);
      pairs.push(pair);
    }
    // a principal with no ECR access is left out, unless a policy the report cannot read may give it some
    if (accountActions.length === 0 && pairs.length === 0 && !mayGrantUnseen(model, subject)) continue;
    const login = capabilitiesOf([LOGIN_CAPABILITY], accountActions, service);
    principals.push(principalJson(subject, login, actionGroups(accountActions, service), notesOf(model, subject)));
    access.push(...pairs);
  }

  const repositories = targets.filter((t) => t.view || used.has(t)).map((t) => repositoryJson(t, storage.get(t)));
  // `access` is in row and column order already: subjects in row order, each one's targets in column order

  const notes = model.unreadable.map((u) => `not evaluated: '${u.constructPath}' (${u.error})`).sort();
  return { format: REPORT_FORMAT, principals, repositories, access, notes, ...oneSided.length > 0 ? { oneSided } : {} };
}

/**
 * The capabilities not granted whose every action is either granted or allowed by one side alone,
 * the same side for all. A capability partly granted counts: a repository policy that lets the
 * role's account pull, and the role's own policy that adds push, is a push the repository policy is
 * missing (the common cross-account push failure).
 */
function oneSidedOf(
  principal: string, repository: string, definitions: readonly CapabilityDefinition[],
  granted: readonly ActionAccess[], near: readonly OneSidedAction[],
): OneSidedJson[] {
  const grantedActions = new Set(granted.map((a) => a.action));
  const byAction = new Map(near.map((n) => [n.action, n]));
  const out: OneSidedJson[] = [];
  for (const definition of definitions) {
    const missingActions = definition.actions.filter((a) => !grantedActions.has(a));
    const parts = missingActions.map((a) => byAction.get(a));
    // granted already, or some action is allowed by neither side (or denied): not one statement away
    if (parts.length === 0 || parts.some((p) => p === undefined)) continue;
    const sides = new Set(parts.map((p) => p!.allowedBy));
    if (sides.size !== 1) continue;
    const allowedBy = parts[0]!.allowedBy;
    out.push({
      principal,
      repository,
      capability: definition.capability,
      allowedBy,
      missing: allowedBy === 'identity-policy' ? 'repository-policy' : 'identity-policy',
      grantedBy: statementRefs(parts as OneSidedAction[]),
      actions: [...missingActions].sort(),
    });
  }
  return out;
}

/**
 * The capabilities whose every action is allowed, each as allowed as its least-allowed action; for
 * an AWS service, whether it is allowed acting for any account.
 */
function capabilitiesOf(definitions: readonly CapabilityDefinition[], actions: readonly ActionAccess[], service: boolean): CapabilityJson[] {
  // most cells have one capability: the list is made at the first, of one (a list grown by push from
  // empty holds room for 16), as the report keeps it
  let out: CapabilityJson[] | undefined;
  if (actions.length === 0) return [];
  for (let d = 0; d < definitions.length; d++) {
    const definition = definitions[d];
    // most cells have one capability of five: the others are ruled out without building anything
    const all = partsOf(definition, actions);
    if (!all) continue;
    let needs: OtherSide | undefined;
    let plain = true;
    for (let i = 0; i < all.length; i++) {
      needs ??= all[i].needs;
      plain &&= isPlain(all[i]);
    }
    const grantedBy = statementRefs(all);
    if (plain) {
      const capability: Draft<CapabilityJson> = { capability: definition.capability, access: 'allowed' };
      if (needs) capability.needs = needs;
      if (service) capability.forAnyAccount = true;
      if (grantedBy.length > 0) capability.grantedBy = grantedBy;
      if (out) out.push(capability);
      else out = [capability];
      continue;
    }
    const when = allOf(all.map((p) => p.when));
    const unless = anyOf(all.map((p) => p.unless));
    if (isNever(when) || isAlways(unless)) continue;
    // one statement may give some of the actions with no condition: the capability is conditional,
    // but not as pinned as its condition reads
    const unconditional = all.filter((p) => isAlways(p.when)).map((p) => p.action).sort();
    const conditional: CapabilityJson = {
      capability: definition.capability,
      ...accessJson(when, unless, needs, service),
      ...unconditional.length > 0 && !isAlways(when) ? { unconditionalActions: unconditional } : {},
      ...refsJson(grantedBy),
    };
    if (out) out.push(conditional);
    else out = [conditional];
  }
  return out ?? [];
}

/** The access of each of the capability's actions, in its order; undefined when one is not allowed. */
function partsOf(definition: CapabilityDefinition, allowed: readonly ActionAccess[]): ActionAccess[] | undefined {
  const actions = definition.actions;
  // a cell allows a few actions: a look through them costs less than a Map per cell
  for (let i = 0; i < actions.length; i++) if (accessOf(allowed, actions[i]) === undefined) return undefined;
  const parts = new Array<ActionAccess>(actions.length);
  for (let i = 0; i < actions.length; i++) parts[i] = accessOf(allowed, actions[i])!;
  return parts;
}

/** The last access of the action in the list (as a Map of the list would hold it). */
function accessOf(allowed: readonly ActionAccess[], action: string): ActionAccess | undefined {
  for (let i = allowed.length - 1; i >= 0; i--) if (allowed[i].action === action) return allowed[i];
  return undefined;
}

/** Allowed with no condition either way. */
function isPlain(access: ActionAccess): boolean {
  return isAlways(access.when) && isNever(access.unless);
}

function refsJson(grantedBy: StatementRefJson[]): { grantedBy?: StatementRefJson[] } {
  return grantedBy.length > 0 ? { grantedBy } : {};
}

/** Actions grouped by how they are allowed; groups in a stable order, actions sorted. */
function actionGroups(actions: readonly ActionAccess[], service: boolean): ActionGroupJson[] {
  const plain = plainGroup(actions, service);
  if (plain) return plain;
  const groups = new Map<string, { access: AccessJson; actions: string[] }>();
  for (const a of actions) {
    const access = accessJson(a.when, a.unless, a.needs, service);
    const key = access.access === 'allowed' && !access.forAnyAccount ? `allowed ${access.needs ?? ''}` : JSON.stringify(access);
    const group = groups.get(key) ?? { access, actions: [] };
    group.actions.push(a.action);
    groups.set(key, group);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => ({ actions: g.actions.sort(), ...g.access }));
}

/**
 * The one group of a cell whose every action is allowed with no condition and the same other side
 * (nearly every cell): what {@link actionGroups} makes of it, without a key per action. Undefined otherwise.
 */
function plainGroup(actions: readonly ActionAccess[], service: boolean): ActionGroupJson[] | undefined {
  if (actions.length === 0) return [];
  const needs = actions[0].needs;
  let sorted = true;
  for (let i = 0; i < actions.length; i++) {
    if (!isPlain(actions[i]) || actions[i].needs !== needs) return undefined;
    sorted &&= i === 0 || actions[i - 1].action <= actions[i].action;
  }
  // the evaluator lists them sorted already: a sort would only copy them
  const names = new Array<string>(actions.length);
  for (let i = 0; i < actions.length; i++) names[i] = actions[i].action;
  if (!sorted) names.sort();
  const group: Draft<ActionGroupJson> = { actions: names, access: 'allowed' };
  if (needs) group.needs = needs;
  if (service) group.forAnyAccount = true;
  return [group];
}

function accessJson(when: Dnf, unless: Dnf, needs: OtherSide | undefined, service: boolean): AccessJson {
  const conditional = !isAlways(when) || !isNever(unless);
  return {
    access: conditional ? 'conditional' : 'allowed',
    ...needs ? { needs } : {},
    ...!isAlways(when) ? { when: when.map(clauseJson) } : {},
    ...!isNever(unless) ? { unless: unless.map(clauseJson) } : {},
    // a service is limited to the accounts it acts for only when every way in names them
    ...service && when.some((clause) => !clause.some((t) => pinsSource(t.operator, t.key, t.values))) ? { forAnyAccount: true } : {},
  };
}

function clauseJson(clause: Clause): ConditionJson[] {
  return clause.map((t) => ({ operator: t.operator, key: t.key, values: t.values.map(displayValue) }));
}
