import { parseArn, patternMatches, UnknownParts } from './arn-pattern';
import { isKnown } from './cfn-values';
import { PrincipalView } from './model-views';
import { StatementView } from './policy-view';
import { isAccountId } from '../private/ecr-names';

// Whether a resource-policy statement's `Principal` names a principal: `*`, its account (12-digit id
// or the account's root ARN), its ARN, or a session of it (`arn:aws:sts::…:assumed-role/<role>/<session>`).

/**
 * How a `Principal` value names a requester. AWS treats the two kinds of match differently: naming
 * the account delegates to the account's own IAM policies, naming the principal grants to it.
 */
export enum PrincipalMatch {
  NONE = 'none',
  /** The value names the requester's account (`111111111111`, `arn:aws:iam::111111111111:root`). */
  ACCOUNT = 'account',
  /** The value names the requester itself, or is `*`. */
  DIRECT = 'direct',
}

/** Who makes a request, as far as the app knows. */
export interface Requester {
  /** The role's or user's ARN (a role's sessions are matched through it). */
  readonly arn?: string;
  /** The account, when known. */
  readonly account?: string;
  /** The service principal (`lambda.amazonaws.com`), for a request an AWS service makes. */
  readonly service?: string;
}

export interface PrincipalValueMatch {
  readonly match: PrincipalMatch;
  /** Set when the value names one session of the requester's role: the match holds for that session only. */
  readonly sessionName?: string;
}

const NO_MATCH: PrincipalValueMatch = { match: PrincipalMatch.NONE };

/**
 * How one value of a statement's `Principal` (of type `AWS` or `Service`) names the requester.
 * `*` names every requester, AWS services included, as AWS evaluates it.
 */
/** The account a principal value names as a whole (`123456789012` or `arn:…:iam::123456789012:root`); undefined for anything else. */
export function accountNamedBy(value: string): string | undefined {
  if (isAccountId(value)) return value;
  const arn = parseArn(value);
  return arn?.service === 'iam' && arn.resource === 'root' ? arn.account : undefined;
}

export function principalValueMatch(type: string, value: string, requester: Requester, unknown: UnknownParts): PrincipalValueMatch {
  if (value === '*') return { match: PrincipalMatch.DIRECT };
  if (type === 'Service') return value === requester.service ? { match: PrincipalMatch.DIRECT } : NO_MATCH;
  if (type !== 'AWS' || requester.service !== undefined) return NO_MATCH;

  const account = requester.account;
  const named = accountNamedBy(value);
  if (named !== undefined) return account !== undefined && patternMatches(named, account, unknown) ? { match: PrincipalMatch.ACCOUNT } : NO_MATCH;
  const arn = parseArn(value);
  if (requester.arn === undefined) return NO_MATCH;
  if (patternMatches(value, requester.arn, unknown)) return { match: PrincipalMatch.DIRECT };
  const session = arn && arn.service === 'sts' ? /^assumed-role\/([^/]+)\/(.+)$/.exec(arn.resource) : null;
  const role = parseArn(requester.arn);
  if (session && role && role.service === 'iam' && role.resource.startsWith('role/')
    && patternMatches(arn!.account, role.account, unknown) && role.resource.split('/').pop() === session[1]) {
    return { match: PrincipalMatch.DIRECT, sessionName: session[2] };
  }
  return NO_MATCH;
}

/** True when a resource-policy statement's `Principal` names a principal of the app (a session of it, too, when optimistic). */
export function statementNamesPrincipal(statement: StatementView, principal: PrincipalView, unknown: UnknownParts): boolean {
  const requester: Requester = { arn: principal.arn, account: principal.account };
  for (const value of statement.principals?.get('AWS') ?? []) {
    const { match, sessionName } = principalValueMatch('AWS', value.value, requester, unknown);
    if (match !== PrincipalMatch.NONE && (sessionName === undefined || unknown === UnknownParts.OPTIMISTIC)) return true;
  }
  return false;
}

/**
 * True when a statement's conditions on who the principal is cannot hold for this principal of the
 * app: `aws:PrincipalTag/<key>` under `StringEquals` (aws-cdk-lib's cross-account grant to a role
 * of the app), and `aws:PrincipalArn` under `ArnEquals`/`ArnLike`/`StringEquals`/`StringLike` (this
 * library's grant to a role of another account with a fixed name). Both are in the template: its
 * tags are, so a key it does not carry is absent (as the report reads them), and so is its ARN when
 * its name is fixed; a generated name is still not the fixed name of another principal of the app
 * (`others`), since IAM names are unique in an account. Anything else not known at synth, and every
 * other condition, is taken to hold.
 */
export function principalConditionsExclude(statement: StatementView, principal: PrincipalView, others: readonly PrincipalView[] = []): boolean {
  for (const [operator, block] of Object.entries(statement.condition ?? {})) {
    for (const [key, expected] of Object.entries(block ?? {})) {
      const values = [expected].flat();
      if (values.some((v) => typeof v !== 'string' || !isKnown(v))) continue;
      const tagKey = /^aws:PrincipalTag\/(.+)$/i.exec(key)?.[1];
      if (tagKey !== undefined && tagExcludes(operator, tagKey, values as string[], principal)) return true;
      if (key.toLowerCase() === 'aws:principalarn' && arnExcludes(operator, values as string[], principal, others)) return true;
    }
  }
  return false;
}

function tagExcludes(operator: string, tagKey: string, values: readonly string[], principal: PrincipalView): boolean {
  const ignoreCase = operator === 'StringEqualsIgnoreCase';
  if (operator !== 'StringEquals' && !ignoreCase) return false;
  const tag = [...principal.tags].find(([k]) => k.toLowerCase() === tagKey.toLowerCase())?.[1];
  if (tag !== undefined && !isKnown(tag)) return false;
  return tag === undefined || !values.some((v) => (ignoreCase ? v.toLowerCase() === tag.toLowerCase() : v === tag));
}

function arnExcludes(operator: string, values: readonly string[], principal: PrincipalView, others: readonly PrincipalView[]): boolean {
  if (!/^(ArnEquals|ArnLike|StringEquals|StringLike)$/.test(operator)) return false;
  if (isKnown(principal.arn)) return !values.some((v) => patternMatches(v, principal.arn, UnknownParts.STRICT));
  const taken = new Set(others.filter((o) => o !== principal && isKnown(o.arn)).map((o) => o.arn));
  return values.every((v) => taken.has(v));
}
