import * as ecr from 'aws-cdk-lib/aws-ecr';
import { InputProblems, isToken } from './input-problems';

// ECR's own rules (CreateRepository API): 2–256 characters, lower case, components separated by
// '/', each component letters/digits joined by single '.', '_' or '-'.
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
// ECR image tag mutability exclusion filters: 1–128 characters of [0-9a-zA-Z._*-].
const TAG_PATTERN = /^[0-9a-zA-Z._*-]{1,128}$/;

/** True when the string is a valid ECR repository name (ECR's CreateRepository rules). */
export function isRepositoryName(name: string): boolean {
  return name.length >= 2 && name.length <= 256 && REPOSITORY_NAME.test(name);
}

/** True when the string is a 12-digit AWS account id. */
export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** Validates an ECR repository name; tokens are skipped. */
export function checkRepositoryName(problems: InputProblems, property: string, name: string | undefined): void {
  if (name === undefined || isToken(name)) return;
  if (!isRepositoryName(name)) {
    problems.add(property, name,
      'is not a valid ECR repository name (2–256 characters; lower-case letters and digits, separated by single \'.\', \'_\' or \'-\', with \'/\' between namespace parts)',
      `use a name such as '${suggestRepositoryName(name)}'`);
  }
}

/**
 * Validates a repository ARN (`arn:<partition>:ecr:<region>:<account>:repository/<name>`) and returns
 * the name in it. A token is accepted only when the name comes from elsewhere (not `nameFromArn`):
 * a value known at deploy time cannot be split at synth.
 */
export function checkRepositoryArn(problems: InputProblems, property: string, arn: string | undefined, nameFromArn: boolean): string | undefined {
  if (arn === undefined) {
    if (nameFromArn) problems.add(property, arn, 'is needed to find the repository', 'pass the repository ARN, or its name with fromRepositoryName');
    return undefined;
  }
  if (isToken(arn)) {
    if (nameFromArn) {
      problems.add(property, '(a value known only at deploy time)', 'does not say the repository\'s name at synth',
        'use fromRepositoryAttributes({ repositoryArn, repositoryName }) with the name written out');
    }
    return undefined;
  }
  const match = /^arn:[a-z-]+:ecr:[a-z0-9-]+:\d{12}:repository\/(.+)$/.exec(arn);
  if (!match || !isRepositoryName(match[1])) {
    problems.add(property, arn, 'is not an ECR repository ARN',
      'pass an ARN such as \'arn:aws:ecr:us-east-1:123456789012:repository/team-a/api\' (the repository\'s ARN, not its URI)');
    return undefined;
  }
  return match[1];
}

/** Validates a 12-digit AWS account id; tokens are skipped. */
export function checkAccountId(problems: InputProblems, property: string, accountId: string | undefined): void {
  if (accountId === undefined || isToken(accountId)) return;
  if (!isAccountId(accountId)) {
    problems.add(property, accountId, 'is not an AWS account id (exactly 12 digits)',
      'pass the 12-digit account id, e.g. \'123456789012\' (no dashes, no ARN)');
  }
}

/** Validates an AWS Organizations id (`o-` and 10–32 lower-case letters or digits); tokens are skipped. */
export function checkOrganizationId(problems: InputProblems, property: string, organizationId: string | undefined): void {
  if (organizationId === undefined || isToken(organizationId)) return;
  if (!ORGANIZATION_ID.test(organizationId)) {
    problems.add(property, organizationId, 'is not an AWS Organizations id (\'o-\' followed by 10–32 lower-case letters or digits)',
      'pass the organization id from `aws organizations describe-organization`, e.g. \'o-a1b2c3d4e5\' (not the root id \'r-…\' or an OU id \'ou-…\')');
  }
}

/** Validates an image tag pattern for tag-mutability exclusions; tokens are skipped. */
export function checkTagPattern(problems: InputProblems, property: string, pattern: string): void {
  if (isToken(pattern)) return;
  if (!TAG_PATTERN.test(pattern)) {
    problems.add(property, pattern, 'is not a valid image tag pattern (1–128 characters of letters, digits, \'.\', \'_\', \'-\' and the wildcard \'*\')',
      'use a tag or wildcard pattern such as \'latest\' or \'dev-*\'');
  }
}

/** A valid name close to what the user wrote, for the error message's fix. */
export function suggestRepositoryName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._/-]+/g, '-')
    .replace(/\/{2,}/g, '/')
    .split('/')
    .map((part) => part.replace(/[._-]{2,}/g, '-').replace(/^[._-]+|[._-]+$/g, ''))
    .filter((part) => part.length > 0)
    .join('/');
  return cleaned.length >= 2 ? cleaned.slice(0, 256) : 'my-repository';
}

/** The repository's name when it is known at synth (owned with a name, or imported by name or ARN). */
export function knownRepositoryName(repository: ecr.IRepository): string | undefined {
  const resource = repository instanceof ecr.Repository ? repository.node.defaultChild as ecr.CfnRepository : undefined;
  const name = resource ? resource.repositoryName : repository.repositoryName;
  return name === undefined || isToken(name) ? undefined : name;
}
