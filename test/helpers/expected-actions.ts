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
