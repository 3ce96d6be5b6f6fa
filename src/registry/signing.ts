import { ArnFormat, Resource, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as signer from 'aws-cdk-lib/aws-signer';
import { knownPartition } from '../policy/render';
import { InputProblems, isToken } from '../private/input-problems';

// ECR managed signing: ECR signs each image pushed to a matching repository "using the identity of
// the entity pushing the image", so every pusher needs signer:SignPayload on the signing profile,
// beside the push actions (https://docs.aws.amazon.com/AmazonECR/latest/userguide/managed-signing.html).

/**
 * What a pusher needs to have its image signed: AWS Signer's action, outside the ECR catalogue.
 * Its name is checked against AWS's service-authorization data by the tests.
 */
export const SIGN_PAYLOAD = 'signer:SignPayload';

/** ECR's limits on a signing configuration (AWS::ECR::SigningConfiguration). */
const MAX_RULES = 50;
const MAX_FILTERS = 100;
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_SigningRepositoryFilter.html
const FILTER_PATTERN = /^(?:[a-z0-9*]+(?:[._-][a-z0-9*]+)*\/)*[a-z0-9*]+(?:[._-][a-z0-9*]+)*$/;

/**
 * A rule of the registry's managed signing: images pushed to the repositories it matches are signed
 * with its AWS Signer profile.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/managed-signing.html
 */
export interface SigningRule {
  /**
   * The AWS Signer profile that signs the images, in the registry's region, for the platform
   * `Notation-OCI-SHA384-ECDSA` (`signer.Platform.NOTATION_OCI_SHA384_ECDSA`). Pushers get
   * `signer:SignPayload` on it.
   */
  readonly signingProfile: signer.ISigningProfile;

  /**
   * Repository names the rule matches, with `*` matching any characters (`prod/*`, `*-release`).
   * Up to 100.
   *
   * @default - every repository of the registry
   */
  readonly repositoryFilters?: string[];
}

/**
 * The ARN of a signing profile, as ECR and IAM name it (`…:/signing-profiles/<name>`). An imported
 * profile's `signingProfileArn` has a double slash (aws-cdk-lib builds it with an empty resource),
 * which matches neither ECR's pattern nor IAM's resource, so it is built again here.
 */
export function signingProfileArn(profile: signer.ISigningProfile): string {
  if (Resource.isOwnedResource(profile)) return profile.signingProfileArn;
  const stack = Stack.of(profile);
  return stack.formatArn({
    partition: knownPartition(stack),
    service: 'signer',
    account: profile.env.account,
    region: profile.env.region,
    resource: '/signing-profiles',
    resourceName: profile.signingProfileName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** Checks signing rules (`at` names them: `signingRules`, `rule`), all problems at once. */
export function checkSigningRules(problems: InputProblems, at: string, rules: readonly SigningRule[], registryRegion: string, existing = 0): void {
  if (existing + rules.length > MAX_RULES) {
    problems.add(at, `${existing + rules.length} rules`, `is more than ECR's ${MAX_RULES} signing rules per registry`, 'merge rules that use the same profile');
  }
  rules.forEach((rule, i) => {
    const label = rules.length === 1 && at === 'rule' ? at : `${at}[${i}]`;
    if (rule.signingProfile === undefined || rule.signingProfile === null || rule.signingProfile.signingProfileName === undefined) {
      problems.add(`${label}.signingProfile`, rule.signingProfile, 'must be an AWS Signer profile', 'pass a signer.SigningProfile (platform NOTATION_OCI_SHA384_ECDSA)');
      return;
    }
    const region = rule.signingProfile.env.region;
    if (Token.compareStrings(region, registryRegion) === TokenComparison.DIFFERENT) {
      problems.add(`${label}.signingProfile`, rule.signingProfile.node.path, `is in ${region}, and ECR signs only with profiles of the registry's region (${registryRegion})`,
        `create or import a signing profile in ${registryRegion}`);
    }
    const filters = rule.repositoryFilters;
    if (filters === undefined || isToken(filters)) return;
    if (filters.length === 0 || filters.length > MAX_FILTERS) {
      problems.add(`${label}.repositoryFilters`, `${filters.length} filters`, `must list 1 to ${MAX_FILTERS} filters`,
        filters.length === 0 ? 'omit repositoryFilters to sign every repository' : 'use wildcards (prod/*) to cover several repositories with one filter');
    }
    filters.forEach((filter, j) => {
      if (!isToken(filter) && (filter.length > 256 || !FILTER_PATTERN.test(filter))) {
        problems.add(`${label}.repositoryFilters[${j}]`, filter, 'is not a repository name filter (lowercase letters, digits, . _ - / and * wildcards)',
          'write a repository name with * for any characters, e.g. \'prod/*\'');
      }
    });
  });
}

/** The `Rules` of the signing configuration. */
export function renderSigningRules(rules: readonly SigningRule[]): ecr.CfnSigningConfiguration.RuleProperty[] {
  return rules.map((rule) => ({
    signingProfileArn: signingProfileArn(rule.signingProfile),
    repositoryFilters: rule.repositoryFilters?.map((filter) => ({ filter, filterType: 'WILDCARD_MATCH' })),
  }));
}

/** True when a filter (`prod/*`) matches a repository name: `*` is any sequence of characters. */
export function filterMatches(filter: string, repositoryName: string): boolean {
  const pattern = filter.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(repositoryName);
}

/**
 * True when some repository name matches both patterns, where `*` is any sequence of characters: a
 * signing filter (`prod/*`) and the names a push grant covers (`team-a/*` for a namespace, or one
 * name, a pattern without `*`).
 */
export function patternsOverlap(a: string, b: string): boolean {
  // (i, j): some text is read by a up to i and by b up to j; both at their end means a common name
  const seen = new Set<string>();
  const next: Array<[number, number]> = [[0, 0]];
  while (next.length > 0) {
    const [i, j] = next.pop()!;
    const key = `${i},${j}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    const starA = a[i] === '*';
    const starB = b[j] === '*';
    // a '*' may match no character
    if (starA) next.push([i + 1, j]);
    if (starB) next.push([i, j + 1]);
    // or both read one more character: a '*' reads the other's literal and stays
    if (i < a.length && j < b.length && !(starA && starB)) {
      if (starA) next.push([i, j + 1]);
      else if (starB) next.push([i + 1, j]);
      else if (a[i] === b[j]) next.push([i + 1, j + 1]);
    }
  }
  return false;
}

/**
 * The profiles that sign pushes to the repositories a push grant covers (a name, or a pattern such as
 * `team-a/*`): those of the rules without filters, and of the rules with a filter some covered name
 * matches. Names known only at deploy time (undefined) match only rules without filters.
 */
export function profilesSigning(rules: readonly SigningRule[], names: string | undefined): signer.ISigningProfile[] {
  return rules
    .filter((rule) => rule.repositoryFilters === undefined
      || (names !== undefined && rule.repositoryFilters.some((filter) => patternsOverlap(filter, names))))
    .map((rule) => rule.signingProfile);
}
