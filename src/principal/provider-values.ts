import { checkListKnown, checkNotCatchAll, checkNotEmpty, checkRefName } from './subject-input';
import { hasWildcard } from './trust';
import { InputProblems, isToken } from '../private/input-problems';

// The values the factories of Buildkite, HCP Terraform, Bitbucket, CircleCI, Azure DevOps and Spacelift
// put into a subject: slugs, names and ids that the provider, not the pipeline's author, chooses. None
// of them may hold a wildcard (each would widen the trust past the one organization, pipeline or
// project named) or the subject's own separator (a value with a ':' would shift the claims after it,
// and the claim bound of claim-bounded.ts counts on values without one).

/** A lower-case UUID, as CircleCI, Bitbucket and Azure DevOps write their ids. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A pattern that matches exactly one UUID and nothing else: IAM's `?` is one character, and a UUID
 * has no '/' or ':', so unlike `*` it cannot reach into the next claim of a subject.
 */
export const ANY_UUID = '????????-????-????-????-????????????';

/** What a value must look like, in words and as a test. */
export interface ValueShape {
  /** The test; a value is also refused when it holds a wildcard or `separator`. */
  readonly pattern: RegExp;
  /** What the value is, for the message ('a Buildkite organization slug'). */
  readonly what: string;
  /** How to write one, for the fix ('the slug from the organization URL, e.g. \'acme\''). */
  readonly fix: string;
}

/** Validates one value that is pinned exactly in a subject; tokens are skipped. */
export function checkPinned(problems: InputProblems, property: string, value: string | undefined, shape: ValueShape): void {
  if (isToken(value)) return;
  if (value === undefined || value === '') {
    problems.add(property, value, `must name ${shape.what}`, `pass ${shape.fix}`);
  } else if (hasWildcard(value)) {
    problems.add(property, value, `holds a wildcard, but ${shape.what} is matched exactly (a pattern would trust others the issuer serves)`,
      `pass ${shape.fix}`);
  } else if (!shape.pattern.test(value)) {
    problems.add(property, value, `is not ${shape.what}`, `pass ${shape.fix}`);
  }
}

/**
 * Validates a list whose entries each become part of a subject: known at synth, not empty when given,
 * every entry checked by `each`.
 *
 * @param required what the list names, when it must be given ('the pipelines whose jobs may assume the role')
 * @returns the entries (empty when absent or a deploy-time list)
 */
export function checkEntries(
  problems: InputProblems, property: string, values: readonly string[] | undefined, example: string,
  each: (property: string, value: string) => void, required?: string,
): readonly string[] {
  if (required !== undefined && values === undefined) problems.add(property, undefined, `must name ${required}`, `pass ${property}: ${example}`);
  if (!checkListKnown(problems, property, values)) return [];
  checkNotEmpty(problems, property, values, example);
  values?.forEach((value, i) => each(`${property}[${i}]`, value));
  return values ?? [];
}

/** The git refs the branch and tag filters of a factory name, and whether one matches every ref of its kind. */
export interface RefFilters {
  /** `refs/heads/<branch>` and `refs/tags/<tag>`, patterns included. */
  readonly refs: string[];
  readonly catchAll: boolean;
}

/**
 * Validates `branches` and `tags` (git ref names or patterns) and returns them as full refs; a value
 * that matches every branch or tag is refused unless `optIn` is set.
 */
export function checkRefFilters(
  problems: InputProblems, options: { readonly branches?: string[]; readonly tags?: string[] }, optIn: { name: string; set: boolean },
): RefFilters {
  let catchAll = false;
  const refs: string[] = [];
  for (const [property, field, prefix, example] of [
    ['branches', 'branch', 'refs/heads/', '\'main\' or \'release/*\''], ['tags', 'tag', 'refs/tags/', '\'v1.2.3\' or \'v*\''],
  ] as const) {
    for (const name of checkEntries(problems, property, options[property], `['${field === 'branch' ? 'main' : 'v*'}']`, (p, v) => {
      checkRefName(problems, p, v, field);
      catchAll = checkNotCatchAll(problems, p, v, field, example, optIn) || catchAll;
    })) refs.push(`${prefix}${name}`);
  }
  return { refs, catchAll };
}

/**
 * The rule every factory applies to its filters and its all-runs opt-in: without a filter the role
 * needs the opt-in (a role every run can assume is explicit), and with filters that are all specific,
 * the opt-in would acknowledge nothing, so it is refused as a mistake.
 *
 * @param filters the names of the filter options, for the message
 * @param filtered whether any filter is given
 * @param catchAll whether a given filter matches every value of its field (accepted only with the opt-in)
 */
export function checkFilterOrOptIn(
  problems: InputProblems, filters: string, optIn: string, allRuns: boolean, filtered: boolean, catchAll: boolean, example: string, who: string,
): void {
  if (allRuns && filtered && !catchAll) {
    problems.add(optIn, true, `already lets ${who} assume the role when used alone, and none of the filters matches every value it ` +
      'would acknowledge, so with them it would have no effect', `keep the filters and drop ${optIn}, or drop the filters`);
  } else if (!allRuns && !filtered) {
    problems.add(filters, undefined, `the role needs at least one of them, so that it trusts only the runs you name (a role that ${who} ` +
      'can assume is an explicit opt-in)', `name the runs that may assume the role, e.g. ${example} (or set ${optIn}: true)`);
  }
}
