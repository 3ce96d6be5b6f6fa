import { qualifyEcrAction } from './catalog';
import { EcrActionName } from './catalog.generated';

// The named action sets every grant, check and diagnosis uses. Each name is type-checked against
// the generated catalogue, so an action AWS renames or removes fails compilation here.

const LOGIN: readonly EcrActionName[] = ['GetAuthorizationToken'];

// What pull grants write: the two calls a pull makes (BatchGetImage, GetDownloadUrlForLayer, as
// AWS's ECS page and AmazonEC2ContainerRegistryPullOnly grant) and the layer check a HEAD request on a
// blob sends, which some clients (and AWS's older EKS page) use while pulling. The report and the
// checks count a pull from the two calls alone (src/actions/capabilities.ts).
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html
const PULL: readonly EcrActionName[] = ['BatchCheckLayerAvailability', 'BatchGetImage', 'GetDownloadUrlForLayer'];

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html — BatchGetImage is part
// of AWS's documented push set: clients read the existing manifest (multi-arch, buildx cache) on push.
const PUSH: readonly EcrActionName[] = [
  'BatchCheckLayerAvailability',
  'BatchGetImage',
  'CompleteLayerUpload',
  'InitiateLayerUpload',
  'PutImage',
  'UploadLayerPart',
];

// The five layer-upload actions a `docker push` calls; any of them without the rest fails mid-push.
const PUSH_LAYER: readonly EcrActionName[] = [
  'BatchCheckLayerAvailability',
  'CompleteLayerUpload',
  'InitiateLayerUpload',
  'PutImage',
  'UploadLayerPart',
];

// The layer uploads only a registry client (docker push) makes. PutImage without them is a retag
// (`aws ecr put-image` with an existing manifest), which needs neither the uploads nor login.
const LAYER_UPLOAD: readonly EcrActionName[] = ['CompleteLayerUpload', 'InitiateLayerUpload', 'UploadLayerPart'];

const READ: readonly EcrActionName[] = ['DescribeImages', 'DescribeRepositories', 'ListImages'];

// Seed 000: CreateRepository scoped to `repository/<prefix>*`, with DescribeRepositories so scripts
// can check before they create. Tags on create are authorised on CreateRepository itself.
const CREATE: readonly EcrActionName[] = ['CreateRepository', 'DescribeRepositories'];

const DELETE: readonly EcrActionName[] = ['BatchDeleteImage', 'DeleteRepository'];

const ADMIN: readonly EcrActionName[] = [
  'DeleteLifecyclePolicy',
  'DeleteRepositoryPolicy',
  'PutImageScanningConfiguration',
  'PutImageTagMutability',
  'PutLifecyclePolicy',
  'SetRepositoryPolicy',
];

// https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-permissions
const LAMBDA_PULL: readonly EcrActionName[] = ['BatchGetImage', 'GetDownloadUrlForLayer'];

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-create-replication.html —
// what the destination's registry policy allows the source account; ReplicateImage is internal to ECR.
const REPLICATION: readonly EcrActionName[] = ['CreateRepository', 'ReplicateImage'];

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html — what a pull
// through a cache rule needs besides the pull set: import the upstream image, create its repository.
const PULL_THROUGH_CACHE: readonly EcrActionName[] = ['BatchImportUpstreamImage', 'CreateRepository'];

// A push to a name that does not exist yet: ECR creates the repository from the CREATE_ON_PUSH
// template for the pushing principal, so the principal needs CreateRepository on that name.
const CREATE_ON_PUSH: readonly EcrActionName[] = ['CreateRepository'];

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-custom.html —
// the role ECR assumes for a creation template with a KMS key or resource tags.
const CREATION_TEMPLATE_ROLE: readonly EcrActionName[] = ['CreateRepository', 'ReplicateImage', 'TagResource'];

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html — tagging a
// repository ECR creates for the caller, when the creation template sets resource tags.
const TAG: readonly EcrActionName[] = ['TagResource'];

// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_UpdateImageStorageClass.html — the
// one action both archives and restores (only the API's target class differs; no condition key tells
// them apart, so IAM cannot grant restore without archive). Describing and listing show archived
// images with the `imageStatus` filter, which needs no other action.
const MANAGE_STORAGE_CLASS: readonly EcrActionName[] = ['DescribeImages', 'ListImages', 'UpdateImageStorageClass'];

// Verifying a signature (Notation with the AWS Signer plugin, admission controllers) reads the image
// and its signatures: the OCI referrers API is authorized by BatchGetImage (there is no
// ListImageReferrers action), the signature envelope is a layer. DescribeImageSigningStatus reports
// what managed signing did. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html
const VERIFY_SIGNATURES: readonly EcrActionName[] = ['BatchCheckLayerAvailability', 'BatchGetImage', 'DescribeImageSigningStatus', 'GetDownloadUrlForLayer'];

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html — "Users need
// ecr:GetDownloadUrlForLayer IAM permission on a repository to mount layers from it."
const MOUNT_LAYERS: readonly EcrActionName[] = ['GetDownloadUrlForLayer'];

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html — what the
// upstream registry's owner allows the caching account for ECR-to-ECR pull-through cache.
const PULL_THROUGH_CACHE_UPSTREAM: readonly EcrActionName[] = ['BatchGetImage', 'BatchImportUpstreamImage', 'GetDownloadUrlForLayer', 'GetImageCopyStatus'];

// The same page: the permissions policy of the role ECR assumes to read an ECR upstream — login, the
// upstream set, and the layer and manifest writes that fill the cache's repositories.
const PULL_THROUGH_CACHE_ROLE: readonly EcrActionName[] = [
  'BatchGetImage',
  'BatchImportUpstreamImage',
  'CompleteLayerUpload',
  'GetAuthorizationToken',
  'GetDownloadUrlForLayer',
  'GetImageCopyStatus',
  'InitiateLayerUpload',
  'PutImage',
  'UploadLayerPart',
];

