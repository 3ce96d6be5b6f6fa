import { hasWildcard } from './trust';
import { InputProblems, isToken } from '../private/input-problems';

// Input that becomes trusted subjects: git branch and tag names (git check-ref-format), deployment
// environment names, and the lists that hold them. `*` and `?` are allowed as IAM wildcards: git forbids both in ref
// names, so they can only mean a pattern.

const REF_FORBIDDEN = /[\s~^:\\[\x00-\x1f\x7f]/;

/** Validates a branch or tag name or pattern; tokens are skipped. */
export function checkRefName(problems: InputProblems, property: string, name: string, kind: 'branch' | 'tag'): void {
  if (isToken(name)) return;
  const example = kind === 'branch' ? '\'main\' or \'release/*\'' : '\'v1.2.3\' or \'v*\'';
  if (/^refs\/(heads|tags)\//.test(name)) {
    problems.add(property, name, `is a full git ref, but ${kind} names are written without it`, `use '${name.replace(/^refs\/(heads|tags)\//, '')}'`);
    return;
  }
  const bad = name.length === 0 || name.length > 255 || REF_FORBIDDEN.test(name) || name.includes('..') || name.includes('@{') ||
    name.includes('//') || /^[-/.]/.test(name) || /[/.]$/.test(name) || name.endsWith('.lock') || name === '@';
  if (bad) {
    problems.add(property, name,
      `is not a git ${kind} name (no spaces or any of ~ ^ : \\ [, no '..' or '//', not starting with '-', '/' or '.', not ending with '/', '.' or '.lock')`,
      `use the ${kind} name as git shows it, e.g. ${example} ('*' matches any characters)`);
  }
}

/** Validates a deployment environment name or pattern; tokens are skipped. */
export function checkEnvironmentName(problems: InputProblems, property: string, name: string): void {
  if (isToken(name)) return;
  if (name.length === 0 || name.length > 255 || /[\x00-\x1f\x7f]/.test(name) || name.trim() !== name) {
    problems.add(property, name, 'is not an environment name (1–255 characters, no control characters, no leading or trailing spaces)',
      'use the environment name as your CI shows it, e.g. \'production\'');
  }
}

/**
 * Rejects a list that is itself a deploy-time value: each entry becomes its own subject, so the
 * entries must be known at synth (each entry may still be a deploy-time value).
 */
export function checkListKnown(problems: InputProblems, property: string, values: readonly string[] | undefined): boolean {
  if (values === undefined || !isToken(values)) return true;
  problems.add(property, 'a deploy-time list', 'cannot be turned into one trusted subject per entry at synth',
    'list the entries in code (each entry may itself be a deploy-time value)');
  return false;
}

/** Validates a list of filters: absent is fine, empty is refused (no run could match). */
export function checkNotEmpty(problems: InputProblems, property: string, values: readonly string[] | undefined, example: string): void {
  if (values !== undefined && !isToken(values) && values.length === 0) {
    problems.add(property, values, 'is empty, so no run could assume the role', `list at least one, e.g. ${example}, or leave ${property} out`);
  }
}

const NAME_CHARACTER = /[\p{L}\p{N}]/u;
const WHO_MATCHES: Record<FilterField, string> = {
  branch: 'a run on any branch, including one a contributor pushes,',
  tag: 'a run on any tag, including one a contributor pushes,',
  environment: 'a job that names any environment, including one created later,',
};

const PLURAL: Record<FilterField, string> = { branch: 'branches', tag: 'tags', environment: 'environments' };

/** The kind of value a branch, tag or environment filter holds. */
export type FilterField = 'branch' | 'tag' | 'environment';

/**
 * Refuses a filter value that matches every value of its field: nothing but wildcards and separators
 * (`*`, `**`, `?*`, `*-*`, `*` around a `/`) names no branch, tag or environment, so it is as open as the provider's
 * all-runs opt-in, which `optIn` names. Tokens are skipped.
 *
 * @returns whether the value matches every value of its field
 */
export function checkNotCatchAll(
  problems: InputProblems, property: string, value: string, field: FilterField, example: string, optIn: { name: string; set: boolean },
): boolean {
  if (isToken(value) || !hasWildcard(value) || NAME_CHARACTER.test(value)) return false;
  if (!optIn.set) {
    problems.add(property, value, `matches every ${field}, so ${WHO_MATCHES[field]} could assume the role`,
      `name the ${PLURAL[field]}, e.g. ${example} (or set ${optIn.name}: true to accept every ${field})`);
  }
  return true;
}

/**
 * Why a whole subject pattern (of `CiProvider.oidc()`) pins no value that tells one organization's
 * workloads from another's, or undefined when it pins one. Subjects of multi-tenant issuers start
 * with the tenant (`organization:<org>:…`, `repo:<owner>/<repository>:…`, `project_path:<group>/…`),
 * so a pattern is refused when it holds nothing but wildcards and separators (`*:*`, `?*`), leaves
 * that first value, or its leading part, to wildcards (`organization:*`, `org/*`, a wildcard owner
 * before `/api`), or puts wildcards on both sides of a `:`, where a claim name belongs (`repo:acme/*:*`).
 */
export function catchAllSubjectReason(subject: string): string | undefined {
  if (isToken(subject) || !hasWildcard(subject)) return undefined;
  const everyOrganization = 'so a workload of any organization the issuer serves matches';
  if (!NAME_CHARACTER.test(subject)) return `pins nothing but wildcards and separators, ${everyOrganization}`;
  const { name, value } = firstClaim(subject);
  const leading = value.split('/').find((piece) => piece !== '') ?? '';
  if (!NAME_CHARACTER.test(leading)) {
    return `leaves the first value${name ? ` (${name})` : ''}, which tells one organization's workloads from another's, to wildcards, ${everyOrganization}`;
  }
  if (/(^|[:/])[*?]+:[*?]+($|[:/])/.test(subject)) {
    return 'holds wildcards on both sides of a \':\', where a claim name belongs, so it pins neither that claim\'s value nor the claim after it';
  }
  return undefined;
}

const CLAIM_NAME = /^[a-z][a-z_]*$/;

/** The first claim of a subject: `organization:<value>:…`, `org/<value>/…`, or a bare first value. */
function firstClaim(subject: string): { name?: string; value: string } {
  const claims = subject.split(':');
  if (claims.length > 1 && CLAIM_NAME.test(claims[0])) return { name: claims[0], value: claims[1] };
  const pieces = claims[0].split('/');
  if (pieces.length > 1 && CLAIM_NAME.test(pieces[0])) return { name: pieces[0], value: pieces[1] };
  return { value: claims[0] };
}
