import { Duration } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { IConstruct } from 'constructs';
import { checkImageLifecycleRule, ImageLifecycleRule, imageLifecycleRuleModel, imageRuleTagStatus, storageClassOf } from './image-lifecycle-rule';
import { ImageStorageClass, LifecycleAction, LifecycleCountType, LifecycleRuleModel, lifecycleRuleModel, MINIMUM_ARCHIVE_DAYS, tagStatusOf } from './lifecycle-policy';
import { InputProblems, isToken } from '../private/input-problems';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

/** How long an untagged image stays in standard storage after its last pull before the default rule archives it. */
export const UNTAGGED_IMAGE_ARCHIVE_AFTER = Duration.days(30);

/** The settings of the default lifecycle rules. */
export interface DefaultLifecycleOptions {
  readonly untaggedImageExpiry?: Duration;
  readonly untaggedImageArchiveAfter?: Duration;
}

/**
 * The default lifecycle. ECR cannot know which images a deployment still runs: ECS and Lambda pin an
 * image's digest when they deploy, so an image whose mutable tag (`latest`) moved on is untagged but
 * still pulled whenever a task starts or a function is restored. So the default never deletes:
 *
 * - an untagged image that nobody has pulled for 30 days (`untaggedImageArchiveAfter`) moves to the
 *   archive storage class, where it can be restored (or pushed again) if a pull ever needs it; an
 *   image a deployment still pulls is never archived, because every pull restarts its count;
 * - tagged images are never touched.
 *
 * With `untaggedImageExpiry` (the named opt-in to delete), untagged images are expired once they
 * have been archived that long. ECR cannot expire by pull time directly (`sinceImagePulled` only
 * transitions) and keeps archived images at least 90 days. Either way every repository has a
 * lifecycle policy, which AWS Control Tower's proactive control CT.ECR.PR.1 requires.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html
 */
export function defaultLifecycleRules(options: DefaultLifecycleOptions = {}): LifecycleRuleModel[] {
  const days = (options.untaggedImageArchiveAfter ?? UNTAGGED_IMAGE_ARCHIVE_AFTER).toDays();
  const archive: LifecycleRuleModel = {
    description: `Archive untagged images not pulled for ${days} days; never deletes an image or touches a tagged one`,
    tagStatus: ecr.TagStatus.UNTAGGED,
    countType: LifecycleCountType.SINCE_IMAGE_PULLED,
    countNumber: days,
    action: LifecycleAction.ARCHIVE,
  };
  if (options.untaggedImageExpiry === undefined) return [archive];
  const expiry = options.untaggedImageExpiry.toDays();
  return [
    { ...archive, description: `Archive untagged images not pulled for ${days} days; tagged images are never touched` },
    {
      description: `Expire untagged images archived for ${expiry} days; tagged images are never expired`,
      tagStatus: ecr.TagStatus.UNTAGGED,
      storageClass: ImageStorageClass.ARCHIVE,
      countType: LifecycleCountType.SINCE_IMAGE_TRANSITIONED,
      countNumber: expiry,
      action: LifecycleAction.EXPIRE,
    },
  ];
}

/** The lifecycle settings of a repository or creation template, as the user gave them. */
export interface LifecycleInput extends DefaultLifecycleOptions {
  readonly lifecycleRules?: readonly ecr.LifecycleRule[];
  readonly imageLifecycleRules?: readonly ImageLifecycleRule[];
}

/** A repository's lifecycle rules (the user's, or the default), with how the user knows each: rules added later are checked against them. */
export class LifecycleRuleList {
  public readonly rules: LifecycleRuleModel[];
  private readonly labels: string[];
  private added = 0;

  /** Takes input already validated with {@link checkLifecycle}. */
  constructor(input: LifecycleInput) {
    const given = userRules(input);
    this.rules = given?.map((r) => r.model) ?? defaultLifecycleRules(input);
    this.labels = given?.map((r) => r.label) ?? this.rules.map(() => 'the default rule');
  }

  /** Checks an aws-cdk-lib rule on its own and with the rules already here, then adds it; throws with every problem. */
  public add(problems: InputProblems, rule: ecr.LifecycleRule, method: string): void {
    checkLifecycleRule(problems, 'rule', rule);
    this.addChecked(problems, () => lifecycleRuleModel(rule), method);
  }

