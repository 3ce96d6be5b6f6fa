import { Duration, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { IConstruct } from 'constructs';
import { InputProblems, isToken } from '../private/input-problems';

/** How long untagged images are kept by the default lifecycle rule. */
export const DEFAULT_UNTAGGED_IMAGE_EXPIRY = Duration.days(14);

/**
 * The default lifecycle: expire untagged images some days after push, never a tagged image.
 *
 * It gives every repository a lifecycle policy (AWS Control Tower's proactive control CT.ECR.PR.1
 * requires one) without risking a tagged image a deployment still runs.
 */
export function defaultLifecycleRules(untaggedImageExpiry: Duration): ecr.LifecycleRule[] {
  return [{
    description: `Expire untagged images ${untaggedImageExpiry.toDays()} days after push; tagged images are never expired`,
    tagStatus: ecr.TagStatus.UNTAGGED,
    maxImageAge: untaggedImageExpiry,
  }];
}

/**
 * The lifecycle policy text ECR reads, for places that take it as a string (a repository creation
 * template). Priorities follow `ecr.Repository`: explicit ones kept, the rest numbered after them, the
 * `TagStatus.ANY` rule last. Run {@link checkLifecycle} first.
 */
export function renderLifecyclePolicy(scope: IConstruct, rules: readonly ecr.LifecycleRule[]): string {
  const isAny = (rule: ecr.LifecycleRule) => tagStatusOf(rule) === ecr.TagStatus.ANY;
  const explicit = rules.filter((r) => !isAny(r) && r.rulePriority !== undefined);
  const automatic = rules.filter((r) => !isAny(r) && r.rulePriority === undefined);
  const priorities = explicit.map((r) => r.rulePriority as number);
  let next = (priorities.length > 0 ? Math.max(...priorities) : 0) + 1;
  const ordered = [...explicit, ...automatic, ...rules.filter(isAny)]
    .map((rule) => ({ rule, rulePriority: rule.rulePriority ?? next++ }));
  return Stack.of(scope).toJsonString({
    rules: ordered.map(({ rule, rulePriority }) => ({
      rulePriority,
      description: rule.description,
      selection: {
        tagStatus: tagStatusOf(rule),
        tagPrefixList: rule.tagPrefixList,
        tagPatternList: rule.tagPatternList,
        countType: rule.maxImageAge !== undefined ? 'sinceImagePushed' : 'imageCountMoreThan',
        countNumber: rule.maxImageAge?.toDays() ?? rule.maxImageCount,
        countUnit: rule.maxImageAge !== undefined ? 'days' : undefined,
      },
      action: { type: 'expire' },
    })),
  });
}

/** The tag status a rule gets, as `ecr.Repository` decides it: TAGGED when a tag list is given, even an empty one. */
function tagStatusOf(rule: ecr.LifecycleRule): ecr.TagStatus {
  return rule.tagStatus ?? (rule.tagPrefixList === undefined && rule.tagPatternList === undefined ? ecr.TagStatus.ANY : ecr.TagStatus.TAGGED);
}

/** Validates lifecycle settings up front, so every problem is reported together. */
export function checkLifecycle(
  problems: InputProblems,
  rules: readonly ecr.LifecycleRule[] | undefined,
  untaggedImageExpiry: Duration | undefined,
): void {
  if (untaggedImageExpiry !== undefined) {
    if (rules !== undefined) {
      problems.add('untaggedImageExpiry', untaggedImageExpiry.toString(), 'only shapes the default lifecycle rule, and lifecycleRules replaces that rule',
        'add your own TagStatus.UNTAGGED rule to lifecycleRules, or drop lifecycleRules to keep the default');
    }
    checkWholeDays(problems, 'untaggedImageExpiry', untaggedImageExpiry);
  }
  if (rules === undefined) return;

  const priorities = new Map<number, number>();
  let anyRules = 0;
  rules.forEach((rule, i) => {
    const at = `lifecycleRules[${i}]`;
    if ((rule.maxImageAge === undefined) === (rule.maxImageCount === undefined)) {
      problems.add(at, describeRule(rule), 'must set exactly one of maxImageAge and maxImageCount',
        'keep images by age (maxImageAge: Duration.days(n)) or by count (maxImageCount: n), not both or neither');
    }
    if (rule.maxImageCount !== undefined && !isToken(rule.maxImageCount) && (!Number.isInteger(rule.maxImageCount) || rule.maxImageCount < 1)) {
      problems.add(`${at}.maxImageCount`, rule.maxImageCount, 'must be a whole number of at least 1', 'use a count such as 10');
    }
    if (rule.maxImageAge !== undefined) checkWholeDays(problems, `${at}.maxImageAge`, rule.maxImageAge);
    if (rule.rulePriority !== undefined && !isToken(rule.rulePriority)) {
      if (!Number.isInteger(rule.rulePriority) || rule.rulePriority < 1) {
        problems.add(`${at}.rulePriority`, rule.rulePriority, 'must be a whole number of at least 1', 'use 1 for the rule applied first');
      } else if (priorities.has(rule.rulePriority)) {
        problems.add(`${at}.rulePriority`, rule.rulePriority, `is already used by lifecycleRules[${priorities.get(rule.rulePriority)}]`, 'give each rule a unique priority');
      } else {
        priorities.set(rule.rulePriority, i);
      }
    }
    const lists = [...(rule.tagPrefixList ?? []), ...(rule.tagPatternList ?? [])];
    const tagStatus = tagStatusOf(rule);
    if (tagStatus === ecr.TagStatus.ANY) anyRules++;
    if (tagStatus === ecr.TagStatus.TAGGED && lists.length === 0) {
      problems.add(`${at}.tagStatus`, 'TAGGED', 'needs tagPrefixList or tagPatternList to say which tags', 'add tagPatternList: [\'release-*\'], or use TagStatus.ANY');
    }
    if (tagStatus !== ecr.TagStatus.TAGGED && lists.length > 0) {
      problems.add(`${at}.tagStatus`, tagStatus, 'cannot be combined with tagPrefixList or tagPatternList', 'use TagStatus.TAGGED, or drop the tag lists');
    }
    if (rule.tagPrefixList !== undefined && rule.tagPatternList !== undefined) {
      problems.add(at, describeRule(rule), 'sets both tagPrefixList and tagPatternList', 'use one of them (tagPatternList supports wildcards)');
    }
    (rule.tagPatternList ?? []).forEach((pattern, j) => {
      if (!isToken(pattern) && pattern.split('*').length - 1 > 4) {
        problems.add(`${at}.tagPatternList[${j}]`, pattern, 'has more than four \'*\' wildcards (ECR\'s limit)', 'simplify the pattern');
      }
    });
  });
  if (anyRules > 1) {
    problems.add('lifecycleRules', `${anyRules} rules with TagStatus.ANY`, 'has more than one TagStatus.ANY rule (ECR allows one, applied last)', 'merge them into one rule');
  }
}

function checkWholeDays(problems: InputProblems, property: string, duration: Duration): void {
  if (duration.isUnresolved()) return;
  const hours = duration.toHours({ integral: false });
  if (hours < 24 || hours % 24 !== 0) {
    problems.add(property, duration.toString(), 'must be a whole number of days, at least 1 (ECR counts image age in days)', 'use Duration.days(n), e.g. Duration.days(14)');
  }
}

function describeRule(rule: ecr.LifecycleRule): Record<string, unknown> {
  return {
    description: rule.description,
    tagStatus: rule.tagStatus,
    maxImageAge: rule.maxImageAge?.toString(),
    maxImageCount: rule.maxImageCount,
  };
}
