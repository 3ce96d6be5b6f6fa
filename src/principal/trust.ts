import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** What a CI provider contributes to a role: the principals of its trust policy, one statement each. */
export interface BoundTrust {
  /** One trust-policy statement per principal; the first becomes the role's `assumedBy`. */
  readonly principals: iam.IPrincipal[];
  /** Trust-policy statements for other actions than the assume call (`sts:TagSession`), each with its own conditions. */
  readonly statements?: iam.PolicyStatement[];
}

/** The provider-specific half of a CI provider, created by a factory and bound to a role's scope. */
export interface CiTrust {
  /** Who assumes the role, for the role description and messages (ASCII: IAM descriptions reject the rest). */
  readonly description: string;
  /** Whether runs started by a pull request (possibly from a fork) can assume the role. */
  readonly trustsPullRequests: boolean;
  bind(scope: Construct): BoundTrust;
}

/** True when an IAM string pattern uses a wildcard (`*` matches any run of characters, `?` one character). */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** A condition block: operator → key → values. */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

/**
 * Splits the values a condition key may take into an exact-match block and a pattern block:
 * `equalsOperator` for values without a wildcard, `likeOperator` only for those with one. Two blocks
 * mean two trust statements: the same key under both operators in one statement would have to match
 * both (IAM ANDs operators), so no value could ever pass.
 *
 * @param base conditions every block carries (the pinned audience, the source account)
 */
export function matchBlocks(
  base: ConditionBlock, key: string, values: readonly string[], equalsOperator: string, likeOperator: string,
): ConditionBlock[] {
  const exact = unique(values.filter((v) => !hasWildcard(v)));
  const patterns = unique(values.filter(hasWildcard));
  const blocks: ConditionBlock[] = [];
  if (exact.length > 0) blocks.push(withCondition(base, equalsOperator, key, exact));
  if (patterns.length > 0) blocks.push(withCondition(base, likeOperator, key, patterns));
  return blocks;
}

/** A copy of `base` with `key` matched by `operator` against the values. */
export function withCondition(base: ConditionBlock, operator: string, key: string, values: string[]): ConditionBlock {
  const block: ConditionBlock = {};
  for (const [op, entries] of Object.entries(base)) block[op] = { ...entries };
  block[operator] = { ...block[operator], [key]: values.length === 1 ? values[0] : values };
  return block;
}

export function unique(values: string[]): string[] {
  return [...new Set(values)];
}
