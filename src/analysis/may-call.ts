import { patternMatches, textMatches, UnknownParts } from './arn-pattern';
import { StatementView } from './policy-view';

// Whether identity statements let a principal call one action, of any service, on one resource: for
// the checks and the report that need an action outside ECR's catalogue (signer:SignPayload) or a
// quick yes or no without the report's conditions.

/**
 * True when the statements allow the action on the resource and no Deny without a condition takes it
 * back. Conditions of an Allow are assumed to hold, and a deploy-time part matches anything: only a
 * certain gap is reported.
 */
export function mayCall(statements: readonly StatementView[], action: string, resourceArn: string): boolean {
  const applies = (s: StatementView) => coversAction(s, action)
    && (s.resources ?? []).some((r) => patternMatches(r.value, resourceArn, UnknownParts.OPTIMISTIC));
  return statements.some((s) => s.effect === 'Allow' && applies(s))
    && !statements.some((s) => s.effect === 'Deny' && !s.condition && applies(s));
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards; `NotAction` covers what it does not name. */
function coversAction(statement: StatementView, action: string): boolean {
  const lower = action.toLowerCase();
  const matches = (pattern: string) => textMatches(pattern.toLowerCase(), lower);
  if (statement.actions) return statement.actions.some((a) => matches(a.value));
  if (statement.notActions) return !statement.notActions.some((a) => matches(a.value));
  return false;
}
