import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
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
   * Deletes untagged images that nobody has pulled for this long: the named opt-in to a default rule
   * that expires. ECR counts from an image's last recorded pull, so an image a deployment still pulls
   * is kept. Only shapes the default rule: with `lifecycleRules`, write your own untagged rule instead.
   *
   * @default - no image is deleted: untagged images nobody has pulled for 30 days move to ECR's
   * archive storage class (restorable); tagged images are never touched
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive_restore_image.html
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

  checkLifecycle(problems, props.lifecycleRules, props.untaggedImageExpiry);
  checkAccountId(problems, 'lifecycleRegistryId', props.lifecycleRegistryId);
  if (props.encryptionKey !== undefined && props.encryption !== undefined && props.encryption !== ecr.RepositoryEncryption.KMS) {
    problems.add('encryption', props.encryption.value, 'must be KMS when encryptionKey is given',
      'remove encryption (KMS is implied by encryptionKey) or set RepositoryEncryption.KMS');
  }
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
    // rendered by this class from its own rule model, which also counts from pulls and archives
    lifecycleRules: undefined,
  };
}
