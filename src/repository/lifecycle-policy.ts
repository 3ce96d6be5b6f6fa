import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { IConstruct } from 'constructs';

// The lifecycle rules this library writes, as ECR reads them. `ecr.LifecycleRule` (aws-cdk-lib) can
// only expire images by push age or count; ECR also counts from an image's last pull and can move
// images to the archive storage class instead of deleting them. Every lifecycle policy of a
// repository or creation template is rendered from this model.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html

/** What a rule counts (ECR's `countType`). */
export enum LifecycleCountType {
  /** More than `countNumber` images, newest kept. */
  IMAGE_COUNT_MORE_THAN = 'imageCountMoreThan',
  /** `countNumber` days since the image was pushed. */
  SINCE_IMAGE_PUSHED = 'sinceImagePushed',
  /** `countNumber` days since ECR last recorded a pull of the image. */
  SINCE_IMAGE_PULLED = 'sinceImagePulled',
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
