import { Duration } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { IConstruct } from 'constructs';
import { LifecycleAction, LifecycleCountType, LifecycleRuleModel, lifecycleRuleModel, tagStatusOf } from './lifecycle-policy';
import { InputProblems, isToken } from '../private/input-problems';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

/** How long an untagged image stays in standard storage after its last pull before the default rule archives it. */
export const UNTAGGED_IMAGE_ARCHIVE_AFTER = Duration.days(30);

/**
 * The default lifecycle. ECR cannot know which images a deployment still runs: ECS and Lambda pin an
 * image's digest when they deploy, so an image whose mutable tag (`latest`) moved on is untagged but
 * still pulled whenever a task starts or a function is restored. So the default never deletes:
 *
 * - an untagged image that nobody has pulled for 30 days moves to the archive storage class, where it
 *   costs less and can be restored (or pushed again) if a pull ever needs it; an image a deployment
 *   still pulls is never archived, because every pull restarts its count;
 * - tagged images are never touched.
 *
 * With `untaggedImageExpiry` (the named opt-in to delete), untagged images that nobody has pulled for
 * that long are expired instead. Either way every repository has a lifecycle policy, which AWS
 * Control Tower's proactive control CT.ECR.PR.1 requires.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive_restore_image.html
 */
export function defaultLifecycleRules(untaggedImageExpiry?: Duration): LifecycleRuleModel[] {
  if (untaggedImageExpiry !== undefined) {
    return [{
      description: `Expire untagged images not pulled for ${untaggedImageExpiry.toDays()} days; tagged images are never expired`,
      tagStatus: ecr.TagStatus.UNTAGGED,
      countType: LifecycleCountType.SINCE_IMAGE_PULLED,
      countNumber: untaggedImageExpiry.toDays(),
      action: LifecycleAction.EXPIRE,
    }];
  }
  const days = UNTAGGED_IMAGE_ARCHIVE_AFTER.toDays();
  return [{
    description: `Archive untagged images not pulled for ${days} days; never deletes an image or touches a tagged one`,
    tagStatus: ecr.TagStatus.UNTAGGED,
    countType: LifecycleCountType.SINCE_IMAGE_PULLED,
    countNumber: days,
    action: LifecycleAction.ARCHIVE,
  }];
}

/** A repository's lifecycle rules (the user's, or the default), with how the user knows each: rules added later are checked against them. */
export class LifecycleRuleList {
  public readonly rules: LifecycleRuleModel[];
  private readonly labels: string[];
  private added = 0;

  /** Takes rules already validated with {@link checkLifecycle}. */
  constructor(given: readonly ecr.LifecycleRule[] | undefined, untaggedImageExpiry?: Duration) {
    this.rules = given?.map(lifecycleRuleModel) ?? defaultLifecycleRules(untaggedImageExpiry);
    this.labels = given?.map((_, i) => `lifecycleRules[${i}]`) ?? this.rules.map(() => 'the default rule');
  }

  /** Checks a rule on its own and with the rules already here, then adds it; throws with every problem. */
  public add(problems: InputProblems, rule: ecr.LifecycleRule): void {
    checkLifecycleRule(problems, 'rule', rule);
    if (problems.count === 0) {
      const existing = this.rules.map((r, i) => ({ label: this.labels[i], rulePriority: r.rulePriority, tagStatus: r.tagStatus }));
      checkRuleOrder(problems, [...existing, { label: 'rule', rulePriority: rule.rulePriority, tagStatus: tagStatusOf(rule) }], existing.length);
    }
    problems.throwIfAny();
    this.labels.push(`the rule of addLifecycleRule() call ${++this.added}`);
    this.rules.push(lifecycleRuleModel(rule));
  }
}

/**
 * Warns when a rule of the user's can expire tagged images: ECR deletes them for good and counts from
 * the push, while a deployment may still run one of them by digest. Rules with deploy-time values are
 * judged by what is known.
 *
 * @param label how the user knows the rule (`lifecycleRules[2]`)
 */
export function warnIfExpiresTaggedImages(scope: IConstruct, label: string, rule: ecr.LifecycleRule): void {
  const tagStatus = tagStatusOf(rule);
  if (tagStatus === ecr.TagStatus.UNTAGGED) return;
  const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
  const which = tagStatus === ecr.TagStatus.ANY ? 'any image, tagged or not,'
    : rule.tagPatternList !== undefined ? `images tagged ${quoted(rule.tagPatternList)}`
      : `images with a tag starting with ${quoted(rule.tagPrefixList ?? [])}`;
  const when = rule.maxImageAge !== undefined
    ? `${display(rule.maxImageAge.toDays())} days after their push`
    : `beyond the newest ${display(rule.maxImageCount)} (by push time)`;
  warn(scope, EcrWarnings.LIFECYCLE_EXPIRES_TAGGED_IMAGES,
    `${label} expires ${which} ${when}. ECR deletes expired images for good, whether or not anything still uses them: ` +
    'a deployment that still runs one of them (ECS and Lambda pin the image digest when they deploy) cannot pull it again ' +
    'to start a task or scale out. Keep the tags your deployments use out of this rule (a narrower tag list, or a rule with a ' +
    'higher priority that selects them), or acknowledge this warning if losing those images is intended.');
}

