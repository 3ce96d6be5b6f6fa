import { Arn, ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { claimBoundedBlocks } from './claim-bounded';
import { issuerHostPath, sharedOidcProvider } from './oidc-provider-registry';
import { ConditionBlock, CiTrust, hasWildcard, withCondition } from './trust';
import { InputProblems, isToken } from '../private/input-problems';

// The trust every OIDC provider (GitHub Actions, GitLab, any issuer) writes: `sts:AssumeRoleWithWebIdentity`
// from the issuer's IAM OIDC provider, with the audience always pinned by `StringEquals` and the subject
// pinned by `StringEquals`, or by `StringLike` only for the subjects that hold a wildcard, each wildcard
// kept within its own claim (see claim-bounded.ts).

/** An OIDC trust, once its input is validated. */
export interface OidcTrustSpec {
  readonly issuerUrl: string;
  readonly audience: string;
  readonly subjects: readonly string[];
  /** Only for the named all-runs opt-ins: the subjects' trailing `*` stands for every remaining claim. */
  readonly wildcardsSpanClaims?: boolean;
  readonly oidcProvider?: iam.IOIDCProviderRef;
  readonly description: string;
  readonly trustsPullRequests: boolean;
  /**
   * Subjects admitted only until a time (`aws:CurrentTime`), each wildcard bounded like the others:
   * the old form of a subject while a provider moves to a new one.
   */
  readonly expiring?: { readonly subjects: readonly string[]; readonly until: string; readonly spanning?: boolean };
  /**
   * When set, the role also allows `sts:TagSession` from the provider, for tokens with the pinned
   * audience whose request tags meet these conditions (the session tags come from the token's claims).
   */
  readonly sessionTagConditions?: ConditionBlock;
  /**
   * Conditions on claims other than `sub` and `aud`, as `<claim>` → values (`StringLike` for patterns,
   * `StringEquals` otherwise), for the issuers whose claims AWS makes condition keys. A token without
   * the claim is refused.
   */
  readonly claims?: Record<string, readonly string[]>;
  /** Runs when the trust is bound to a role's scope (a synth-time warning). */
  readonly onBind?: (scope: IConstruct) => void;
}

export function oidcTrust(spec: OidcTrustSpec): CiTrust {
  const subjects = [...spec.subjects];
  return {
    description: spec.description,
    trustsPullRequests: spec.trustsPullRequests,
    bind(scope) {
      const provider = spec.oidcProvider ?? sharedOidcProvider(scope, spec.issuerUrl, spec.audience);
      const claim = issuerHostPath(spec.issuerUrl);
      let audienceOnly: ConditionBlock = { StringEquals: { [`${claim}:aud`]: spec.audience } };
      for (const [name, values] of Object.entries(spec.claims ?? {})) {
        audienceOnly = withCondition(audienceOnly, values.some(hasWildcard) ? 'StringLike' : 'StringEquals', `${claim}:${name}`, [...values]);
      }
      // no subjects only with the generic provider's explicit unsafeAllowAnySubject
      const blocks = subjects.length === 0 ? [audienceOnly] : claimBoundedBlocks(audienceOnly, `${claim}:sub`, subjects, spec.wildcardsSpanClaims);
      if (spec.expiring) {
        const untilThen = withCondition(audienceOnly, 'DateLessThan', 'aws:CurrentTime', [spec.expiring.until]);
        blocks.push(...claimBoundedBlocks(untilThen, `${claim}:sub`, spec.expiring.subjects, spec.expiring.spanning));
      }
      spec.onBind?.(scope);
      const tagging = spec.sessionTagConditions;
      // STS asks the trust policy for sts:TagSession as well whenever the token carries session tags;
      // its own statement lets the conditions on the tags apply to tagging only
      const statements = tagging === undefined ? [] : [new iam.PolicyStatement({
        actions: ['sts:TagSession'],
        principals: [new iam.FederatedPrincipal(provider.oidcProviderRef.oidcProviderArn, mergeBlocks(audienceOnly, tagging))],
      })];
      return { principals: blocks.map((conditions) => new iam.OpenIdConnectPrincipal(provider, conditions)), statements };
    },
  };
}

// IAM: https:// and a host, optionally a path; no port, query or fragment; at most 255 characters.
const ISSUER_URL = /^https:\/\/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:\/[A-Za-z0-9._~-]+)*$/;

