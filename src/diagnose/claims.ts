import { textMatches } from '../analysis/arn-pattern';
import { PolicyView } from '../analysis/policy-view';

// The claims of an OIDC token as CI jobs print them (`sub: repo:acme/api:ref:refs/heads/main`,
// `"aud": "sts.amazonaws.com"`), checked against the conditions of a role's trust policy.

const CLAIM = /(?:^|[\s{,])"?(sub|aud|iss|amr)"?\s?[:=]\s?"?([^"\s,}]{1,400})/g;
const STRING_OPERATORS = /^(?:ForAnyValue:|ForAllValues:)?String(Equals|Like)(?:IgnoreCase)?$/;

/** The claims the text states, by name; empty when it states none. */
export function claimsIn(text: string): Map<string, string> {
  const claims = new Map<string, string>();
  CLAIM.lastIndex = 0;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = CLAIM.exec(text)) !== null && guard++ < 200) if (!claims.has(m[1])) claims.set(m[1], m[2]);
  return claims;
}

/**
 * The trust conditions on claims the text states that those claims fail, as
 * `StringEquals token.actions.githubusercontent.com:sub = repo:acme/api:ref:refs/heads/main (the token: repo:acme/api:pull_request)`;
 * undefined when the text states no claim a condition tests. A condition passes when any statement
 * allowing web identity passes it.
 */
export function trustConditionsFailing(trust: PolicyView | undefined, text: string): string[] | undefined {
  const claims = claimsIn(text);
  let tested = false;
  const failing: string[] = [];
  for (const statement of trust?.statements ?? []) {
    if (statement.effect !== 'Allow' || !(statement.actions ?? []).some((a) => textMatches(a.value, 'sts:AssumeRoleWithWebIdentity'))) continue;
    const failingHere: string[] = [];
    for (const [operator, keys] of Object.entries(statement.condition ?? {})) {
      const kind = STRING_OPERATORS.exec(operator)?.[1];
      if (kind === undefined) continue;
      for (const [key, expected] of Object.entries(keys ?? {})) {
        const claim = claims.get(key.slice(key.lastIndexOf(':') + 1));
        if (claim === undefined) continue;
        tested = true;
        const values = [expected].flat().map(String);
        const holds = values.some((v) => (kind === 'Like' ? textMatches(v, claim) : v === claim));
        if (!holds) failingHere.push(`${operator} ${key} = ${values.join(' | ')} (the token: ${claim})`);
      }
    }
    if (failingHere.length === 0 && tested) return [];
    failing.push(...failingHere);
  }
  return tested ? failing : undefined;
}
