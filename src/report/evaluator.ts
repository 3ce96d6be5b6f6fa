import { allowed, allowingStatements, Applicable, candidateActions, denied, hasDeny, identitySide, NO_APPLICABLE } from './applicable';
import { ALWAYS, and, Dnf, isAlways, isNever, NEVER, or, sessionTerm, statementCondition } from './conditions';
import { namesEveryone, statementPrincipalMatch } from './principal-index';
import { Subject, SubjectKind } from './subjects';
import { resourceStatements, TargetIndex } from './target-index';
import { Target, TargetSource } from './targets';
import { EcrActions } from '../actions/action-sets';
import { allEcrActions } from '../actions/catalog';
import { AccessModel } from '../analysis/access-model';
import { hasWildcard } from '../analysis/arn-pattern';
import { isKnown } from '../analysis/cfn-values';
import { ecrActionsOf, statementCovers, StatementView } from '../analysis/policy-view';
import { PrincipalMatch } from '../analysis/principal-match';

// A small evaluator for ECR requests, after AWS's policy evaluation logic: an explicit Deny wins;
// in one account either the identity policy or a repository policy that names the principal
// allows; across accounts both must (a repository policy that names the account delegates to the
// account's identity policies); a permissions boundary caps the identity side; an AWS service
// needs the repository policy alone. What a condition decides stays conditional; what the other
// account must write is marked as needed.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

/** The side of a cross-account request this app does not define. */
export enum OtherSide {
  /** The principal is outside the app: its account must allow the action in its identity policy. */
  IDENTITY = 'identity-policy',
  /** The repository is outside the app: its repository policy must allow the action. */
  REPOSITORY = 'repository-policy',
}

/** The policy a statement that decides a request is on: the principal's, its permissions boundary, or the repository's. */
export type PolicySide = 'identity-policy' | 'permissions-boundary' | 'repository-policy';

/** A statement that allows an action, and which side of the request it is on. */
export interface AllowingStatement {
  readonly statement: StatementView;
  readonly side: PolicySide;
}

/** One action a subject may perform: when (any clause of `when`, and no clause of `unless`). */
export interface ActionAccess {
  readonly action: string;
  readonly when: Dnf;
  readonly unless: Dnf;
  readonly needs?: OtherSide;
  /** The statements that allow it (on both sides, across accounts). */
  readonly by: readonly AllowingStatement[];
}

/**
 * An action denied across accounts although one side allows it: both policies are in the app, and
 * the other one does not name it (or its principal).
 */
export interface OneSidedAction {
  readonly action: string;
  readonly allowedBy: PolicySide;
  readonly by: readonly AllowingStatement[];
}

/** What a subject may do on a target, and what one side alone would let it do. */
export interface RepositoryAccess {
  readonly actions: readonly ActionAccess[];
  readonly oneSided: readonly OneSidedAction[];
}

interface ResourceApplicable extends Applicable {
  readonly match: PrincipalMatch;
  /** Allows in one account even when the permissions boundary does not (AWS: a policy naming the user, or `*`). */
  readonly bypassesBoundary: boolean;
}

interface SubjectPolicies {
  readonly identity: readonly Applicable[];
  readonly boundary?: readonly Applicable[];
  /** Identity statements by the exact resource they name; the rest (wildcards, NotResource) apart. */
  readonly byResource: ReadonlyMap<string, readonly Applicable[]>;
  readonly patterned: readonly Applicable[];
  /**
   * Those of `patterned` with a repository action: the rest (login on `*`, nearly every principal
   * has one) decide nothing in a repository's cell.
   */
  readonly patternedOnRepositories: readonly Applicable[];
}

const unconditional = new WeakMap<StatementView, Applicable>();

const REPOSITORY_ACTIONS: ReadonlySet<string> = new Set(allEcrActions().filter((a) => !a.wildcardOnly).map((a) => `ecr:${a.name}`));
const ACCOUNT_ACTIONS: ReadonlySet<string> = new Set(allEcrActions().filter((a) => a.wildcardOnly).map((a) => `ecr:${a.name}`));
// outside the app, only login is this app's business: the rest is the other account's own registry
const EXTERNAL_ACCOUNT_ACTIONS: readonly ActionAccess[] = EcrActions.LOGIN
  .map((action) => ({ action, when: ALWAYS, unless: NEVER, needs: OtherSide.IDENTITY, by: [] }));

