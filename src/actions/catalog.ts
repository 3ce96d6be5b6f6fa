import { ECR_ACTION_DATA, ECS_ACTION_NAMES, EcrActionData } from './catalog.generated';

/** The ECR service prefix used in IAM policies. */
export const ECR_SERVICE_PREFIX = 'ecr';

const BY_LOWER_NAME = new Map<string, EcrActionData>(ECR_ACTION_DATA.map((a) => [a.name.toLowerCase(), a]));
const ECS_LOWER_NAMES = new Set(ECS_ACTION_NAMES.map((n) => n.toLowerCase()));

/** Every ECR action in the catalogue. */
export function allEcrActions(): readonly EcrActionData[] {
  return ECR_ACTION_DATA;
}

/**
 * Looks up one ECR action by name, with or without the `ecr:` prefix. IAM action names are
 * case-insensitive, so the lookup is too.
 */
export function findEcrAction(action: string): EcrActionData | undefined {
  // grants look the same few names up once per repository: remember each spelling
  let found = BY_SPELLING.get(action);
  if (found === undefined) {
    found = BY_LOWER_NAME.get(stripEcrPrefix(action).toLowerCase()) ?? null;
    BY_SPELLING.set(action, found);
  }
  return found ?? undefined;
}

const BY_SPELLING = new Map<string, EcrActionData | null>();

/**
 * The ECR actions an IAM action pattern matches (`ecr:Get*Token`, `ecr:Batch?etImage`, `ecr:*`).
 * `*` matches any run of characters and `?` one character, case-insensitively, as IAM does.
 */
export function matchEcrActions(pattern: string): readonly EcrActionData[] {
  const name = stripEcrPrefix(pattern);
  if (!/[*?]/.test(name)) {
    const one = findEcrAction(name);
    return one ? [one] : [];
  }
  const re = wildcardToRegExp(name);
  return ECR_ACTION_DATA.filter((a) => re.test(a.name));
}

/** True when the name (without prefix) is an Amazon ECS action. */
export function isEcsActionName(name: string): boolean {
  return ECS_LOWER_NAMES.has(name.toLowerCase());
}

/** True when an ECS action name pattern (`Describe*`, `RunTask`) matches at least one Amazon ECS action. */
export function matchesEcsAction(pattern: string): boolean {
  if (!/[*?]/.test(pattern)) return isEcsActionName(pattern);
  const re = wildcardToRegExp(pattern);
  return ECS_ACTION_NAMES.some((n) => re.test(n));
}

/** `ecr:PutImage` for `PutImage`; used wherever a policy needs the qualified name. */
export function qualifyEcrAction(name: string): string {
  return `${ECR_SERVICE_PREFIX}:${name}`;
}

/** Converts an IAM wildcard pattern (`*`, `?`) to an anchored, case-insensitive regular expression. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function stripEcrPrefix(action: string): string {
  return action.replace(/^ecr:/i, '');
}
