import { PrincipalView } from './access-model';
import { parseArn, patternMatches, UnknownParts } from './arn-pattern';
import { StatementView } from './policy-view';

// Whether a resource-policy statement's `Principal` names a principal of the app: `*`, its account
// (12-digit id or the account's root ARN, which trusts every principal of the account), or its ARN.

export function statementNamesPrincipal(statement: StatementView, principal: PrincipalView, unknown: UnknownParts): boolean {
  for (const value of statement.principals?.get('AWS') ?? []) {
    if (principalValueMatches(value.value, principal, unknown)) return true;
  }
  return false;
}

function principalValueMatches(value: string, principal: PrincipalView, unknown: UnknownParts): boolean {
  if (value === '*' || value === principal.account) return true;
  const arn = parseArn(value);
  if (arn && arn.resource === 'root' && arn.service === 'iam') {
    return arn.account === principal.account || patternMatches(arn.account, principal.account, unknown);
  }
  return patternMatches(value, principal.arn, unknown);
}
