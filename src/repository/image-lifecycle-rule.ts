import * as ecr from 'aws-cdk-lib/aws-ecr';
import { checkRuleSelection } from './lifecycle';
import { ImageStorageClass, LifecycleAction, LifecycleCountType, LifecycleRuleModel, MINIMUM_ARCHIVE_DAYS } from './lifecycle-policy';
import { InputProblems, isToken } from '../private/input-problems';

/**
 * A lifecycle rule in ECR's own terms, for what `ecr.LifecycleRule` cannot say: move images to the
 * archive storage class (`LifecycleAction.ARCHIVE`), count from an image's last pull
 * (`SINCE_IMAGE_PULLED`), and delete images that have been archived long enough
 * (`SINCE_IMAGE_TRANSITIONED`, on `ImageStorageClass.ARCHIVE`).
 *
 * ECR accepts these combinations, and synth refuses the others:
 *
 * | countType | storageClass | action |
 * |---|---|---|
 * | `IMAGE_COUNT_MORE_THAN`, `SINCE_IMAGE_PUSHED` | standard | expire or archive |
 * | `SINCE_IMAGE_PULLED` | standard | archive only |
 * | `SINCE_IMAGE_TRANSITIONED` (at least 90 days) | archive | expire only |
 *
 * An archived image cannot be pulled (a pull gets 404) until it is restored
 * (`ecr:UpdateImageStorageClass`, about 20 minutes) or pushed again.
 *
 * @example
 * import { ImageStorageClass, LifecycleAction, LifecycleCountType, PushableRepository } from 'cdk-ecr-access';
 *
 * new PushableRepository(this, 'Api', {
 *   imageLifecycleRules: [
 *     { countType: LifecycleCountType.SINCE_IMAGE_PULLED, countNumber: 60, action: LifecycleAction.ARCHIVE },
 *     { storageClass: ImageStorageClass.ARCHIVE, countType: LifecycleCountType.SINCE_IMAGE_TRANSITIONED, countNumber: 365, action: LifecycleAction.EXPIRE },
 *   ],
 * });
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
export interface ImageLifecycleRule {
  /** What the rule does to the images it counts. */
  readonly action: LifecycleAction;

  /** What the rule counts. */
  readonly countType: LifecycleCountType;

  /**
   * The count: images beyond this many (`IMAGE_COUNT_MORE_THAN`), or days (the other count types).
   * A whole number of at least 1; at least 90 for `SINCE_IMAGE_TRANSITIONED`.
   */
  readonly countNumber: number;

  /**
   * The storage class the rule selects images from.
   *
   * @default - `ImageStorageClass.ARCHIVE` for `SINCE_IMAGE_TRANSITIONED`, `ImageStorageClass.STANDARD` otherwise
   */
  readonly storageClass?: ImageStorageClass;

  /**
   * Which images the rule selects by tag.
   *
   * @default - as `ecr.LifecycleRule`: `TagStatus.TAGGED` with a tag list, `TagStatus.ANY` without
   */
  readonly tagStatus?: ecr.TagStatus;

  /**
   * Tag prefixes the selected images must all have (with `TagStatus.TAGGED`).
   *
   * @default - none
   */
  readonly tagPrefixList?: string[];

  /**
   * Tag patterns with `*` wildcards the selected images must all match (with `TagStatus.TAGGED`).
   *
   * @default - none
   */
  readonly tagPatternList?: string[];

  /**
   * The rule's priority: unique, lower is applied first. A `TagStatus.ANY` rule must be applied
   * last among the rules of its storage class.
   *
   * @default - numbered after every rule with a priority, `TagStatus.ANY` rules last
   */
  readonly rulePriority?: number;

  /**
   * What the rule is for, shown in the ECR console.
   *
   * @default - none
   */
  readonly description?: string;
}

/** The storage class a rule selects from, as ECR reads it. */
export function storageClassOf(rule: ImageLifecycleRule): ImageStorageClass {
  if (rule.storageClass !== undefined) return rule.storageClass;
  return rule.countType === LifecycleCountType.SINCE_IMAGE_TRANSITIONED ? ImageStorageClass.ARCHIVE : ImageStorageClass.STANDARD;
}

