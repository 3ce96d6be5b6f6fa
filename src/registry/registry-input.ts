import { Arn, ArnFormat } from 'aws-cdk-lib';
import { suggestRepositoryName } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';
import { namespaceOf, ROOT_PREFIX } from '../private/namespace';

// the analysis layer reads namespaces with the constructs' own rules
export { namespaceOf, ROOT_PREFIX };

// The registry-level name rules, from the CloudFormation resource schemas of AWS::ECR::* (the same
// patterns the ECR API enforces): a replication filter is a plain name prefix; a scanning filter is a
// wildcard pattern. A template's or cache rule's prefix is a namespace (src/private/namespace.ts).

const REPLICATION_FILTER = /^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*\/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$/;
const SCANNING_FILTER = /^[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*$/;
const REGION = /^[a-z]{2}(?:-(?:gov|iso[a-z]?|isob))?-[a-z]+-\d{1,2}$/;

/** Secrets Manager secrets ECR reads for pull-through cache credentials must be named under this prefix. */
export const CACHE_SECRET_PREFIX = 'ecr-pullthroughcache/';

/** Validates an AWS region name (`us-east-1`); tokens are skipped. */
export function checkRegion(problems: InputProblems, property: string, region: string | undefined): void {
  if (region === undefined || isToken(region)) return;
  if (REGION.test(region)) return;
  const lower = region.toLowerCase().trim();
  const zone = /^([a-z]{2}(?:-[a-z]+)+-\d{1,2})[a-z]$/.exec(lower);
  let fix = 'use a region name such as \'us-east-1\' or \'eu-west-1\'';
  if (zone) fix = `use the region '${zone[1]}' (the letter at the end names an Availability Zone)`;
  else if (REGION.test(lower)) fix = `use '${lower}' (region names are lower case)`;
  else if (/^[a-z]{2}-?[a-z]+-?\d$/.test(lower)) fix = `use '${lower.replace(/^([a-z]{2})-?([a-z]+?)-?(\d)$/, '$1-$2-$3')}'`;
  problems.add(property, region, 'is not an AWS region name', fix);
}

/** The repository names a creation template's prefix covers, as an ARN resource pattern: `team-a/*`, or `*` for `ROOT`. */
export function templateNamePattern(prefix: string): string {
  return prefix === ROOT_PREFIX ? '*' : `${namespaceOf(prefix)}/*`;
}

/** Validates a replication repository filter (a plain name prefix, `PREFIX_MATCH`); tokens are skipped. */
export function checkReplicationFilter(problems: InputProblems, property: string, filter: string): void {
  if (isToken(filter)) return;
  if (filter.length < 2 || filter.length > 256 || !REPLICATION_FILTER.test(filter) || filter.includes('*')) {
    problems.add(property, filter,
      'is not a replication filter (the start of repository names: 2–256 lower-case letters, digits, \'.\', \'_\', \'-\' and \'/\', no wildcards)',
      `use a name prefix such as '${suggestRepositoryName(filter.replace(/\*+$/, ''))}'`);
  }
}

/** Validates a scanning repository filter (a wildcard pattern such as `prod-*` or `*`); tokens are skipped. */
export function checkScanningFilter(problems: InputProblems, property: string, filter: string): void {
  if (isToken(filter)) return;
  if (filter.length < 1 || filter.length > 255 || !SCANNING_FILTER.test(filter)) {
    problems.add(property, filter,
      'is not a scanning filter (a repository name pattern of lower-case letters, digits, \'.\', \'_\', \'-\', \'/\' and the wildcard \'*\')',
      `use a pattern such as '${filter.toLowerCase().replace(/[^a-z0-9._/*-]+/g, '-').replace(/^[^a-z0-9*]+/, '') || '*'}'`);
  }
}

/**
 * Validates the name of the Secrets Manager secret that holds upstream credentials: ECR reads only
 * secrets named `ecr-pullthroughcache/...` (its service-linked role is limited to them).
 */
export function checkCacheSecretName(problems: InputProblems, property: string, secretName: string | undefined): void {
  if (secretName === undefined || isToken(secretName)) return;
  if (!secretName.startsWith(CACHE_SECRET_PREFIX) || secretName.length === CACHE_SECRET_PREFIX.length) {
    const base = secretName.replace(/^ecr-pullthroughcache/i, '').replace(/^[/-]+/, '') || 'docker-hub';
    problems.add(property, secretName, `is not named '${CACHE_SECRET_PREFIX}<name>', the only secrets ECR reads for a pull-through cache`,
      `name the secret '${CACHE_SECRET_PREFIX}${base.replace(/[^a-zA-Z0-9/_+=.@-]+/g, '-')}'`);
  }
}

/** The secret name of a Secrets Manager secret ARN (without the six-character suffix), when it is known. */
export function secretNameFromArn(secretArn: string): string | undefined {
  if (isToken(secretArn)) return undefined;
  const name = Arn.split(secretArn, ArnFormat.COLON_RESOURCE_NAME).resourceName;
  return name?.replace(/-[A-Za-z0-9]{6}$/, '');
}
