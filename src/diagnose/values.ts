import { isAccountId, isRepositoryName } from '../private/ecr-names';

// Which values copied out of a message are real values. Anything else (`<account>`, `XXX`, `***`,
// `${ACCOUNT_ONE}`, `$AWS_REGION`, a 9-digit "account id") is an unknown: reported as absent, and
// written as a `<placeholder>` where a fix needs it.

const REGION = /^[a-z]{2}(?:-[a-z]{1,10}){1,3}-\d{1,2}$/;
const PARTITION = /^aws(?:-[a-z]{1,10}){0,3}$/;

/** The account id when it is 12 digits; undefined for placeholders and for masked or truncated ids. */
export function accountOrUndefined(value: string | undefined): string | undefined {
  return value !== undefined && isAccountId(value) ? value : undefined;
}

/** The region when it is spelled like an AWS region (`us-east-1`, `us-gov-west-1`, `cn-north-1`). */
export function regionOrUndefined(value: string | undefined): string | undefined {
  return value !== undefined && REGION.test(value) ? value : undefined;
}

/** The partition when it is spelled like one (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOrUndefined(value: string | undefined): string | undefined {
  return value !== undefined && PARTITION.test(value) ? value : undefined;
}

/** The repository name when ECR would accept it (placeholders such as `<repo>` or `IMAGENAME` are not). */
export function repositoryNameOrUndefined(value: string | undefined): string | undefined {
  // a run of x's is a name someone masked before pasting ('cdk-…-assets-48xxxxxxxxxx-us-east-1')
  return value !== undefined && isRepositoryName(value) && !/xxxx/i.test(value) ? value : undefined;
}

// ECR image tags: up to 128 characters, a letter, digit or '_' first (the OCI distribution rule).
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** The image tag when it is one (placeholders such as `<tag>` or `${TAG}` are not; a digest is not a tag). */
export function tagOrUndefined(value: string | undefined): string | undefined {
  return value !== undefined && TAG.test(value) ? value : undefined;
}

/** Why a value copied from the message is not used, for the explanation; undefined when it is fine or absent. */
export function describeUnusableAccount(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || isAccountId(value)) return undefined;
  if (/^\d+$/.test(value)) return `'${value}' is not an account id (${value.length} digits, not 12; shortened or redacted?)`;
  return `'${value}' is a placeholder or masked value, not an account id`;
}