function display(value: number | undefined): string {
  return value === undefined || isToken(value) ? '(a deploy-time number of)' : String(value);
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
  rules.forEach((rule, i) => checkLifecycleRule(problems, `lifecycleRules[${i}]`, rule));
  checkRuleOrder(problems, rules.map((rule, i) => ({ label: `lifecycleRules[${i}]`, rulePriority: rule.rulePriority, tagStatus: tagStatusOf(rule) })));
}

/** A rule of a lifecycle policy as the order checks read it, with how the user knows it. */
export interface LabelledRule {
  readonly label: string;
  readonly rulePriority?: number;
  readonly tagStatus: ecr.TagStatus;
}

/**
 * Checks rules together as ECR reads them: unique priorities, at most one `TagStatus.ANY` rule, and
 * that rule above every other (ECR applies it last; a rule without a priority is numbered after
 * every explicit one). Problems are reported on the rules from `from` on, the ones being added: the
 * earlier ones were accepted already, and are named as what the new rule clashes with.
 */
export function checkRuleOrder(problems: InputProblems, rules: readonly LabelledRule[], from = 0): void {
  const known = (r: LabelledRule) =>
    r.rulePriority !== undefined && !isToken(r.rulePriority) && Number.isInteger(r.rulePriority) && r.rulePriority >= 1;
  const priorities = new Map<number, string>();
  rules.forEach((rule, i) => {
    if (!known(rule)) return;
    const taken = priorities.get(rule.rulePriority!);
    if (taken === undefined) priorities.set(rule.rulePriority!, rule.label);
    else if (i >= from) problems.add(`${rule.label}.rulePriority`, rule.rulePriority, `is already used by ${taken}`, 'give each rule a unique priority');
  });

  const anyRules = rules.filter((r) => r.tagStatus === ecr.TagStatus.ANY);
  if (anyRules.length > 1 && from === 0) {
    problems.add('lifecycleRules', `${anyRules.length} rules with TagStatus.ANY`, 'has more than one TagStatus.ANY rule (ECR allows one, applied last)', 'merge them into one rule');
  } else if (anyRules.length > 1) {
    const added = anyRules.find((r) => rules.indexOf(r) >= from)!;
    problems.add(`${added.label}.tagStatus`, 'ANY', `is a second TagStatus.ANY rule beside ${anyRules.find((r) => r !== added)!.label} (ECR allows one, applied last)`,
      'select tags (TagStatus.TAGGED with a tag list, or UNTAGGED), or merge it into the existing rule');
  }

  // ECR applies the ANY rule last: its priority must be above every other rule's, numbered ones included
  const any = rules.find((r) => r.tagStatus === ecr.TagStatus.ANY && known(r));
  if (any === undefined) return;
  const after = (r: LabelledRule) =>
    r.tagStatus !== ecr.TagStatus.ANY && (r.rulePriority === undefined || (known(r) && r.rulePriority >= any.rulePriority!));
  const clashes = rules.filter((r, i) => after(r) && (i >= from || rules.indexOf(any) >= from));
  if (clashes.length === 0) return;
  if (rules.indexOf(any) >= from) {
    problems.add(`${any.label}.rulePriority`, any.rulePriority, 'is not above every other rule\'s priority, and ECR applies the TagStatus.ANY rule last',
      'remove its rulePriority (it is then numbered after every other rule)');
  } else {
    for (const rule of clashes) {
      problems.add(`${rule.label}.rulePriority`, rule.rulePriority, `${rule.rulePriority === undefined ? 'would be numbered' : 'is'} at or above ` +
        `${any.label}'s priority ${any.rulePriority}, the TagStatus.ANY rule, which ECR applies last`, `give it a priority below ${any.rulePriority}`);
    }
  }
}

/** Validates one rule on its own (`at` names it: `lifecycleRules[2]`, `rule`). */
export function checkLifecycleRule(problems: InputProblems, at: string, rule: ecr.LifecycleRule): void {
  if ((rule.maxImageAge === undefined) === (rule.maxImageCount === undefined)) {
    problems.add(at, describeRule(rule), 'must set exactly one of maxImageAge and maxImageCount',
      'keep images by age (maxImageAge: Duration.days(n)) or by count (maxImageCount: n), not both or neither');
  }
  if (rule.maxImageCount !== undefined && !isToken(rule.maxImageCount) && (!Number.isInteger(rule.maxImageCount) || rule.maxImageCount < 1)) {
    problems.add(`${at}.maxImageCount`, rule.maxImageCount, 'must be a whole number of at least 1', 'use a count such as 10');
  }
  if (rule.maxImageAge !== undefined) checkWholeDays(problems, `${at}.maxImageAge`, rule.maxImageAge);
  if (rule.rulePriority !== undefined && !isToken(rule.rulePriority) && (!Number.isInteger(rule.rulePriority) || rule.rulePriority < 1)) {
    problems.add(`${at}.rulePriority`, rule.rulePriority, 'must be a whole number of at least 1', 'use 1 for the rule applied first');
  }
  const lists = [...(rule.tagPrefixList ?? []), ...(rule.tagPatternList ?? [])];
  const tagStatus = tagStatusOf(rule);
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
