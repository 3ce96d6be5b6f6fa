// Policy values as the analysis sees them: plain strings, where any part known only at deploy time (a
// pseudo parameter of an environment-agnostic stack, a generated name, a parameter) is a marked
// placeholder. Marked, not written as `${...}`, because `${aws:username}` is a real IAM policy variable.

const OPEN = '\u0001';
const QUALIFIER = '\u0003';
const CLOSE = '\u0002';
const MARKED = /\u0001([^\u0002\u0003]*)(?:\u0003[^\u0002]*)?\u0002/g;
// characters that mean something in ARNs and IAM patterns are kept out of placeholders, so an ARN
// still splits into its six parts and a placeholder is never read as a wildcard
const ESCAPES: ReadonlyArray<[string, string]> = [[':', '\u0004'], ['*', '\u0005'], ['?', '\u0006'], ['/', '\u0007']];

/**
 * A placeholder for a value known only at deploy time.
 *
 * @param display how users see it, CloudFormation style without `${}` (`AWS::AccountId`, `ApiRepo1234`)
 * @param qualifier hidden part that keeps two placeholders with the same display apart (the stack)
 */
export function deployTimeValue(display: string, qualifier?: string): string {
  return OPEN + escape(display) + (qualifier ? QUALIFIER + escape(qualifier) : '') + CLOSE;
}

/** True when no part of the value is a deploy-time placeholder. */
export function isKnown(value: string): boolean {
  return !value.includes(OPEN);
}

/** The value as users read it: placeholders written `${...}`, as in the CloudFormation template. */
export function displayValue(value: string): string {
  return isKnown(value) ? value : value.replace(MARKED, (_, display: string) => '${' + unescape(display) + '}');
}

/** The value with every placeholder replaced, e.g. by `*` to match it as an IAM pattern. */
export function replaceDeployTimeParts(value: string, replacement: string): string {
  return isKnown(value) ? value : value.replace(MARKED, replacement);
}

/** Every string in a JSON value converted with {@link displayValue}, for messages and sizes. */
export function displayJson(value: unknown): unknown {
  if (typeof value === 'string') return displayValue(value);
  if (Array.isArray(value)) return value.map(displayJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = displayJson(v);
    return out;
  }
  return value;
}

const ESCAPE = new Map(ESCAPES);
const UNESCAPE = new Map(ESCAPES.map(([c, e]) => [e, c]));

function escape(text: string): string {
  return /[:*?/]/.test(text) ? text.replace(/[:*?/]/g, (c) => ESCAPE.get(c)!) : text;
}

function unescape(text: string): string {
  return text.replace(/[\u0004-\u0007]/g, (e) => UNESCAPE.get(e)!);
}
