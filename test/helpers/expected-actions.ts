// What AWS documents each task needs, written out here by hand on purpose: the tests compare the
// library's grants with these lists, so a mistake in the library's own action sets cannot hide.

/** https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html */
export const LOGIN = ['ecr:GetAuthorizationToken'];

/** https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-pull-ecr-image.html */
export const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/** https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html */
export const PUSH = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];

/** https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-permissions */
export const LAMBDA_PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/** Actions no pull or push grant may allow. */
export const DESTRUCTIVE = [
  'ecr:DeleteRepository',
  'ecr:BatchDeleteImage',
  'ecr:SetRepositoryPolicy',
  'ecr:DeleteRepositoryPolicy',
  'ecr:PutLifecyclePolicy',
  'ecr:PutImageTagMutability',
];

/** Push-only actions: a pull grant must not allow them. */
export const PUSH_ONLY = PUSH.filter((a) => !PULL.includes(a));

/**
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-create-replication.html —
 * what the destination's registry policy must allow the source account.
 */
export const REPLICATION = ['ecr:CreateRepository', 'ecr:ReplicateImage'];

/**
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/slr-replication.html — the identity policy of
 * the source account's AWSServiceRoleForECRReplication (ECRReplicationServiceRolePolicy), which makes
 * the ReplicateImage calls.
 */
export const REPLICATION_SERVICE_ROLE_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'], Resource: '*' }],
};

/** The service-linked role ECR replicates with, in a source account. */
export function replicationServiceRoleArn(account: string): string {
  return `arn:aws:iam::${account}:role/aws-service-role/replication.ecr.amazonaws.com/AWSServiceRoleForECRReplication`;
}

/** https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html — besides the pull set. */
export const PULL_THROUGH_CACHE = ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'];

/** A push that creates its repository from a CREATE_ON_PUSH creation template: besides the push set. */
export const CREATE_ON_PUSH = ['ecr:CreateRepository'];

/** https://docs.aws.amazon.com/AmazonECR/latest/userguide/restore-image.html — archive, restore, and list archived images. */
export const MANAGE_STORAGE_CLASS = ['ecr:DescribeImages', 'ecr:ListImages', 'ecr:UpdateImageStorageClass'];

/**
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html — what the
 * upstream registry allows the caching account (ECR-to-ECR pull-through cache).
 */
export const PULL_THROUGH_CACHE_UPSTREAM = ['ecr:BatchGetImage', 'ecr:BatchImportUpstreamImage', 'ecr:GetDownloadUrlForLayer', 'ecr:GetImageCopyStatus'];

/** The same page: the permissions policy of the role ECR assumes, in AWS's order. */
export const PULL_THROUGH_CACHE_ROLE = [
  'ecr:GetDownloadUrlForLayer',
  'ecr:GetAuthorizationToken',
  'ecr:BatchImportUpstreamImage',
  'ecr:BatchGetImage',
  'ecr:GetImageCopyStatus',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];
