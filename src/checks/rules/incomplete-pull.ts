import { EcrActions } from '../../actions/action-sets';
import { findEcrAction } from '../../actions/catalog';
import { patternMatches, UnknownParts } from '../../analysis/arn-pattern';
import { actionList, quote, statementLabel } from '../../analysis/describe';
import { identityScopes } from '../../analysis/identity-scopes';
import { ecrActionsOf, perEcrActionSet, PolicyKind, StatementView } from '../../analysis/policy-view';
import { EcrCheckLevel } from '../check-level';
import { anyMayApply, FindingDraft, Rule } from '../rule';

// What a pull fetches: the manifest (BatchGetImage), then each layer (GetDownloadUrlForLayer).
// BatchCheckLayerAvailability is not needed to pull: AWS's ECS and Lambda pages and the 2024
// AmazonEC2ContainerRegistryPullOnly policy grant exactly these two.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html
const FETCH = EcrActions.LAMBDA_PULL;
const [MANIFEST] = EcrActions.PULL.filter((a) => a.endsWith('BatchGetImage'));
const [LAYER] = EcrActions.PULL.filter((a) => a.endsWith('GetDownloadUrlForLayer'));
// BatchGetImage with PutImage is how an image is retagged, which reads the manifest only
const RETAG = 'ecr:PutImage';
// A pusher's layer download alone on another repository is blob mounting (grantPushMountingFrom):
// "Users need ecr:GetDownloadUrlForLayer IAM permission on a repository to mount layers from it"
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html), with no manifest read.
const [MOUNT] = EcrActions.MOUNT_LAYERS;

/**
 * Catches a principal that may fetch one part of an image but not the other: `GetDownloadUrlForLayer`
 * without `BatchGetImage` (`ecr:Get*` + `ecr:Describe*` is the common form), or the reverse.
 */
export const incompletePull: Rule = {
  id: 'incomplete-pull',
  level: EcrCheckLevel.WARNING,
  summary: 'A principal allowed `ecr:BatchGetImage` without `ecr:GetDownloadUrlForLayer`, or the reverse (often `ecr:Get*` without `ecr:BatchGet*`)',
  why: 'A pull reads the manifest (BatchGetImage) and then downloads each layer (GetDownloadUrlForLayer); with one of them missing, docker, ECS, '
    + 'EKS and Lambda fail part-way with "not authorized to perform: ecr:…". A manifest-only reader (a scanner, a signature tool) is the '
    + 'exception: acknowledge the finding there.',
  fix: 'Grant both: `repository.grantPull(grantee)`, or `EcrActions.PULL` in your own statement',
  check(context) {
    const scopes = identityScopes(context.model);
    for (let i = 0; i < scopes.length; i++) {
      const scope = scopes[i];
      // most scopes have no statement that can start a finding: skipped before any closure is made
      if (!anyMayApply(scope.statements, mayStartFinding)) continue;
      context.guard(scope.resource, 'Properties', () => {
        for (const finding of partialPulls(() => scope.label, scope.statements, (s) => s.resources?.map((r) => r.value) ?? ['*'])) context.report(finding);
      });
    }
    // indexed: run once per synth, unoptimized, where each for…of step over the app's policies allocates
    const policies = context.model.policies;
    for (let p = 0; p < policies.length; p++) {
      const policy = policies[p];
      if (policy.kind !== PolicyKind.REPOSITORY && policy.kind !== PolicyKind.CREATION_TEMPLATE) continue;
      if (!policy.statements.some(mayStartFinding)) continue;
      const byPrincipal = new Map<string, StatementView[]>();
      for (const statement of policy.statements) {
        if (statement.effect !== 'Allow') continue;
        for (const values of statement.principals?.values() ?? []) {
          for (const { value } of values) byPrincipal.set(value, [...byPrincipal.get(value) ?? [], statement]);
        }
      }
      const everyone = byPrincipal.get('*') ?? [];
      for (const [principal, statements] of byPrincipal) {
        const all = principal === '*' ? statements : [...statements, ...everyone];
        for (const finding of partialPulls(() => `principal ${quote(principal)}`, all, () => ['(this repository)'])) context.report(finding);
      }
    }
  },
};

// Of a statement's actions this rule reads only the two fetches and the retag: a resource's are
// those of every statement covering it, merged, instead of sets of every action
const READ_ACTIONS = [...FETCH, RETAG];
const readCache = new WeakMap<StatementView, ReadonlySet<string>>();