/** Validates an OIDC issuer URL as IAM and the token's `iss` claim need it; tokens are skipped. */
export function checkIssuerUrl(problems: InputProblems, property: string, url: string): void {
  if (isToken(url)) return;
  if (url.length <= 255 && ISSUER_URL.test(url)) return;
  let fix = 'pass the issuer exactly as the token\'s `iss` claim has it, e.g. \'https://gitlab.example.com\'';
  if (url.startsWith('http://')) fix = `IAM accepts only https issuers: use '${url.replace(/^http:/, 'https:')}'`;
  else if (!url.includes('://')) fix = `add the scheme: 'https://${url.replace(/\/+$/, '')}'`;
  else if (url.endsWith('/')) fix = `drop the trailing '/': '${url.replace(/\/+$/, '')}' (the token's iss claim has none)`;
  else if (/[?#]/.test(url)) fix = 'drop the query or fragment: IAM accepts only scheme, host and path';
  else if (/:\d+/.test(url.slice(8))) fix = 'drop the port: IAM does not accept one in an OIDC provider URL';
  else if (/[A-Z]/.test(url)) fix = `write the host in lower case: '${url.toLowerCase()}'`;
  problems.add(property, url,
    'is not an OIDC issuer URL IAM accepts (https://, a host name and optionally a path; no port, query, fragment or trailing \'/\'; at most 255 characters)', fix);
}

/** Validates an OIDC audience: pinned (no wildcard), 1–255 characters, no whitespace; tokens are skipped. */
export function checkAudience(problems: InputProblems, property: string, audience: string): void {
  if (isToken(audience)) return;
  if (hasWildcard(audience)) {
    problems.add(property, audience, 'holds a wildcard, but the audience is always matched exactly (StringEquals)',
      'pass the one audience your CI requests its token for, e.g. \'sts.amazonaws.com\'');
  } else if (audience.length === 0 || audience.length > 255 || /\s/.test(audience)) {
    problems.add(property, audience, 'is not an OIDC audience (1–255 characters, no whitespace)',
      'pass the audience your CI requests its token for, e.g. \'sts.amazonaws.com\'');
  }
}

/** Checks that a given OIDC provider is the one for the issuer (when its ARN is known at synth). */
export function checkOidcProviderIssuer(
  problems: InputProblems, property: string, provider: iam.IOIDCProviderRef | undefined, issuerUrl: string,
): void {
  if (provider === undefined) return;
  const arn = provider.oidcProviderRef.oidcProviderArn;
  if (isToken(arn) || isToken(issuerUrl)) return;
  const expected = issuerHostPath(issuerUrl);
  let name: string | undefined;
  try {
    const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    name = parts.resource === 'oidc-provider' && parts.service === 'iam' ? parts.resourceName : undefined;
  } catch {
    name = undefined;
  }
  if (name === expected) return;
  problems.add(property, arn, `is not the IAM OIDC provider for ${issuerUrl}`,
    `pass the provider whose ARN ends in ':oidc-provider/${expected}' (iam.OidcProviderNative.fromOidcProviderArn(this, 'Provider', arn))`);
}

function mergeBlocks(a: ConditionBlock, b: ConditionBlock): ConditionBlock {
  const merged: ConditionBlock = {};
  for (const block of [a, b]) {
    for (const [operator, entries] of Object.entries(block)) merged[operator] = { ...merged[operator], ...entries };
  }
  return merged;
}