// what most cells and subjects have none of: shared, not made empty for each
const NO_ACTIONS: readonly ActionAccess[] = [];
const NO_ONE_SIDED: readonly OneSidedAction[] = [];
const NO_RESOURCE_STATEMENTS: readonly ResourceApplicable[] = [];
const NO_ACCESS: RepositoryAccess = { actions: NO_ACTIONS, oneSided: NO_ONE_SIDED };

export class EcrRequestEvaluator {
  private readonly policies = new Map<Subject, SubjectPolicies>();
  private readonly index: TargetIndex;

  constructor(private readonly model: AccessModel, targets: readonly Target[]) {
    this.index = new TargetIndex(targets);
  }

  /** The account-level actions (login …) the subject may call, on `Resource: "*"` in its own account. */
  public accountActions(subject: Subject): readonly ActionAccess[] {
    if (subject.requester.service !== undefined) return NO_ACTIONS;
    if (!subject.view) return EXTERNAL_ACCOUNT_ACTIONS;
    const policies = this.policiesOf(subject);
    // a statement that names exact ARNs is not on `*`: only the patterned ones may be
    const identity = covering(policies.patterned, '*');
    const boundary = policies.boundary && covering(policies.boundary, '*');
    const out: ActionAccess[] = [];
    const candidates = candidateActions(identity, undefined, ACCOUNT_ACTIONS);
    for (let i = 0; i < candidates.length; i++) {
      const action = candidates[i];
      const allow = identitySide(identity, boundary, action);
      const deny = boundary ? or(denied(identity, action), denied(boundary, action)) : denied(identity, action);
      if (isNever(allow) || isAlways(deny)) continue;
      out.push({ action, when: allow, unless: deny, by: allowingStatements(identity, boundary, NO_APPLICABLE, action) });
    }
    return out;
  }

  /** The targets worth evaluating for the subject: those a policy of either side gives it something on. */
  public candidateTargets(subject: Subject): Target[] {
    const index = this.index;
    index.begin();
    if (subject.view) {
      const policies = this.policiesOf(subject);
      for (const resource of policies.byResource.keys()) {
        if (anyAllowsOnRepositories(policies.byResource.get(resource)!)) index.pickArn(resource);
      }
      for (let i = 0; i < policies.patterned.length; i++) {
        if (allowsOnRepositories(policies.patterned[i])) index.pickCovered(policies.patterned[i].statement);
      }
    }
    // a repository policy alone grants an AWS service, a principal outside the app (pending its
    // identity policy), or a principal of the app in the repository's account that it names itself;
    // a repository policy that names a role of the app in another account is worth a look too: if the
    // role's own policy does not allow it as well, the report says which side is missing
    index.pickNamingSubject(subject, subject.view !== undefined);
    return index.picks();
  }

