import { suggestRepositoryName } from './ecr-names';
import { InputProblems, isToken } from './input-problems';

// One meaning of "namespace" across the library. A namespace is written 'team-a/' and means the
// repositories named 'team-a/…'; 'team-a' is read the same (ECR's own settings, a creation
// template's or a pull-through cache rule's prefix, add the '/' too). IAM matches a resource ARN as
// text, so `repository/team-a*` would also cover 'team-ab/…': a text prefix across the '/' boundary is
// possible only where IAM matches text (identity grants, registry-policy resources), and only when
// written with its '*' ('team-a-*'), so that it is visible in the call as it is in the policy.
// Patterns from the CloudFormation schemas of AWS::ECR::RepositoryCreationTemplate and
// AWS::ECR::PullThroughCacheRule, the same rules the ECR API enforces.

/** A namespace: name components separated by single '/', with an optional trailing '/'. */
const NAMESPACE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*\/?$/;
/** The start of a repository name (`team-a/svc-`): what a text pattern holds before its '*'. */
const NAME_START = /^[a-z0-9](?:[a-z0-9._-]|\/(?!\/))*$/;

/** A creation template's prefix for every repository no other template covers. */
export const ROOT_PREFIX = 'ROOT';

/** The repositories a namespace parameter covers. */
export interface RepositoryNamespace {
  /** The resource name in their ARN pattern: `team-a/*`, or a text pattern as written (`team-a-*`). */
  readonly resourceName: string;
  /** The text each of their names starts with: `team-a/`, or `team-a-` for the text pattern `team-a-*`. */
  readonly nameStart: string;
}

/** What a parameter accepts besides a namespace. */
export interface NamespaceRules {
  /** A text pattern such as `team-a-*`: only where IAM matches text. */
  readonly textPattern: boolean;
  /** Bounds of the namespace's length, when ECR has its own. */
  readonly length?: { readonly min: number; readonly max: number };
  /**
   * `ROOT`, ECR's prefix for every repository no other creation template covers: `'allowed'`, or the
   * problem and fix it is refused with. Absent: `ROOT` is no namespace (upper case).
   */
  readonly root?: 'allowed' | { readonly problem: string; readonly fix: string };
}

/**
 * Validates a namespace parameter and returns the repositories it covers; undefined when it is not
 * valid (the problems say why), or for an allowed `ROOT`. A value known only at deploy time is read as a
 * namespace without its trailing '/' (`team-a`), the form ECR's own settings use.
 */
export function checkNamespace(
  problems: InputProblems, property: string, value: string | undefined, rules: NamespaceRules,
): RepositoryNamespace | undefined {
  if (value === undefined) {
    problems.add(property, value, 'must name the namespace', 'pass a namespace such as \'team-a/\'');
    return undefined;
  }
  if (isToken(value)) return underNamespace(value);
  const root = rules.root;
  if (value === ROOT_PREFIX && root !== undefined) {
    if (root !== 'allowed') problems.add(property, value, root.problem, root.fix);
    return undefined;
  }
  if (value === '' || value === '*') {
    problems.add(property, value, 'would cover every repository of the account', 'pass a namespace such as \'team-a/\'');
    return undefined;
  }
  if (value.includes('*')) return checkTextPattern(problems, property, value, rules);
  const suggestion = suggestRepositoryName(value.replace(/\/+$/, ''));
  if (value.toUpperCase() === ROOT_PREFIX && root !== undefined) {
    problems.add(property, value, 'is not \'ROOT\' (the registry-wide prefix is upper case)', root === 'allowed' ? `use '${ROOT_PREFIX}'` : root.fix);
  } else if (!NAMESPACE.test(value)) {
    problems.add(property, value,
      'is not a repository namespace (lower-case letters and digits, separated by \'.\', \'_\', \'-\' or \'/\'; no leading or doubled \'/\')',
      !rules.textPattern ? `use a prefix such as '${suggestion}'`
        : NAME_START.test(value) ? `write '${value}*' for the names that start with '${value}' (a text pattern), or '${suggestion}/' for the namespace`
          : `use a namespace such as '${suggestion}/'`);
  } else if (checkLength(problems, property, value, rules)) {
    return underNamespace(namespaceOf(value));
  }
  return undefined;
}

/** A value with a wildcard: a text pattern (`team-a-*`) where IAM matches text, refused where ECR reads a namespace. */
function checkTextPattern(problems: InputProblems, property: string, value: string, rules: NamespaceRules): RepositoryNamespace | undefined {
  const text = value.slice(0, value.indexOf('*'));
  const suggestion = suggestRepositoryName(text.replace(/\/+$/, ''));
  if (!rules.textPattern) {
    problems.add(property, value, 'holds a wildcard, but ECR matches a prefix as a namespace: \'team-a\' covers \'team-a/...\'', `use '${suggestion}'`);
  } else if (text.length !== value.length - 1) {
    problems.add(property, value, 'holds a wildcard before its end, but only a trailing \'*\' makes a text pattern',
      `use '${text}*' for the names that start with '${text}', or '${suggestion}/' for the namespace`);
  } else if (!NAME_START.test(text)) {
    problems.add(property, value, 'is not a text pattern (the start of repository names: lower-case letters, digits, \'.\', \'_\', \'-\' and \'/\', then \'*\')',
      `use a pattern such as '${suggestion}-*', or '${suggestion}/' for the namespace`);
  } else if (checkLength(problems, property, value, rules)) {
    return { resourceName: value, nameStart: text };
  }
  return undefined;
}

/** The namespace without its trailing '/', as it appears in repository names and in ECR's settings. */
export function namespaceOf(prefix: string): string {
  return prefix.replace(/\/$/, '');
}

function underNamespace(namespace: string): RepositoryNamespace {
  return { resourceName: `${namespace}/*`, nameStart: `${namespace}/` };
}

function checkLength(problems: InputProblems, property: string, value: string, rules: NamespaceRules): boolean {
  const length = rules.length ?? { min: 1, max: 255 };
  if (value.length >= length.min && value.length <= length.max) return true;
  problems.add(property, value, `is ${value.length} characters long; ECR allows ${length.min} to ${length.max}`, 'use a shorter namespace');
  return false;
}
