import { hasWildcard, parseArn } from './arn-pattern';
import { isKnown } from './cfn-values';

// Whether a condition tells an AWS service whom it acts for: the global keys AWS provides against
// the confused deputy problem, under an operator that requires them to match.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html

const SOURCE_KEYS = new Set(['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths']);
// a negated operator, or one that passes when the key is absent (…IfExists), lets the service act
// for accounts nobody named
const LIMITING_OPERATORS = /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/;

/** The condition keys the checks and the report name when a service statement lacks them. */
export const SOURCE_KEYS_TEXT = 'aws:SourceAccount or aws:SourceArn';

/** True when `operator: { key: values }` limits the accounts (or organizations) a service may act for. */
export function pinsSource(operator: string, key: string, values: readonly unknown[]): boolean {
  const lower = key.toLowerCase();
  if (!LIMITING_OPERATORS.test(operator) || !SOURCE_KEYS.has(lower)) return false;
  const texts = values.filter((v): v is string => typeof v === 'string');
  return texts.length > 0 && texts.length === values.length && texts.every((v) => pinsValue(lower, v));
}

/** True when one of a `Condition` block's entries limits the accounts a service may act for. */
export function conditionPinsSource(condition: Record<string, Record<string, unknown>> | undefined): boolean {
  for (const [operator, block] of Object.entries(condition ?? {})) {
    if (!block || typeof block !== 'object') continue;
    for (const [key, raw] of Object.entries(block)) {
      if (pinsSource(operator, key, Array.isArray(raw) ? raw : [raw])) return true;
    }
  }
  return false;
}

/** A value that pins something: not only wildcards; for a source ARN, its account (or, for S3 and others with none, its resource). */
function pinsValue(key: string, value: string): boolean {
  if (!isKnown(value)) return true; // known at deploy time: never report what might be fine
  if (/^[*?]*$/.test(value)) return false;
  if (key !== 'aws:sourcearn') return true;
  const arn = parseArn(value);
  if (!arn) return false;
  return arn.account !== '' ? !hasWildcard(arn.account) : !hasWildcard(arn.resource);
}