  /** The repository actions the subject may perform on the target. */
  public repositoryActions(subject: Subject, target: Target): RepositoryAccess {
    const identityKnown = subject.view !== undefined;
    // a repository of the app, or one ECR creates from a creation template of the app: its policy is known
    const resourceKnown = target.source === TargetSource.APP || target.template !== undefined;
    // outside the app, a repository's own policy is unknown, but the registry policy of the app is not
    const registryKnown = target.registry !== undefined;
    const service = subject.requester.service !== undefined;
    const sameAccount = subject.requester.account !== undefined && subject.requester.account === target.account;
    if (!identityKnown && !resourceKnown && !registryKnown) return NO_ACCESS;

    const policies = identityKnown ? this.policiesOf(subject) : undefined;
    const identity = policies ? this.identityFor(policies, target.arn) : NO_APPLICABLE;
    const boundary = policies?.boundary && covering(policies.boundary, target.arn);
    const resource = resourceKnown || registryKnown ? this.resourceFor(subject, target) : NO_RESOURCE_STATEMENTS;
    const resourceAllows = allowsOf(resource);
    const direct = directOf(resourceAllows);

    let needs: OtherSide | undefined;
    let candidates: readonly string[];
    if (service) {
      candidates = candidateActions(direct, undefined, REPOSITORY_ACTIONS);
    } else if (sameAccount) {
      candidates = candidateActions(identity, direct, REPOSITORY_ACTIONS);
    } else {
      needs = !identityKnown ? OtherSide.IDENTITY : !resourceKnown ? OtherSide.REPOSITORY : undefined;
      // with both sides in the app, what the repository policy alone allows is one side of a near miss
      candidates = identityKnown ? candidateActions(identity, resourceKnown ? direct : undefined, REPOSITORY_ACTIONS)
        : candidateActions(resourceAllows, undefined, REPOSITORY_ACTIONS);
    }

    // sized for every candidate and cut to those allowed: a list grown by push from empty holds room for 16
    const out = new Array<ActionAccess>(candidates.length);
    let allowedCount = 0;
    let oneSided: OneSidedAction[] | undefined;
    const resourceList = service || sameAccount ? direct : resourceAllows;
    // most cells have no Deny on either side: nothing to ask per action
    const denies = hasDeny(identity) || (boundary !== undefined && hasDeny(boundary)) || hasDeny(resource);
    for (let i = 0; i < candidates.length; i++) {
      const action = candidates[i];
      const deny = denies ? or(denied(identity, action), boundary ? denied(boundary, action) : NEVER, denied(resource, action)) : NEVER;
      if (isAlways(deny)) continue;
      let actionNeeds = needs;
      const identityAllows = identityKnown ? identitySide(identity, boundary, action) : NEVER;
      let allow: Dnf;
      if (service) {
        allow = allowed(direct, action);
      } else if (sameAccount) {
        const resourceSide = allowed(direct, action);
        allow = boundary
          ? or(identityAllows, and(resourceSide, allowed(boundary, action)), allowed(direct.filter((r) => r.bypassesBoundary), action))
          : or(identityAllows, resourceSide);
      } else if (!resourceKnown && registryKnown && identityKnown) {
        // the registry policy lets it in, or else the repository's own policy (outside the app) must
        const registrySide = allowed(resourceAllows, action);
        allow = and(identityAllows, isNever(registrySide) ? ALWAYS : registrySide);
        actionNeeds = isNever(registrySide) ? OtherSide.REPOSITORY : undefined;
      } else {
        const resourceSide = resourceKnown || registryKnown ? allowed(resourceAllows, action) : ALWAYS;
        allow = and(identityKnown ? identityAllows : ALWAYS, resourceSide);
        if (identityKnown && resourceKnown && isNever(allow) && isNever(identityAllows) !== isNever(resourceSide)) {
          const byIdentity = !isNever(identityAllows);
          (oneSided ??= []).push({
            action,
            allowedBy: byIdentity ? 'identity-policy' : 'repository-policy',
            by: byIdentity
              ? allowingStatements(identity, boundary, NO_APPLICABLE, action)
              : allowingStatements(NO_APPLICABLE, undefined, resourceAllows, action),
          });
        }
      }
      if (isNever(allow)) continue;
      const by = allowingStatements(identity, boundary, resourceList, action);
      out[allowedCount++] = actionNeeds ? { action, when: allow, unless: deny, needs: actionNeeds, by } : { action, when: allow, unless: deny, by };
    }
    out.length = allowedCount;
    return { actions: out, oneSided: oneSided ?? NO_ONE_SIDED };
  }

  private policiesOf(subject: Subject): SubjectPolicies {
    let policies = this.policies.get(subject);
    if (!policies) {
      const view = subject.view!;
      // AWS managed policies count too: their ECR statements are known (the rules read the same)
      const identity: Applicable[] = [];
      const byResource = new Map<string, Applicable[]>();
      const patterned: Applicable[] = [];
      const effective = this.model.effectivePolicies(view);
      for (let p = 0; p < effective.length; p++) {
        const statements = effective[p].statements;
        for (let s = 0; s < statements.length; s++) {
          const statement = statements[s];
          const a = applicableTo(statement, subject);
          if (!a || a.actions.size === 0) continue;
          identity.push(a);
          if (namesExactly(statement)) {
            for (let r = 0; r < statement.resources!.length; r++) {
              const value = statement.resources![r].value;
              const list = byResource.get(value);
              // a statement naming an ARN twice is listed once under it
              if (!list) byResource.set(value, [a]);
              else if (list[list.length - 1] !== a) list.push(a);
            }
          } else {
            patterned.push(a);
          }
        }
      }
      const boundary = view.permissionsBoundary?.statements
        .map((statement) => applicableTo(statement, subject)).filter((a): a is Applicable => a !== undefined);
      const patternedOnRepositories = patterned.some(hasRepositoryAction) ? patterned.filter(hasRepositoryAction) : NO_APPLICABLE;
      policies = { identity, byResource, patterned, patternedOnRepositories, boundary };
      this.policies.set(subject, policies);
    }
    return policies;
  }

