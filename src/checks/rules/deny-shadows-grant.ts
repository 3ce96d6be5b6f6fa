import { EcrActions } from '../../actions/action-sets';
import { UnknownParts } from '../../analysis/arn-pattern';
import { isKnown } from '../../analysis/cfn-values';
import { actionList, quote, statementLabel } from '../../analysis/describe';
import { identityScopes } from '../../analysis/identity-scopes';
import { ecrActionsOf, statementCovers, StatementView } from '../../analysis/policy-view';
import { statementNamesPrincipal } from '../../analysis/principal-match';
import { EcrCheckLevel } from '../check-level';
import { FindingDraft, Rule } from '../rule';

/** What this library's grants allow: login, pull, push, create, Lambda pull. */
const GRANTED_BY_LIBRARY = new Set(
  [...EcrActions.LOGIN, ...EcrActions.PULL_PUSH, ...EcrActions.CREATE, ...EcrActions.LAMBDA_PULL].map((a) => a.toLowerCase()),
);

/**
 * Warns when an unconditional `Deny` takes away what a grant of this library (a statement of only
 * login, pull, push, create or Lambda-pull actions) allows, in the principal's own policies or in the
 * repository policy.
 */
export const denyShadowsGrant: Rule = {
  id: 'deny-shadows-grant',
  level: EcrCheckLevel.WARNING,
  summary: 'A `Deny` without a condition that takes away a pull, push, login or create grant',
  why: 'An explicit Deny wins over every Allow: the grant has no effect, and the request fails with "… with an explicit deny in an identity-based (or resource-based) policy".',
  fix: 'Narrow the `Deny` (other actions or resources, or a condition), or drop the grant; if the `Deny` is a deliberate guardrail, acknowledge with the reason',
  check(context) {
    const { model } = context;
    // indexed: run once per synth, unoptimized, where each for…of step over the app's scopes allocates
    const scopes = identityScopes(model);
    for (let i = 0; i < scopes.length; i++) {
      const scope = scopes[i];
      if (!scope.principal) continue;
      const denies = scope.statements.filter(isUnconditionalDeny);
      if (denies.length === 0) continue;
      context.guard(scope.resource, 'Properties', () => {
        for (const grant of scope.statements.filter(isLibraryGrant)) {
          for (const deny of denies) {
            const resources = (grant.resources ?? []).map((r) => r.value).filter((r) => statementCovers(deny, r));
            const finding = shadow(deny, grant, resources.map(quote).join(', '));
            if (resources.length > 0 && finding) context.report(finding);
          }
        }
      });
    }

    for (const repository of model.repositories) {
      const denies = repository.policy?.statements.filter(isUnconditionalDeny) ?? [];
      if (denies.length === 0) continue;
      context.guard(repository.resource, 'Properties/RepositoryPolicyText', () => {
        for (const grant of repository.policy!.statements.filter(isLibraryGrant)) {
          for (const deny of denies.filter((d) => sharesPrincipal(d, grant))) {
            const finding = shadow(deny, grant, 'this repository');
            if (finding) context.report(finding);
          }
        }
        for (const principal of model.principals) {
          const grants = model.identityPolicies(principal).flatMap((p) => p.statements)
            .filter((s) => isLibraryGrant(s) && (s.resources ?? []).some((r) => r.value === repository.arn));
          for (const grant of grants) {
            for (const deny of denies.filter((d) => statementNamesPrincipal(d, principal, UnknownParts.STRICT))) {
              const finding = shadow(deny, grant, `repository ${quote(repository.arn)}`);
              if (finding) context.report(finding);
            }
          }
        }
      });
    }
  },
};

function shadow(deny: StatementView, grant: StatementView, where: string): FindingDraft | undefined {
  const denied = ecrActionsOf(deny);
  const lost = (grant.actions ?? []).map((a) => a.value).filter((a) => [...denied].some((d) => d.toLowerCase() === a.toLowerCase()));
  if (lost.length === 0) return undefined;
  return {
    resource: deny.policy.resource,
    location: deny.location,
    message: `The Deny in ${statementLabel(deny)} has no condition and denies ${actionList(lost)}, which ${statementLabel(grant)} allows on ${where}: that grant has no effect.`,
    fix: 'exclude those actions or resources from the Deny, or give it a condition; if the Deny is a deliberate guardrail, remove the grant or acknowledge this warning with the reason',
  };
}

function isUnconditionalDeny(statement: StatementView): boolean {
  return statement.effect === 'Deny' && !statement.condition;
}

function isLibraryGrant(statement: StatementView): boolean {
  const actions = statement.actions ?? [];
  return statement.effect === 'Allow' && actions.length > 0
    && actions.every(({ value }) => isKnown(value) && GRANTED_BY_LIBRARY.has(value.toLowerCase()));
}

function sharesPrincipal(deny: StatementView, grant: StatementView): boolean {
  const denied = new Set([...deny.principals?.values() ?? []].flat().map((p) => p.value));
  if (denied.has('*')) return true;
  return [...grant.principals?.values() ?? []].flat().some((p) => denied.has(p.value));
}
