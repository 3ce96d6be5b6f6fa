import * as ecr from 'aws-cdk-lib/aws-ecr';
import { checkTagPattern } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';

/** ECR accepts at most five tag-mutability exclusion filters per repository or creation template. */
const MAX_MUTABLE_TAG_PATTERNS = 5;

/**
 * Validates `mutableTags` (the tags that may be overwritten while every other tag stays immutable), for
 * repositories and creation templates alike.
 */
export function checkMutableTags(problems: InputProblems, mutableTags: readonly string[] | undefined): void {
  if (mutableTags === undefined) return;
  if (isToken(mutableTags)) {
    // each exclusion filter is an object in CloudFormation, so a deploy-time list cannot be mapped
    problems.add('mutableTags', 'a deploy-time list', 'cannot be turned into ECR exclusion filters at synth',
      'list the patterns in code (each pattern may itself be a deploy-time value)');
    return;
  }
  mutableTags.forEach((pattern, i) => checkTagPattern(problems, `mutableTags[${i}]`, pattern));
  if (mutableTags.length > MAX_MUTABLE_TAG_PATTERNS) {
    problems.add('mutableTags', mutableTags, `lists ${mutableTags.length} patterns; ECR allows at most ${MAX_MUTABLE_TAG_PATTERNS}`,
      'combine them with wildcards, e.g. \'dev-*\' instead of each dev tag');
  }
  if (new Set(mutableTags).size !== mutableTags.length) {
    problems.add('mutableTags', mutableTags, 'lists a pattern twice', 'list each pattern once');
  }
}

/**
 * The CloudFormation exclusion filters for `mutableTags`, written directly (the patterns may be
 * deploy-time values, which `ecr.ImageTagMutabilityExclusionFilter.wildcard()` rejects).
 */
export function mutableTagFilters(mutableTags: readonly string[]): ecr.CfnRepository.ImageTagMutabilityExclusionFilterProperty[] {
  return mutableTags.map((pattern) => ({
    imageTagMutabilityExclusionFilterType: 'WILDCARD',
    imageTagMutabilityExclusionFilterValue: pattern,
  }));
}
