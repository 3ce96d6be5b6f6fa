import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { checkEncryption, dsseEncryptionConfiguration } from './encryption';
import { ImageLifecycleRule } from './image-lifecycle-rule';
import { checkLifecycle } from './lifecycle';
import { checkMutableTags } from './tag-mutability';
import { checkAccountId, checkRepositoryName } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';

/**
 * Properties for a {@link PushableRepository}: everything `ecr.Repository` takes, with safer defaults.
 */
export interface PushableRepositoryProps extends ecr.RepositoryProps {
  /**
   * Image tags that may be overwritten, as ECR wildcard patterns (`latest`, `dev-*`); every other
   * tag stays immutable. Up to five patterns (`IMMUTABLE_WITH_EXCLUSION`).
   *
   * @default - no tag can be overwritten (`IMMUTABLE`)
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
   */
  readonly mutableTags?: string[];

  /**
   * Lifecycle rules in ECR's own terms: archive images, count from their last pull, delete images
   * that have been archived long enough. They replace the default rules, as `lifecycleRules` does;
   * with both, the policy has the rules of both, checked together.
   *
   * @default - the default rules (see `untaggedImageArchiveAfter`), unless `lifecycleRules` is given
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html
   */
  readonly imageLifecycleRules?: ImageLifecycleRule[];

  /**
   * How long after its last pull (or its push, if never pulled) the default rule moves an untagged
   * image to ECR's archive storage class. Only shapes the default rules: with `lifecycleRules` or
   * `imageLifecycleRules`, write your own untagged rule instead.
   *
   * @default Duration.days(30)
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive-image.html
   */
  readonly untaggedImageArchiveAfter?: Duration;

  /**
   * Deletes untagged images once they have been in the archive storage class this long: the named
   * opt-in to a default rule that expires. At least 90 days, ECR's minimum archive storage duration.
   * ECR cannot delete by pull time directly, so an untagged image is deleted
   * `untaggedImageArchiveAfter` + `untaggedImageExpiry` after its last pull, at the earliest; an
   * image a deployment still pulls is never archived, so never deleted. Only shapes the default
   * rules: with `lifecycleRules` or `imageLifecycleRules`, write your own untagged rule instead.
   *
   * @default - no image is deleted: untagged images nobody has pulled for 30 days move to ECR's
   * archive storage class (restorable); tagged images are never touched
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html
   */
  readonly untaggedImageExpiry?: Duration;
}

/** Validates every prop at once and fills in the secure defaults, without touching the caller's object. */
export function secureRepositoryProps(scope: Construct, id: string, props: PushableRepositoryProps): ecr.RepositoryProps {
  const path = scope.node.path ? `${scope.node.path}/${id}` : id;
  const problems = new InputProblems(`PushableRepository props at '${path}'`);

  checkRepositoryName(problems, 'repositoryName', props.repositoryName);

  const mutableTags = props.mutableTags;
  checkMutableTags(problems, mutableTags);
  if (mutableTags !== undefined && !isToken(mutableTags)) {
    if (props.imageTagMutability !== undefined && mutableTags.length > 0) {
      problems.add('imageTagMutability', props.imageTagMutability, 'conflicts with mutableTags, which already sets IMMUTABLE_WITH_EXCLUSION',
        'remove imageTagMutability (mutableTags keeps every other tag immutable)');
    }
    if (props.imageTagMutabilityExclusionFilters !== undefined) {
      problems.add('imageTagMutabilityExclusionFilters', `${props.imageTagMutabilityExclusionFilters.length} filter(s)`, 'conflicts with mutableTags',
        'use one of them: mutableTags: [\'latest\'] is the short form');
    }
  }

  checkLifecycle(problems, props);
  checkAccountId(problems, 'lifecycleRegistryId', props.lifecycleRegistryId);
  checkEncryption(problems, scope, props.encryption, props.encryptionKey);
  const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
  if ((props.emptyOnDelete || props.autoDeleteImages) && removalPolicy !== RemovalPolicy.DESTROY) {
    problems.add(props.emptyOnDelete ? 'emptyOnDelete' : 'autoDeleteImages', true,
      'deletes every image when the repository is deleted, which only happens with removalPolicy DESTROY',
      'set removalPolicy: RemovalPolicy.DESTROY as well (an explicit opt-in to losing images), or drop it');
  }
  problems.throwIfAny();

  const useExclusions = (mutableTags ?? []).length > 0;
  return {
    ...props,
    imageScanOnPush: props.imageScanOnPush ?? true,
    // with mutableTags, the constructor writes the exclusion filters itself (they may hold tokens,
    // which ecr.ImageTagMutabilityExclusionFilter.wildcard() rejects)
    imageTagMutability: useExclusions ? undefined : props.imageTagMutability ?? ecr.TagMutability.IMMUTABLE,
    removalPolicy,
    // KMS_DSSE is written by this class: ecr.Repository cannot render it
    ...(dsseEncryptionConfiguration(props.encryption, props.encryptionKey) !== undefined ? { encryption: undefined, encryptionKey: undefined } : {}),
    // rendered by this class from its own rule model, which also counts from pulls and archives
    lifecycleRules: undefined,
  };
}