/** The tag status a rule gets: as `ecr.Repository` decides it for its own rules. */
export function imageRuleTagStatus(rule: ImageLifecycleRule): ecr.TagStatus {
  return rule.tagStatus ?? (rule.tagPrefixList === undefined && rule.tagPatternList === undefined ? ecr.TagStatus.ANY : ecr.TagStatus.TAGGED);
}

/** A validated rule in the model. */
export function imageLifecycleRuleModel(rule: ImageLifecycleRule): LifecycleRuleModel {
  return {
    rulePriority: rule.rulePriority,
    description: rule.description,
    tagStatus: imageRuleTagStatus(rule),
    tagPrefixList: rule.tagPrefixList,
    tagPatternList: rule.tagPatternList,
    countType: rule.countType,
    countNumber: rule.countNumber,
    action: rule.action,
    storageClass: storageClassOf(rule),
  };
}

/**
 * Validates one rule against ECR's combinations, as AWS states them: "The `sinceImagePulled` count
 * type must be used with the `transition` action", "The `sinceImageTransitioned` count type must be
 * used with the `expire` action and the `archive` storage class", and "Images must be in archive
 * storage for a minimum of 90 days before deletion".
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html
 */
export function checkImageLifecycleRule(problems: InputProblems, at: string, rule: ImageLifecycleRule): void {
  checkRuleSelection(problems, at, rule, imageRuleTagStatus(rule));
  const transitioned = rule.countType === LifecycleCountType.SINCE_IMAGE_TRANSITIONED;
  const storageClass = storageClassOf(rule);
  if (!isToken(rule.countNumber) && (!Number.isInteger(rule.countNumber) || rule.countNumber < 1)) {
    problems.add(`${at}.countNumber`, rule.countNumber, 'must be a whole number of at least 1', 'use a count such as 30');
  } else if (transitioned && !isToken(rule.countNumber) && rule.countNumber < MINIMUM_ARCHIVE_DAYS) {
    problems.add(`${at}.countNumber`, rule.countNumber, `is under ${MINIMUM_ARCHIVE_DAYS} days, and ECR keeps archived images at least ${MINIMUM_ARCHIVE_DAYS} days`,
      `use ${MINIMUM_ARCHIVE_DAYS} or more (BatchDeleteImage deletes sooner, billed for the ${MINIMUM_ARCHIVE_DAYS} days)`);
  }
  if (rule.countType === LifecycleCountType.SINCE_IMAGE_PULLED && rule.action === LifecycleAction.EXPIRE) {
    problems.add(`${at}.action`, 'EXPIRE', 'cannot be used with SINCE_IMAGE_PULLED: ECR only archives by pull time',
      'use LifecycleAction.ARCHIVE, and add a rule with SINCE_IMAGE_TRANSITIONED and LifecycleAction.EXPIRE to delete archived images later');
  }
  if (transitioned && rule.action !== LifecycleAction.EXPIRE) {
    problems.add(`${at}.action`, rule.action.toUpperCase(), 'cannot be used with SINCE_IMAGE_TRANSITIONED: the images are archived already',
      'use LifecycleAction.EXPIRE to delete them');
  }
  if (transitioned && storageClass !== ImageStorageClass.ARCHIVE) {
    problems.add(`${at}.storageClass`, storageClass.toUpperCase(), 'must be ARCHIVE with SINCE_IMAGE_TRANSITIONED (only archived images have a transition time)',
      'remove storageClass, or set ImageStorageClass.ARCHIVE');
  }
  if (!transitioned && storageClass === ImageStorageClass.ARCHIVE) {
    problems.add(`${at}.storageClass`, 'ARCHIVE', `cannot be used with ${countTypeName(rule.countType)}: ECR counts archived images only by SINCE_IMAGE_TRANSITIONED`,
      'use LifecycleCountType.SINCE_IMAGE_TRANSITIONED, or remove storageClass');
  }
}

function countTypeName(countType: LifecycleCountType): string {
  return Object.entries(LifecycleCountType).find(([, value]) => value === countType)?.[0] ?? String(countType);
}
