import { ConditionBlock, hasWildcard, unique, withCondition } from './trust';

// IAM's StringLike lets `*` and `?` match ':' too, so the branch pattern `release/*` in
// `repo:acme/api:ref:refs/heads/release/*` also matches a subject that carries more claims after the
// branch (`…:ref:refs/heads/release/x:environment:prod`), which organizations that customize their
// subject claims produce. IAM has no character classes, but a pattern's own ':' fix how many a subject
// holds when no wildcard crosses a claim boundary: a StringNotLike on one ':' more (`*:*:*:*:*` for
// three) keeps every wildcard inside its claim. A statement holds only patterns with the same number
// of ':' (one pattern's StringNotLike would refuse another's longer subjects).
//
// The count is taken from the text known at synth: a deploy-time part of a subject (an owner, a
// repository) holds no ':' in any format this library writes.
//
// A trailing `:*` is bounded like any other wildcard: it cannot tell "any value of this claim" from
// "any remaining claims". Every provider format has a fixed set of claim counts, so one bounded
// pattern per shape always says what is meant (`{repo}:*` and `{repo}:*:*`). Only the subjects of
// the named all-runs opt-ins span the remaining claims, because they say so.

/**
 * The condition blocks, one trust statement each, that admit exactly `subjects` under `key`: the
 * exact ones with `StringEquals`, the patterns with `StringLike`, each wildcard within its own claim.
 *
 * @param base conditions every block carries (the pinned audience)
 * @param spanning true only for the named all-runs opt-ins, whose trailing `*` stands for every
 *   remaining claim (`repo:acme/api:*`)
 */
export function claimBoundedBlocks(base: ConditionBlock, key: string, subjects: readonly string[], spanning = false): ConditionBlock[] {
  const blocks: ConditionBlock[] = [];
  const exact = unique(subjects.filter((s) => !hasWildcard(s)));
  if (exact.length > 0) blocks.push(withCondition(base, 'StringEquals', key, exact));
  const patterns = unique(subjects.filter(hasWildcard));
  if (spanning) {
    if (patterns.length > 0) blocks.push(withCondition(base, 'StringLike', key, patterns));
    return blocks;
  }
  const byClaims = new Map<number, string[]>();
  for (const pattern of patterns) {
    const separators = colons(pattern);
    byClaims.set(separators, [...byClaims.get(separators) ?? [], pattern]);
  }
  for (const [separators, group] of byClaims) {
    blocks.push(withCondition(withCondition(base, 'StringLike', key, group), 'StringNotLike', key, [moreClaimsThan(separators)]));
  }
  return blocks;
}

/** The pattern of every subject with more than `separators` ':' (`*:*:*:*:*` for three). */
export function moreClaimsThan(separators: number): string {
  return '*' + ':*'.repeat(separators + 1);
}

function colons(text: string): number {
  return text.split(':').length - 1;
}