  /** As {@link add}, for a rule in ECR's own terms. */
  public addImageRule(problems: InputProblems, rule: ImageLifecycleRule, method: string): void {
    checkImageLifecycleRule(problems, 'rule', rule);
    this.addChecked(problems, () => imageLifecycleRuleModel(rule), method);
  }

  private addChecked(problems: InputProblems, model: () => LifecycleRuleModel, method: string): void {
    if (problems.count === 0) {
      const labelled = (r: LifecycleRuleModel, label: string) =>
        ({ label, rulePriority: r.rulePriority, tagStatus: r.tagStatus, storageClass: r.storageClass });
      const existing = this.rules.map((r, i) => labelled(r, this.labels[i]));
      checkRuleOrder(problems, [...existing, labelled(model(), 'rule')], existing.length);
    }
    problems.throwIfAny();
    this.labels.push(`the rule of ${method} call ${++this.added}`);
    this.rules.push(model());
  }
}

/** The user's rules in the model, with their labels; undefined when the default applies. */
export function userRules(input: LifecycleInput): Array<{ label: string; model: LifecycleRuleModel }> | undefined {
  if (input.lifecycleRules === undefined && input.imageLifecycleRules === undefined) return undefined;
  return [
    ...(input.lifecycleRules ?? []).map((rule, i) => ({ label: `lifecycleRules[${i}]`, model: lifecycleRuleModel(rule) })),
    ...(input.imageLifecycleRules ?? []).map((rule, i) => ({ label: `imageLifecycleRules[${i}]`, model: imageLifecycleRuleModel(rule) })),
  ];
}

/** The rules of a policy: the user's, or the default. Takes input already validated with {@link checkLifecycle}. */
export function lifecycleRulesOf(input: LifecycleInput): LifecycleRuleModel[] {
  return userRules(input)?.map((r) => r.model) ?? defaultLifecycleRules(input);
}

/** Warns for each of the user's rules that can expire tagged images ({@link warnIfExpiresTaggedImages}). */
export function warnForUserRules(scope: IConstruct, input: LifecycleInput): void {
  userRules(input)?.forEach((r) => warnIfExpiresTaggedImages(scope, r.label, r.model));
}

/**
 * Warns when a rule of the user's can expire tagged images: ECR deletes them for good, while a
 * deployment may still run one of them by digest. Rules with deploy-time values are judged by what
 * is known.
 *
 * @param label how the user knows the rule (`lifecycleRules[2]`)
 */
