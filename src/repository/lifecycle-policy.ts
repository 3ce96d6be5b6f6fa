import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { IConstruct } from 'constructs';

// The lifecycle rules this library writes, as ECR reads them. `ecr.LifecycleRule` (aws-cdk-lib) can
// only expire images by push age or count; ECR also counts from an image's last pull and can move
// images to the archive storage class instead of deleting them. Every lifecycle policy of a
// repository or creation template is rendered from this model.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html

/**
 * ECR keeps an archived image at least this many days: no lifecycle rule may delete it sooner.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive-image.html
 */
export const MINIMUM_ARCHIVE_DAYS = 90;

/** What a rule counts (ECR's `countType`). */
export enum LifecycleCountType {
  /** More than `countNumber` images, newest kept. */
  IMAGE_COUNT_MORE_THAN = 'imageCountMoreThan',
  /** `countNumber` days since the image was pushed. */
  SINCE_IMAGE_PUSHED = 'sinceImagePushed',
  /**
   * `countNumber` days since ECR last recorded a pull of the image (or its push, if never pulled).
   * ECR only archives by this count, never expires.
   */
  SINCE_IMAGE_PULLED = 'sinceImagePulled',
  /**
   * `countNumber` days since the image moved to the archive storage class: at least 90, ECR's
   * minimum archive storage duration. Only for expiring archived images.
   */
  SINCE_IMAGE_TRANSITIONED = 'sinceImageTransitioned',
}

/** Where ECR keeps an image (a lifecycle rule's `storageClass` selection). */
export enum ImageStorageClass {
  /** Standard storage: images can be pulled. */
  STANDARD = 'standard',
  /** Archive storage: images are kept but cannot be pulled until restored (or pushed again). */
  ARCHIVE = 'archive',
}

/** What a rule does to the images it selects (ECR's `action`). */
export enum LifecycleAction {
  /** Delete the images, for good. */
  EXPIRE = 'expire',
  /** Move the images to the archive storage class: kept, cheaper, not pullable until restored. */
  ARCHIVE = 'archive',
}

/** One lifecycle rule as ECR reads it. */
export interface LifecycleRuleModel {
  readonly rulePriority?: number;
  readonly description?: string;
  readonly tagStatus: ecr.TagStatus;
  readonly tagPrefixList?: readonly string[];
  readonly tagPatternList?: readonly string[];
  readonly countType: LifecycleCountType;
  readonly countNumber: number;
  readonly action: LifecycleAction;
  /** The storage class the rule selects images from; standard when absent. */
  readonly storageClass?: ImageStorageClass;
}

/** An aws-cdk-lib rule in the model, read as `ecr.Repository` reads it. Validate it first (`checkLifecycleRule`). */
export function lifecycleRuleModel(rule: ecr.LifecycleRule): LifecycleRuleModel {
  const byAge = rule.maxImageAge !== undefined;
  return {
    rulePriority: rule.rulePriority,
    description: rule.description,
    tagStatus: tagStatusOf(rule),
    tagPrefixList: rule.tagPrefixList,
    tagPatternList: rule.tagPatternList,
    countType: byAge ? LifecycleCountType.SINCE_IMAGE_PUSHED : LifecycleCountType.IMAGE_COUNT_MORE_THAN,
    countNumber: byAge ? rule.maxImageAge!.toDays() : rule.maxImageCount!,
    action: LifecycleAction.EXPIRE,
  };
}

/** The tag status a rule gets, as `ecr.Repository` decides it: TAGGED when a tag list is given, even an empty one. */
export function tagStatusOf(rule: ecr.LifecycleRule): ecr.TagStatus {
  return rule.tagStatus ?? (rule.tagPrefixList === undefined && rule.tagPatternList === undefined ? ecr.TagStatus.ANY : ecr.TagStatus.TAGGED);
}

/**
 * The lifecycle policy text ECR reads. Priorities follow `ecr.Repository`: explicit ones kept, the
 * rest numbered after them, the `TagStatus.ANY` rule last.
 */
export function renderLifecyclePolicy(scope: IConstruct, rules: readonly LifecycleRuleModel[]): string {
  const isAny = (rule: LifecycleRuleModel) => rule.tagStatus === ecr.TagStatus.ANY;
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
        tagStatus: rule.tagStatus,
        // standard is ECR's default: written only for archive (an explicit "standard" next to a null
        // key was rejected in cloudposse/terraform-aws-ecr#159)
        storageClass: rule.storageClass === ImageStorageClass.ARCHIVE ? rule.storageClass : undefined,
        tagPrefixList: rule.tagPrefixList,
        tagPatternList: rule.tagPatternList,
        countType: rule.countType,
        countNumber: rule.countNumber,
        countUnit: rule.countType === LifecycleCountType.IMAGE_COUNT_MORE_THAN ? undefined : 'days',
      },
      action: rule.action === LifecycleAction.ARCHIVE ? { type: 'transition', targetStorageClass: 'archive' } : { type: 'expire' },
    })),
  });
}

/** The `LifecyclePolicy` property of a repository: none without rules (and without a registry id), as `ecr.Repository` writes it. */
export function lifecyclePolicyProperty(
  scope: IConstruct, rules: readonly LifecycleRuleModel[], registryId: string | undefined,
): ecr.CfnRepository.LifecyclePolicyProperty | undefined {
  if (rules.length === 0) return registryId === undefined ? undefined : { registryId };
  return { lifecyclePolicyText: renderLifecyclePolicy(scope, rules), registryId };
}
