import { EcrActions, LAYER_UPLOAD_ACTIONS } from '../../actions/action-sets';
import { patternMatches, UnknownParts } from '../../analysis/arn-pattern';
import { actionList, quote, statementLabel } from '../../analysis/describe';
import { identityScopes } from '../../analysis/identity-scopes';
import { ecrActionsOf, perEcrActionSet, PolicyKind, StatementView, uploadsLayers } from '../../analysis/policy-view';
import { EcrCheckLevel } from '../check-level';
import { anyMayApply, FindingDraft, Rule } from '../rule';

const PUSH_LAYER = new Set(EcrActions.PUSH_LAYER);
// a layer upload means "push"; BatchCheckLayerAvailability is also in the pull set grants write
// (EcrActions.PULL), so it alone says nothing, and PutImage alone (with BatchGetImage) is how
// images are retagged
const UPLOADS = new Set(LAYER_UPLOAD_ACTIONS);

/**
 * Catches a push grant with some of the five layer and manifest actions but not all, as in the
 * widely copied "comprehensive" policy that lists the upload actions but not
 * `ecr:BatchCheckLayerAvailability`. A grant is a push when it has a layer upload: `ecr:PutImage`
 * with `ecr:BatchGetImage` alone is a retag, which needs nothing else.
 */
export const incompletePush: Rule = {
  id: 'incomplete-push',
  level: EcrCheckLevel.ERROR,
  summary: 'A layer upload without the rest of the five actions every push calls (`EcrActions.PUSH_LAYER`), in an identity or repository policy',
  why: 'docker push calls BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload and PutImage; with one missing, the push fails part-way with 403 Forbidden or AccessDenied.',
  fix: 'Grant the whole push set: `repository.grantPush(grantee)`, or `EcrActions.PUSH` in your own statement',
  check(context) {
    const scopes = identityScopes(context.model);
    for (let i = 0; i < scopes.length; i++) {
      const scope = scopes[i];
      // most scopes have no statement that can start a finding: skipped before any closure is made
      if (!anyMayApply(scope.statements, startsPartialPush)) continue;
      context.guard(scope.resource, 'Properties', () => {
        for (const finding of partialPushes(() => scope.label, scope.statements, (s) => s.resources?.map((r) => r.value) ?? ['*'])) context.report(finding);
      });
    }
    // indexed: run once per synth, unoptimized, where each for…of step over the app's policies allocates
    const policies = context.model.policies;
    for (let policyIndex = 0; policyIndex < policies.length; policyIndex++) {
      const policy = policies[policyIndex];
      if (policy.kind !== PolicyKind.REPOSITORY) continue;
      // without a partial statement no principal's statements can be partial: only services are read
      const grouped = policy.statements.some(startsPartialPush);
      if (!grouped) {
        strayServiceUploads(policy.statements, context.report);
        continue;
      }
      const byPrincipal = new Map<string, StatementView[]>();
      const everyone: StatementView[] = [];
      for (const statement of policy.statements) {
        if (statement.effect !== 'Allow') continue;
        for (const [type, values] of statement.principals ?? []) {
          for (const principal of values) {
            const value = principal.value;
            if (type === 'Service') strayServiceUpload(statement, value, principal.location, context.report);
            else if (value === '*') everyone.push(statement);
            else byPrincipal.set(value, [...byPrincipal.get(value) ?? [], statement]);
          }
        }
      }
      const groups: Array<[string, StatementView[]]> = [...byPrincipal].map(([p, ss]) => [p, [...ss, ...everyone]]);
      if (everyone.length > 0) groups.push(['*', everyone]);
      for (const [principal, statements] of groups) {
        for (const finding of partialPushes(() => `principal ${quote(principal)}`, statements, () => ['(this repository)'])) context.report(finding);
      }
    }
  },
};

/**
 * AWS services read images through repository policies (Lambda, CodeBuild) but never push through
 * them: a layer upload there is stray (jdxops/aws-rag-pipeline's "LambdaImagePull"), and the advice is
 * to remove it, not to complete a push nobody meant.
 */