  /** The identity statements on the ARN (read only: the exact ones are shared by every cell of the ARN). */
  private identityFor(policies: SubjectPolicies, arn: string): readonly Applicable[] {
    const exact = policies.byResource.get(arn) ?? NO_APPLICABLE;
    const patterned = policies.patternedOnRepositories;
    if (patterned.length === 0) return exact;
    const out = exact.slice();
    for (let i = 0; i < patterned.length; i++) if (statementCovers(patterned[i].statement, arn)) out.push(patterned[i]);
    return out;
  }

  private resourceFor(subject: Subject, target: Target): readonly ResourceApplicable[] {
    let out: ResourceApplicable[] | undefined;
    const statements = resourceStatements(target);
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      if (!isEffect(statement)) continue;
      const { match, sessionName } = statementPrincipalMatch(statement, subject.requester);
      if (match === PrincipalMatch.NONE) continue;
      const actions = ecrActionsOf(statement);
      const when = and(statementCondition(statement.condition, subject.context), sessionName === undefined ? ALWAYS : [[sessionTerm(sessionName)]]);
      if (actions.size === 0 || isNever(when)) continue;
      const bypassesBoundary = match === PrincipalMatch.DIRECT && (subject.kind === SubjectKind.USER || namesEveryone(statement));
      (out ??= []).push({ statement, actions, when, named: {}, match, bypassesBoundary });
    }
    return out ?? NO_RESOURCE_STATEMENTS;
  }
}

/** The statement as it applies to the subject: undefined when neither Allow nor Deny, or a known key fails its condition. */
function applicableTo(statement: StatementView, subject: Subject): Applicable | undefined {
  if (!isEffect(statement)) return undefined;
  if (statement.condition) {
    const when = statementCondition(statement.condition, subject.context);
    return isNever(when) ? undefined : { statement, actions: ecrActionsOf(statement), when, named: {} };
  }
  // most statements have no condition: the same for every principal they apply to
  let shared = unconditional.get(statement);
  if (!shared) {
    shared = { statement, actions: ecrActionsOf(statement), when: ALWAYS, named: {} };
    unconditional.set(statement, shared);
  }
  return shared;
}

/** True when the statement's `Resource` names only exact ARNs known at synth (no wildcard, no `NotResource`). */
function namesExactly(statement: StatementView): boolean {
  const resources = statement.resources;
  if (!resources) return false;
  for (let i = 0; i < resources.length; i++) if (hasWildcard(resources[i].value) || !isKnown(resources[i].value)) return false;
  return true;
}

// the lists below are nearly always all of the list they are taken from: that list, not a copy

/** The statements of the list whose `Resource` covers the ARN. */
function covering(list: readonly Applicable[], arn: string): readonly Applicable[] {
  let count = 0;
  for (let i = 0; i < list.length; i++) if (statementCovers(list[i].statement, arn)) count++;
  return count === list.length ? list : count === 0 ? NO_APPLICABLE : list.filter((a) => statementCovers(a.statement, arn));
}

function allowsOf(list: readonly ResourceApplicable[]): readonly ResourceApplicable[] {
  let all = true;
  for (let i = 0; i < list.length && all; i++) all = list[i].statement.effect === 'Allow';
  return all ? list : list.filter((r) => r.statement.effect === 'Allow');
}

/** The statements of the list that name the requester itself (not only its account). */
function directOf(list: readonly ResourceApplicable[]): readonly ResourceApplicable[] {
  let all = true;
  for (let i = 0; i < list.length && all; i++) all = list[i].match === PrincipalMatch.DIRECT;
  return all ? list : list.filter((r) => r.match === PrincipalMatch.DIRECT);
}


function anyAllowsOnRepositories(list: readonly Applicable[]): boolean {
  for (let i = 0; i < list.length; i++) if (allowsOnRepositories(list[i])) return true;
  return false;
}

/** A statement (Allow or Deny) with a repository action. */
function hasRepositoryAction(applicable: Applicable): boolean {
  for (const action of applicable.actions) if (REPOSITORY_ACTIONS.has(action)) return true;
  return false;
}

/** An Allow of a repository action: login on `*` alone names no repository. */
function allowsOnRepositories(applicable: Applicable): boolean {
  return applicable.statement.effect === 'Allow' && hasRepositoryAction(applicable);
}

function isEffect(statement: StatementView): boolean {
  return statement.effect === 'Allow' || statement.effect === 'Deny';
}