function qualified(names: readonly EcrActionName[]): string[] {
  return Object.freeze(names.map(qualifyEcrAction)) as string[];
}

/** The three layer-upload actions of a push (not public: the checks use it to tell a push from a retag). */
export const LAYER_UPLOAD_ACTIONS: readonly string[] = qualified(LAYER_UPLOAD);

/**
 * The named sets of ECR IAM actions this library grants, generated from AWS's service-authorization
 * data. Use them in your own statements so hand-written policies match what the constructs write.
 *
 * The arrays are frozen: copy them (`[...EcrActions.PUSH]`) before changing.
 *
 * @example
 * import { EcrActions } from 'cdk-ecr-access';
 *
 * declare const repository: ecr.IRepository;
 * new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn] });
 */
export class EcrActions {
  /**
   * Registry login (`docker login`, `aws ecr get-login-password`). Account-level: works only in an
   * identity policy with `Resource: "*"`, never in a repository policy.
   */
  public static readonly LOGIN: string[] = qualified(LOGIN);

  /** Pull an image: the layer-availability check, the manifest and the layer download URLs. */
  public static readonly PULL: string[] = qualified(PULL);

  /** Push an image: AWS's documented push set, including `ecr:BatchGetImage`. */
  public static readonly PUSH: string[] = qualified(PUSH);

  /** The five layer and manifest actions every `docker push` calls; missing one fails the push. */
  public static readonly PUSH_LAYER: string[] = qualified(PUSH_LAYER);

  /** Pull and push together. */
  public static readonly PULL_PUSH: string[] = qualified([...new Set([...PULL, ...PUSH])].sort());

  /** Describe and list repositories and images. */
  public static readonly READ: string[] = qualified(READ);

  /** Create repositories (scope the resource to `repository/<prefix>*`) and describe them. */
  public static readonly CREATE: string[] = qualified(CREATE);

  /** Delete images and repositories. */
  public static readonly DELETE: string[] = qualified(DELETE);

  /** Change a repository's policy, lifecycle, tag mutability or scanning configuration. */
  public static readonly ADMIN: string[] = qualified(ADMIN);

  /** What the Lambda service needs to pull a function's container image. */
  public static readonly LAMBDA_PULL: string[] = qualified(LAMBDA_PULL);

  /**
   * What a destination registry's policy allows a source account for cross-account replication:
   * `ecr:ReplicateImage` (internal to ECR) and `ecr:CreateRepository` for repositories that do not exist yet.
   */
  public static readonly REPLICATION: string[] = qualified(REPLICATION);

  /**
   * What pulling through a pull-through cache rule needs besides the pull set: `ecr:BatchImportUpstreamImage`
   * (fetch the upstream image) and `ecr:CreateRepository` (the first pull creates the repository).
   */
  public static readonly PULL_THROUGH_CACHE: string[] = qualified(PULL_THROUGH_CACHE);

  /**
   * What pushing to a repository that does not exist yet needs besides the push set, when a creation
   * template with `CREATE_ON_PUSH` covers the name: `ecr:CreateRepository`.
   */
  public static readonly CREATE_ON_PUSH: string[] = qualified(CREATE_ON_PUSH);

  /**
   * What ECR does with the role of a repository creation template (needed for a KMS key or resource
   * tags): create repositories, replicate into them and tag them.
   */
  public static readonly CREATION_TEMPLATE_ROLE: string[] = qualified(CREATION_TEMPLATE_ROLE);

  /**
   * Tag a repository: what a principal needs when a repository ECR creates for it (pull-through
   * cache) gets the resource tags of a creation template.
   */
  public static readonly TAG: string[] = qualified(TAG);

  /**
   * Archive and restore images (`ecr:UpdateImageStorageClass`: the same action does both), and find
   * archived ones (`ecr:DescribeImages` and `ecr:ListImages` with the `imageStatus` filter).
   */
  public static readonly MANAGE_STORAGE_CLASS: string[] = qualified(MANAGE_STORAGE_CLASS);

  /**
   * Verify image signatures: read the image and its signatures (the pull set; the OCI referrers API
   * is authorized by `ecr:BatchGetImage`) and the status of ECR managed signing
   * (`ecr:DescribeImageSigningStatus`). A revocation check also needs `signer:GetRevocationStatus`.
   */
  public static readonly VERIFY_SIGNATURES: string[] = qualified(VERIFY_SIGNATURES);

  /**
   * Mount layers from a repository when pushing to another one of the registry (blob mounting,
   * registry setting `BLOB_MOUNTING`): `ecr:GetDownloadUrlForLayer` on the source repository.
   */
  public static readonly MOUNT_LAYERS: string[] = qualified(MOUNT_LAYERS);

  /**
   * What an upstream registry allows the caching account for ECR-to-ECR pull-through cache: read the
   * image (`ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer`) and import and follow its copy
   * (`ecr:BatchImportUpstreamImage`, `ecr:GetImageCopyStatus`, both permission-only).
   */
  public static readonly PULL_THROUGH_CACHE_UPSTREAM: string[] = qualified(PULL_THROUGH_CACHE_UPSTREAM);

  /**
   * The permissions AWS documents for the role ECR assumes to cache an ECR upstream: login, the
   * {@link PULL_THROUGH_CACHE_UPSTREAM} set, and the layer and manifest writes into the cache.
   */
  public static readonly PULL_THROUGH_CACHE_ROLE: string[] = qualified(PULL_THROUGH_CACHE_ROLE);

  private constructor() {}
}
