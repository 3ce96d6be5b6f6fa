import { InputProblems, isToken } from '../private/input-problems';

// JavaScript callers (and `as any`) can hand a CiProvider factory anything: no options, a string where
// the options object belongs, a number for a branch. The value checks after this would then fail with
// a TypeError deep inside the library; each wrong type becomes a problem that names the property and
// the fix instead, and the value checks see only the properties of the right type.

/** The type a factory option must have. */
export type OptionType = 'string' | 'strings' | 'boolean' | 'number' | 'oidcProvider' | 'objects';

/** The options with every property of the wrong type left out, and the names of those properties. */
export interface TypedOptions<T> {
  readonly options: T;
  readonly wrong: ReadonlySet<string>;
}

/**
 * Checks that `given` is an options object whose properties have the types in `types`. A missing
 * object or one of another kind throws at once (nothing else can be checked); `null` counts as absent.
 *
 * @param example the options to suggest, given the string the caller passed instead (if any)
 */
export function typedOptions<T extends object>(
  problems: InputProblems, given: unknown, types: Record<keyof T & string, OptionType>, example: (text?: string) => string,
): TypedOptions<T> {
  if (given === undefined || given === null || typeof given !== 'object' || Array.isArray(given)) {
    problems.add('options', given === null ? undefined : given, 'must be an options object',
      `pass ${example(typeof given === 'string' ? given : undefined)}`);
    problems.throwIfAny();
  }
  const options: Record<string, unknown> = {};
  const wrong = new Set<string>();
  for (const [property, value] of Object.entries(given as Record<string, unknown>)) {
    const type = (types as Record<string, OptionType | undefined>)[property];
    if (value === undefined || value === null) continue;
    if (type === undefined || checkType(problems, property, value, type)) options[property] = value;
    else wrong.add(property);
  }
  return { options: options as T, wrong };
}

/** Checks a positional argument that must be a string; returns it, or undefined when it is not one. */
export function typedString(problems: InputProblems, property: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return checkType(problems, property, value, 'string') ? value as string : undefined;
}

function checkType(problems: InputProblems, property: string, value: unknown, type: OptionType): boolean {
  if (isToken(value)) return true;
  switch (type) {
    case 'string':
      if (typeof value === 'string') return true;
      problems.add(property, value, 'is not a string', typeof value === 'number' || typeof value === 'boolean'
        ? `quote it: ${property}: '${String(value)}'${property.toLowerCase().includes('account') ? ' (as a number, an account id loses its leading zeros)' : ''}`
        : `pass a string, e.g. ${property}: 'acme'`);
      return false;
    case 'strings':
      return checkStrings(problems, property, value);
    case 'boolean':
      if (typeof value === 'boolean') return true;
      problems.add(property, value, 'is not true or false', `pass ${property}: true or leave it out`);
      return false;
    case 'number':
      if (typeof value === 'number') return true;
      problems.add(property, value, 'is not a number',
        typeof value === 'string' && /^\d+$/.test(value) ? `pass it unquoted: ${property}: ${value}` : `pass a whole number, e.g. ${property}: 1234`);
      return false;
    case 'objects':
      if (Array.isArray(value) && value.every((entry) => typeof entry === 'object' && entry !== null)) return true;
      problems.add(property, value, 'is not a list of objects', `pass a list, e.g. ${property}: [{ key: 'team', values: ['platform'] }]`);
      return false;
    case 'oidcProvider':
      if (typeof (value as { oidcProviderRef?: { oidcProviderArn?: unknown } }).oidcProviderRef?.oidcProviderArn === 'string') return true;
      problems.add(property, value, 'is not an IAM OIDC provider',
        `pass the provider construct, e.g. iam.OidcProviderNative.fromOidcProviderArn(this, 'Provider', ${typeof value === 'string' ? `'${value}'` : 'arn'})`);
      return false;
  }
}

function checkStrings(problems: InputProblems, property: string, value: unknown): boolean {
  if (typeof value === 'string') {
    problems.add(property, value, 'is one value, not a list', `put it in a list: ${property}: ['${value}']`);
    return false;
  }
  if (!Array.isArray(value)) {
    problems.add(property, value, 'is not a list of strings', `pass a list, e.g. ${property}: ['main']`);
    return false;
  }
  let ok = true;
  value.forEach((entry, i) => {
    if (typeof entry === 'string') return;
    ok = false;
    problems.add(`${property}[${i}]`, entry, 'is not a string',
      typeof entry === 'number' || typeof entry === 'boolean' ? `quote it: '${String(entry)}'` : 'pass each entry as a string');
  });
  return ok;
}