function pullActions(statement: StatementView): ReadonlySet<string> {
  let actions = readCache.get(statement);
  if (actions === undefined) {
    const all = ecrActionsOf(statement);
    actions = new Set(READ_ACTIONS.filter((a) => all.has(a)));
    readCache.set(statement, actions);
  }
  return actions;
}

const mountCache = new WeakMap<StatementView, boolean>();

/** Whether the statement allows nothing on a repository but the layer download a blob mount needs. */
function mountsOnly(statement: StatementView): boolean {
  let only = mountCache.get(statement);
  if (only === undefined) {
    only = [...ecrActionsOf(statement)].every((a) => a === MOUNT || findEcrAction(a)?.wildcardOnly === true);
    mountCache.set(statement, only);
  }
  return only;
}

const HAS_MANIFEST = 1;
const HAS_LAYER = 2;
const HAS_RETAG = 4;
const readBits = perEcrActionSet((actions) =>
  (actions.has(MANIFEST) ? HAS_MANIFEST : 0) + (actions.has(LAYER) ? HAS_LAYER : 0) + (actions.has(RETAG) ? HAS_RETAG : 0));

/**
 * Whether a finding can start at the statement. A statement covers its own resources, so one that
 * allows both fetches (every grantPull does) completes each resource it names, and one that allows the
 * manifest read with the retag (every grantPush does) is a retag there: only the rest can start a
 * finding. Most principals have none, and skip the rest of the rule without allocating.
 */
function mayStartFinding(statement: StatementView): boolean {
  if (statement.effect !== 'Allow') return false;
  const bits = readBits(statement);
  return bits === HAS_LAYER || bits === HAS_LAYER + HAS_RETAG || bits === HAS_MANIFEST;
}

/** For each resource an allowed statement names: one fetch action without the other, across every statement covering it. */
function partialPulls(who: () => string, statements: readonly StatementView[], resourcesOf: (s: StatementView) => string[]): FindingDraft[] {
  if (!statements.some(mayStartFinding)) return [];
  const allows = statements.filter((s) => s.effect === 'Allow');
  const grants = allows.map((s) => ({ statement: s, actions: pullActions(s), resources: resourcesOf(s) }));
  const memo = new Map<string, Set<string>>();
  const actionsOn = (resource: string) => {
    let actions = memo.get(resource);
    if (!actions) {
      actions = new Set();
      for (const g of grants) {
        if (g.resources.some((pattern) => patternMatches(pattern, resource, UnknownParts.OPTIMISTIC))) g.actions.forEach((a) => actions!.add(a));
      }
      memo.set(resource, actions);
    }
    return actions;
  };
  let whole: string[] | undefined;
  const pushes = grants.some((g) => g.actions.has(RETAG));
  const isMount = (resource: string) => pushes && actionsOn(resource).has(MOUNT)
    && grants.every((g) => mountsOnly(g.statement) || !g.resources.some((pattern) => patternMatches(pattern, resource, UnknownParts.OPTIMISTIC)));
  const findings: FindingDraft[] = [];
  const reported = new Set<string>();
  for (const grant of grants) {
    if (!FETCH.some((a) => grant.actions.has(a))) continue;
    for (const resource of grant.resources) {
      if (reported.has(resource)) continue;
      const actions = actionsOn(resource);
      const missing = FETCH.filter((a) => !actions.has(a));
      if (missing.length !== 1 || (missing[0] !== MANIFEST && actions.has(RETAG)) || isMount(resource)) continue;
      // a broad statement (Resource "*") that completes a narrower one is how people split login-style grants
      whole ??= grants.flatMap((g) => g.resources).filter((r) => FETCH.every((a) => actionsOn(r).has(a)));
      if (whole.some((narrower) => patternMatches(resource, narrower, UnknownParts.OPTIMISTIC))) continue;
      reported.add(resource);
      const has = FETCH.filter((a) => actions.has(a));
      const where = resource === '(this repository)' ? 'this repository' : quote(resource);
      findings.push({
        resource: grant.statement.policy.resource,
        location: grant.statement.location,
        message: `${who()} may call ${actionList(has)} on ${where} (${statementLabel(grant.statement)}) but not ${actionList(missing)}: `
          + `a pull ${missing[0] === MANIFEST ? 'cannot read the image manifest' : 'reads the manifest, then is denied every layer'}.`,
        fix: `add ${actionList(missing)} beside it (EcrActions.PULL, as repository.grantPull(grantee) grants)`,
      });
    }
  }
  return findings;
}