function strayServiceUpload(statement: StatementView, service: string, location: string, report: (finding: FindingDraft) => void): void {
  // a whole push set is complete, if broader than a service needs: not this rule's finding
  if (!uploadsLayers(statement) || [...PUSH_LAYER].every((a) => ecrActionsOf(statement).has(a))) return;
  const uploads = [...ecrActionsOf(statement)].filter((a) => UPLOADS.has(a) || a === 'ecr:PutImage');
  report({
    resource: statement.policy.resource,
    location,
    message: `${statementLabel(statement)} allows ${actionList(uploads)} to the service ${quote(service)}, which never pushes through a repository policy.`,
    fix: `remove ${actionList(uploads)} from the statement: the service needs only what it reads (EcrActions.LAMBDA_PULL for Lambda)`,
  });
}

/**
 * The service principals' stray uploads of a repository policy none of whose statements starts a
 * partial push (every policy of most apps), read statement by statement without grouping principals.
 */
function strayServiceUploads(statements: readonly StatementView[], report: (finding: FindingDraft) => void): void {
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    const services = statement.effect === 'Allow' ? statement.principals?.get('Service') : undefined;
    if (services === undefined) continue;
    for (let j = 0; j < services.length; j++) strayServiceUpload(statement, services[j].value, services[j].location, report);
  }
}

const uploadsPartially = perEcrActionSet((actions) => [...UPLOADS].some((a) => actions.has(a)) && ![...PUSH_LAYER].every((a) => actions.has(a)));

/**
 * A statement covers its own resources: one with the whole layer set (every grantPush) completes each
 * resource it names, so only a statement that uploads without the whole set can start a finding.
 */
function startsPartialPush(statement: StatementView): boolean {
  return statement.effect === 'Allow' && uploadsPartially(statement);
}

/** For each resource some statement grants layer actions on: the layer actions no statement covers. */
function partialPushes(who: () => string, statements: readonly StatementView[], resourcesOf: (s: StatementView) => string[]): FindingDraft[] {
  if (!statements.some(startsPartialPush)) return [];
  const allGrants = statements
    .filter((s) => s.effect === 'Allow')
    .map((s) => ({ statement: s, actions: [...ecrActionsOf(s)].filter((a) => PUSH_LAYER.has(a)), resources: resourcesOf(s) }));
  const grants = allGrants
    .filter((g) => g.actions.some((a) => UPLOADS.has(a)));

  const granted = new Map<string, Set<string>>();
  for (const grant of grants) {
    for (const resource of grant.resources) {
      if (granted.has(resource)) continue;
      const actions = new Set<string>();
      for (const other of allGrants) {
        if (!other.resources.some((pattern) => patternMatches(pattern, resource, UnknownParts.OPTIMISTIC))) continue;
        other.actions.forEach((a) => actions.add(a));
      }
      granted.set(resource, actions);
    }
  }
  const complete = [...granted].filter(([, actions]) => actions.size === PUSH_LAYER.size).map(([resource]) => resource);

  const findings: FindingDraft[] = [];
  const reported = new Set<string>();
  for (const grant of grants) {
    for (const resource of grant.resources) {
      const actions = granted.get(resource)!;
      if (actions.size === PUSH_LAYER.size || reported.has(resource)) continue;
      // a broad statement (Resource "*") that completes a narrower one is how people split login-style grants
      if (complete.some((narrower) => patternMatches(resource, narrower, UnknownParts.OPTIMISTIC))) continue;
      reported.add(resource);
      const missing = [...PUSH_LAYER].filter((a) => !actions.has(a));
      const where = resource === '(this repository)' ? 'this repository' : quote(resource);
      findings.push({
        resource: grant.statement.policy.resource,
        location: grant.statement.location,
        message: `${who()} may call ${actionList(actions)} on ${where} (${statementLabel(grant.statement)}) but not ${actionList(missing)}: a push needs all five.`,
        fix: `add ${actionList(missing)} (or grant EcrActions.PUSH, AWS's documented push set, as repository.grantPush(grantee) does)`,
      });
    }
  }
  return findings;
}
