import { hasWildcard, parseArn, UnknownParts } from '../analysis/arn-pattern';
import { Located, StatementView } from '../analysis/policy-view';
import { accountNamedBy, PrincipalMatch, principalValueMatch, PrincipalValueMatch, Requester } from '../analysis/principal-match';

// A repository policy statement's principals, sorted so that "does it name this requester?" is a
// few set lookups: the report asks it for every principal of the app against every repository.

interface PrincipalIndex extends NamedPrincipals {
  readonly star: boolean;
  /** Values that need the full matcher: sessions, wildcards, anything unusual. */
  readonly others: ReadonlyArray<readonly [type: string, value: string]>;
}

const NONE: PrincipalValueMatch = { match: PrincipalMatch.NONE };
const DIRECT: PrincipalValueMatch = { match: PrincipalMatch.DIRECT };
const ACCOUNT: PrincipalValueMatch = { match: PrincipalMatch.ACCOUNT };

const principalIndexes = new WeakMap<StatementView, PrincipalIndex>();
const notPrincipalIndexes = new WeakMap<StatementView, PrincipalIndex>();

/**
 * How the statement's `Principal` names the requester (for `NotPrincipal`: everyone its values do
 * not name, as AWS matches it).
 */
export function statementPrincipalMatch(statement: StatementView, requester: Requester): PrincipalValueMatch {
  if (statement.notPrincipals) {
    const named = indexMatch(indexOf(notPrincipalIndexes, statement, statement.notPrincipals), requester);
    return named.match === PrincipalMatch.NONE ? DIRECT : NONE;
  }
  return indexMatch(indexOf(principalIndexes, statement, statement.principals), requester);
}

/** True when the statement's `Principal` has `*` (as a whole or as a type's value): it names everyone. */
export function namesEveryone(statement: StatementView): boolean {
  return indexOf(principalIndexes, statement, statement.principals).star;
}

/** The ARNs, accounts and services a statement certainly names. */
export interface NamedPrincipals {
  readonly arns: ReadonlySet<string>;
  readonly accounts: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
}

/**
 * The requesters a statement certainly names and no others, or undefined when it may name anyone
 * (`*`, `NotPrincipal`, values that need the full matcher).
 */
export function namedPrincipals(statement: StatementView): NamedPrincipals | undefined {
  if (statement.notPrincipals) return undefined;
  const index = indexOf(principalIndexes, statement, statement.principals);
  return index.star || index.others.length > 0 ? undefined : index;
}

function indexMatch(index: PrincipalIndex, requester: Requester): PrincipalValueMatch {
  if (index.star) return DIRECT;
  if (requester.service !== undefined) {
    if (index.services.has(requester.service)) return DIRECT;
  } else if (requester.arn !== undefined && index.arns.has(requester.arn)) {
    return DIRECT;
  }
  let best = requester.service === undefined && requester.account !== undefined && index.accounts.has(requester.account) ? ACCOUNT : NONE;
  for (let i = 0; i < index.others.length; i++) {
    const type = index.others[i][0];
    const value = index.others[i][1];
    const found = principalValueMatch(type, value, requester, UnknownParts.STRICT);
    if (found.match === PrincipalMatch.DIRECT && found.sessionName === undefined) return found;
    if (found.match === PrincipalMatch.DIRECT || (found.match === PrincipalMatch.ACCOUNT && best.match === PrincipalMatch.NONE)) best = found;
  }
  return best;
}

function indexOf(
  cache: WeakMap<StatementView, PrincipalIndex>, statement: StatementView, principals: ReadonlyMap<string, readonly Located[]> | undefined,
): PrincipalIndex {
  let index = cache.get(statement);
  if (!index) {
    index = buildIndex(principals);
    cache.set(statement, index);
  }
  return index;
}

// most statements name one kind of principal: the kinds they do not name share one empty set
const NO_VALUES: ReadonlySet<string> = new Set();
const NO_OTHERS: ReadonlyArray<readonly [string, string]> = [];

function buildIndex(principals: ReadonlyMap<string, readonly Located[]> | undefined): PrincipalIndex {
  let star = false;
  let arns: Set<string> | undefined;
  let accounts: Set<string> | undefined;
  let services: Set<string> | undefined;
  let others: Array<readonly [string, string]> | undefined;
  // one index per resource policy statement of the app (hundreds): a callback, not a for-of of entries
  principals?.forEach((values, type) => {
    for (let i = 0; i < values.length; i++) {
      const value = values[i].value;
      if (value === '*') {
        star = true;
      } else if (hasWildcard(value)) {
        (others ??= []).push([type, value]);
      } else if (type === 'Service') {
        (services ??= new Set()).add(value);
      } else if (type !== 'AWS') {
        continue; // Federated, CanonicalUser: never an ECR requester
      } else {
        const account = accountNamedBy(value);
        if (account !== undefined) (accounts ??= new Set()).add(account);
        else if (parseArn(value)?.service === 'iam') (arns ??= new Set()).add(value);
        else (others ??= []).push([type, value]); // sessions (sts) and anything else
      }
    }
  });
  return { star, arns: arns ?? NO_VALUES, accounts: accounts ?? NO_VALUES, services: services ?? NO_VALUES, others: others ?? NO_OTHERS };
}
