import { isKnown, replaceDeployTimeParts } from './cfn-values';

// IAM resource and principal patterns: `*` matches any run of characters and `?` one, within an ARN
// segment for the first five segments and anywhere in the resource part, as IAM matches them.

/** The six parts of an ARN; `resource` is everything after the fifth colon. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits an ARN into its parts, or undefined when the text is not an ARN. */
export function parseArn(text: string): ArnParts | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/**
 * How a deploy-time placeholder counts when matching: `OPTIMISTIC` lets it match anything (never
 * report what might be fine), `STRICT` matches it only to the same placeholder (report only what
 * certainly applies).
 */
export enum UnknownParts {
  OPTIMISTIC = 'optimistic',
  STRICT = 'strict',
}

const regexCache = new Map<string, RegExp>();

/** True when the IAM pattern (`Resource` or principal ARN, with `*`/`?`) matches the value. */
export function patternMatches(pattern: string, value: string, unknown: UnknownParts): boolean {
  if (pattern === '*') return true;
  if (pattern === value) return true;
  // without a wildcard a pattern matches only itself, and the rules compare thousands of concrete
  // ARNs; a placeholder matches anything only when counted optimistically
  if (!hasWildcard(pattern) && (unknown === UnknownParts.STRICT || (isKnown(pattern) && isKnown(value)))) return false;
  const p = parseArn(pattern);
  const v = parseArn(value);
  if (!p || !v) return segmentMatches(pattern, value, unknown);
  return segmentMatches(p.partition, v.partition, unknown)
    && segmentMatches(p.service, v.service, unknown)
    && segmentMatches(p.region, v.region, unknown)
    && segmentMatches(p.account, v.account, unknown)
    && segmentMatches(p.resource, v.resource, unknown);
}

function segmentMatches(pattern: string, value: string, unknown: UnknownParts): boolean {
  if (unknown === UnknownParts.OPTIMISTIC && (!isKnown(pattern) || !isKnown(value))) {
    // compare the known text around the placeholders; a placeholder stands for anything
    return toRegExp(replaceDeployTimeParts(pattern, '*')).test(replaceDeployTimeParts(value, ''))
      || !isKnown(value);
  }
  return toRegExp(pattern).test(value);
}

function toRegExp(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\\u0001\u0002\u0003]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 's');
    regexCache.set(pattern, re);
  }
  return re;
}

/** True when the IAM wildcard pattern matches the whole text, `*` and `?` crossing every separator (`StringLike`). */
export function textMatches(pattern: string, value: string): boolean {
  return toRegExp(pattern).test(value);
}

/** True when the text contains an IAM wildcard. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
