import { EcrActions } from '../../actions/action-sets';
import { findEcrAction } from '../../actions/catalog';
import { patternMatches, UnknownParts } from '../../analysis/arn-pattern';
import { actionList, quote, statementLabel } from '../../analysis/describe';
import { identityScopes } from '../../analysis/identity-scopes';
import { ecrActionsOf, PolicyKind, StatementView } from '../../analysis/policy-view';
import { EcrCheckLevel } from '../check-level';
import { FindingDraft, Rule } from '../rule';

// What a pull fetches: the manifest (BatchGetImage), then each layer (GetDownloadUrlForLayer).
// BatchCheckLayerAvailability is not needed to pull: AWS's ECS and Lambda pages and the 2024
// AmazonEC2ContainerRegistryPullOnly policy grant exactly these two.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html
const FETCH = EcrActions.LAMBDA_PULL;
const [MANIFEST] = EcrActions.PULL.filter((a) => a.endsWith('BatchGetImage'));
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
    for (const scope of identityScopes(context.model)) {
      context.guard(scope.resource, 'Properties', () => {
        for (const finding of partialPulls(scope.label, scope.statements, (s) => s.resources?.map((r) => r.value) ?? ['*'])) context.report(finding);
      });
    }
    for (const policy of context.model.policies) {
      if (policy.kind !== PolicyKind.REPOSITORY && policy.kind !== PolicyKind.CREATION_TEMPLATE) continue;
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
        for (const finding of partialPulls(`principal ${quote(principal)}`, all, () => ['(this repository)'])) context.report(finding);
      }
    }
  },
};

/** For each resource an allowed statement names: one fetch action without the other, across every statement covering it. */
function partialPulls(who: string, statements: readonly StatementView[], resourcesOf: (s: StatementView) => string[]): FindingDraft[] {
  const grants = statements.filter((s) => s.effect === 'Allow').map((s) => ({ statement: s, actions: ecrActionsOf(s), resources: resourcesOf(s) }));
  if (!grants.some((g) => FETCH.some((a) => g.actions.has(a)))) return [];
  const memo = new Map<string, Set<string>>();
  const actionsOn = (resource: string) => {
    let actions = memo.get(resource);
    if (!actions) {
      const covering = grants.filter((g) => g.resources.some((pattern) => patternMatches(pattern, resource, UnknownParts.OPTIMISTIC)));
      actions = new Set(covering.flatMap((g) => [...g.actions]));
      memo.set(resource, actions);
    }
    return actions;
  };
  const whole = grants.flatMap((g) => g.resources).filter((r) => FETCH.every((a) => actionsOn(r).has(a)));
  const pushes = grants.some((g) => g.actions.has(RETAG));
  // login and other account-level actions on '*' say nothing of the repository
  const isMount = (actions: Set<string>) => pushes && actions.has(MOUNT)
    && [...actions].every((a) => a === MOUNT || findEcrAction(a)?.wildcardOnly === true);
  const findings: FindingDraft[] = [];
  const reported = new Set<string>();
  for (const grant of grants) {
    if (!FETCH.some((a) => grant.actions.has(a))) continue;
    for (const resource of grant.resources) {
      if (reported.has(resource)) continue;
      const actions = actionsOn(resource);
      const missing = FETCH.filter((a) => !actions.has(a));
      if (missing.length !== 1 || (missing[0] !== MANIFEST && actions.has(RETAG)) || isMount(actions)) continue;
      // a broad statement (Resource "*") that completes a narrower one is how people split login-style grants
      if (whole.some((narrower) => patternMatches(resource, narrower, UnknownParts.OPTIMISTIC))) continue;
      reported.add(resource);
      const has = FETCH.filter((a) => actions.has(a));
      const where = resource === '(this repository)' ? 'this repository' : quote(resource);
      findings.push({
        resource: grant.statement.policy.resource,
        location: grant.statement.location,
        message: `${who} may call ${actionList(has)} on ${where} (${statementLabel(grant.statement)}) but not ${actionList(missing)}: `
          + `a pull ${missing[0] === MANIFEST ? 'cannot read the image manifest' : 'reads the manifest, then is denied every layer'}.`,
        fix: `add ${actionList(missing)} beside it (EcrActions.PULL, as repository.grantPull(grantee) grants)`,
      });
    }
  }
  return findings;
}