export function warnIfExpiresTaggedImages(scope: IConstruct, label: string, rule: LifecycleRuleModel): void {
  if (rule.tagStatus === ecr.TagStatus.UNTAGGED || rule.action !== LifecycleAction.EXPIRE) return;
  const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
  const which = rule.tagStatus === ecr.TagStatus.ANY ? 'any image, tagged or not,'
    : rule.tagPatternList !== undefined ? `images tagged ${quoted(rule.tagPatternList)}`
      : `images with a tag starting with ${quoted(rule.tagPrefixList ?? [])}`;
  const when = rule.countType === LifecycleCountType.IMAGE_COUNT_MORE_THAN
    ? `beyond the newest ${display(rule.countNumber)} (by push time)`
    : `${display(rule.countNumber)} days after ${rule.countType === LifecycleCountType.SINCE_IMAGE_TRANSITIONED ? 'they were archived' : 'their push'}`;
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
export function checkLifecycle(problems: InputProblems, input: LifecycleInput): void {
  const custom = input.lifecycleRules !== undefined ? 'lifecycleRules' : input.imageLifecycleRules !== undefined ? 'imageLifecycleRules' : undefined;
  for (const [property, value] of [['untaggedImageExpiry', input.untaggedImageExpiry], ['untaggedImageArchiveAfter', input.untaggedImageArchiveAfter]] as const) {
    if (value === undefined) continue;
    if (custom !== undefined) {
      problems.add(property, value.toString(), `only shapes the default lifecycle rule, and ${custom} replaces that rule`,
        `add your own TagStatus.UNTAGGED rules to ${custom}, or drop ${custom} to keep the default`);
    }
    checkWholeDays(problems, property, value);
  }
  const expiry = input.untaggedImageExpiry;
  const expiryHours = expiry === undefined || expiry.isUnresolved() ? undefined : expiry.toHours({ integral: false });
  if (expiry !== undefined && expiryHours !== undefined && expiryHours >= 24 && expiryHours < MINIMUM_ARCHIVE_DAYS * 24) {
    problems.add('untaggedImageExpiry', expiry.toString(), `counts from when an untagged image was archived, and ECR keeps archived images at least ${MINIMUM_ARCHIVE_DAYS} days`,
      `use Duration.days(${MINIMUM_ARCHIVE_DAYS}) or more; untaggedImageArchiveAfter sets how long after its last pull an image is archived`);
  }
  input.lifecycleRules?.forEach((rule, i) => checkLifecycleRule(problems, `lifecycleRules[${i}]`, rule));
  input.imageLifecycleRules?.forEach((rule, i) => checkImageLifecycleRule(problems, `imageLifecycleRules[${i}]`, rule));
  if (custom !== undefined) {
    // read without converting: a rule with a bad age cannot be converted to days
    checkRuleOrder(problems, [
      ...(input.lifecycleRules ?? []).map((rule, i) => ({ label: `lifecycleRules[${i}]`, rulePriority: rule.rulePriority, tagStatus: tagStatusOf(rule) })),
      ...(input.imageLifecycleRules ?? []).map((rule, i) => ({
        label: `imageLifecycleRules[${i}]`, rulePriority: rule.rulePriority, tagStatus: imageRuleTagStatus(rule), storageClass: storageClassOf(rule),
      })),
    ]);
  }
}

/** A rule of a lifecycle policy as the order checks read it, with how the user knows it. */
export interface LabelledRule {
  readonly label: string;
  readonly rulePriority?: number;
  readonly tagStatus: ecr.TagStatus;
  /** Standard when absent. */
  readonly storageClass?: ImageStorageClass;
}

/**
 * Checks rules together as ECR reads them: unique priorities and, among the rules of each storage
 * class, at most one `TagStatus.ANY` rule, above every other (ECR applies it last; a rule without a
 * priority is numbered after every explicit one), and at most one `TagStatus.UNTAGGED` rule. AWS's
 * own "combining archive and expire rules" example has an ANY rule in each class, so the ANY rule
 * is last per class, not per policy. Problems are reported on the rules from `from` on, the ones
 * being added: the earlier ones were accepted already, and are named as what the new rule clashes with.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 */
export function checkRuleOrder(problems: InputProblems, rules: readonly LabelledRule[], from = 0): void {
  const priorities = new Map<number, string>();
  rules.forEach((rule, i) => {
    if (!knownPriority(rule)) return;
    const taken = priorities.get(rule.rulePriority!);
    if (taken === undefined) priorities.set(rule.rulePriority!, rule.label);
    else if (i >= from) problems.add(`${rule.label}.rulePriority`, rule.rulePriority, `is already used by ${taken}`, 'give each rule a unique priority');
  });
  const isNew = (r: LabelledRule) => rules.indexOf(r) >= from;
  for (const storageClass of [ImageStorageClass.STANDARD, ImageStorageClass.ARCHIVE]) {
    const inClass = rules.filter((r) => (r.storageClass ?? ImageStorageClass.STANDARD) === storageClass);
    checkAnyRuleLast(problems, inClass, isNew);
    checkOneUntaggedRule(problems, inClass, isNew, storageClass);
  }
}

function knownPriority(r: LabelledRule): boolean {
  return r.rulePriority !== undefined && !isToken(r.rulePriority) && Number.isInteger(r.rulePriority) && r.rulePriority >= 1;
}

function checkAnyRuleLast(problems: InputProblems, rules: readonly LabelledRule[], isNew: (r: LabelledRule) => boolean): void {
  const anyRules = rules.filter((r) => r.tagStatus === ecr.TagStatus.ANY);
  const addedAny = anyRules.find(isNew);
  if (anyRules.length > 1 && anyRules.every(isNew)) {
    problems.add(anyRules[0].label.replace(/\[\d+\]$/, ''), `${anyRules.length} rules with TagStatus.ANY`, 'has more than one TagStatus.ANY rule (ECR allows one, applied last)', 'merge them into one rule');
  } else if (anyRules.length > 1 && addedAny !== undefined) {
    problems.add(`${addedAny.label}.tagStatus`, 'ANY', `is a second TagStatus.ANY rule beside ${anyRules.find((r) => r !== addedAny)!.label} (ECR allows one, applied last)`,
      'select tags (TagStatus.TAGGED with a tag list, or UNTAGGED), or merge it into the existing rule');
  }

  // ECR applies the ANY rule last: its priority must be above every other rule's, numbered ones included
  const any = rules.find((r) => r.tagStatus === ecr.TagStatus.ANY && knownPriority(r));
  if (any === undefined) return;
  const after = (r: LabelledRule) =>
    r.tagStatus !== ecr.TagStatus.ANY && (r.rulePriority === undefined || (knownPriority(r) && r.rulePriority >= any.rulePriority!));
  const clashes = rules.filter((r) => after(r) && (isNew(r) || isNew(any)));
  if (clashes.length === 0) return;
  if (isNew(any)) {
    problems.add(`${any.label}.rulePriority`, any.rulePriority, 'is not above every other rule\'s priority, and ECR applies the TagStatus.ANY rule last',
      'remove its rulePriority (it is then numbered after every other rule)');
  } else {
    for (const rule of clashes) {
      problems.add(`${rule.label}.rulePriority`, rule.rulePriority, `${rule.rulePriority === undefined ? 'would be numbered' : 'is'} at or above ` +
        `${any.label}'s priority ${any.rulePriority}, the TagStatus.ANY rule, which ECR applies last`, `give it a priority below ${any.rulePriority}`);
    }
  }
}

// "Only one rule selecting a specific storage class is allowed to select untagged images."
function checkOneUntaggedRule(
  problems: InputProblems, rules: readonly LabelledRule[], isNew: (r: LabelledRule) => boolean, storageClass: ImageStorageClass,
): void {
  const untagged = rules.filter((r) => r.tagStatus === ecr.TagStatus.UNTAGGED);
  const second = untagged.slice(1).find(isNew);
  if (second === undefined) return;
  problems.add(`${second.label}.tagStatus`, 'UNTAGGED', `is a second rule selecting untagged images of the ${storageClass} storage class, beside ` +
    `${untagged.find((r) => r !== second)!.label} (ECR allows one per storage class)`, 'merge the two rules into one');
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
  checkRuleSelection(problems, at, rule, tagStatusOf(rule));
}

/** The tag selection and priority checks every kind of rule shares. */
export function checkRuleSelection(
  problems: InputProblems, at: string,
  rule: { readonly rulePriority?: number; readonly tagPrefixList?: readonly string[]; readonly tagPatternList?: readonly string[] },
  tagStatus: ecr.TagStatus,
): void {
  if (rule.rulePriority !== undefined && !isToken(rule.rulePriority) && (!Number.isInteger(rule.rulePriority) || rule.rulePriority < 1)) {
    problems.add(`${at}.rulePriority`, rule.rulePriority, 'must be a whole number of at least 1', 'use 1 for the rule applied first');
  }
  const lists = [...(rule.tagPrefixList ?? []), ...(rule.tagPatternList ?? [])];
  if (tagStatus === ecr.TagStatus.TAGGED && lists.length === 0) {
    problems.add(`${at}.tagStatus`, 'TAGGED', 'needs tagPrefixList or tagPatternList to say which tags', 'add tagPatternList: [\'release-*\'], or use TagStatus.ANY');
  }
  if (tagStatus !== ecr.TagStatus.TAGGED && lists.length > 0) {
    problems.add(`${at}.tagStatus`, tagStatus, 'cannot be combined with tagPrefixList or tagPatternList', 'use TagStatus.TAGGED, or drop the tag lists');
  }
  if (rule.tagPrefixList !== undefined && rule.tagPatternList !== undefined) {
    problems.add(at, { tagPrefixList: rule.tagPrefixList, tagPatternList: rule.tagPatternList }, 'sets both tagPrefixList and tagPatternList', 'use one of them (tagPatternList supports wildcards)');
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
