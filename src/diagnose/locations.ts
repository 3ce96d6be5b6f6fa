import { repositoryFromPath } from './registry';
import { trimToken } from './text';
import { regionOrUndefined, repositoryNameOrUndefined, tagOrUndefined } from './values';

// Where a message says the registry is when it names no repository ARN and no private registry
// host: the API endpoint (`api.ecr.eu-west-1.amazonaws.com`), the layer bucket
// (`prod-eu-west-1-starport-layer-bucket`), a log field (`region=eu-west-1`), an ECR Public
// reference (`public.ecr.aws/lambda/provided:al2023`, or its dual-stack host `ecr-public.aws.com`),
// and the tag of the image.

const REGIONAL_ENDPOINT = /\b(?:api\.)?ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]{1,10}){1,3}-\d{1,2})\.amazonaws\.com/i;
// the API's dual-stack (IPv4 and IPv6) endpoint: https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html
const DUAL_STACK_ENDPOINT = /\becr(?:-fips)?\.([a-z]{2}(?:-[a-z]{1,10}){1,3}-\d{1,2})\.api\.aws\b/i;
// a KMS key ARN: arn:aws:kms:<region>:<account>:key/<id>
const KMS_KEY = /\barn:aws[a-z-]{0,10}:kms:([a-z]{2}(?:-[a-z]{1,10}){1,3}-\d{1,2}):(\d{12}):key\//;
const LAYER_BUCKET = /\bprod-([a-z]{2}(?:-[a-z]{1,10}){1,3}-\d{1,2})-starport-layer-bucket\b/i;
const REGION_FIELD = /\b(?:region[=:]\s?"?|region\s|aws:\/\/[^/\s]{1,40}\/)([a-z]{2}(?:-[a-z]{1,10}){1,3}-\d{1,2})\b/i;
// CDK's bootstrap repository: cdk-<qualifier>-container-assets-<account>-<region>
const CDK_ASSET_REPOSITORY = /\bcdk-[a-z0-9]{1,10}-container-assets-[^\s'"/]{1,40}?-([a-z]{2}(?:-[a-z]{1,10}){1,3}-\d{1,2})\b/i;
const PUBLIC_REFERENCE = /\b(?:(HEAD|GET|POST|PUT|PATCH)\b(?: request to)?\s*"?)?(?:https?:\/\/)?(public\.ecr\.aws|ecr-public\.aws\.com)\b(\/[^\s"'`,;)\]]{1,600})?/i;

/** The region an endpoint, the layer bucket or a log field states; undefined when none does. */
export function regionFromEndpoints(text: string): string | undefined {
  for (const pattern of [REGIONAL_ENDPOINT, DUAL_STACK_ENDPOINT, KMS_KEY, LAYER_BUCKET, REGION_FIELD, CDK_ASSET_REPOSITORY]) {
    const region = regionOrUndefined(pattern.exec(text)?.[1]?.toLowerCase());
    if (region !== undefined) return region;
  }
  return undefined;
}

/** The region in the name of CDK's bootstrap repository (`cdk-hnb659fds-container-assets-<account>-<region>`). */
export function regionOfCdkAssetRepository(repositoryName: string | undefined): string | undefined {
  return repositoryName !== undefined ? regionOrUndefined(CDK_ASSET_REPOSITORY.exec(repositoryName)?.[1]) : undefined;
}

/** True when the text names the ECR layer bucket of a region (S3, where image layers are downloaded from). */
export function namesLayerBucket(text: string): boolean {
  return LAYER_BUCKET.test(text);
}

// either host of ECR Public, with or without a path after it (`docker login ecr-public.aws.com`)
const PUBLIC_HOST = /\bpublic\.ecr\.aws\b|\becr-public\.aws\.com\b/i;

/** True when the text names ECR Public by either of its hosts. */
export function namesPublicRegistry(text: string): boolean {
  return PUBLIC_HOST.test(text);
}

/** A reference to ECR Public: the repository (the path after the host, alias included), tag and HTTP method. */
export interface PublicReference {
  /** The host as written: `public.ecr.aws`, or the dual-stack `ecr-public.aws.com`. */
  readonly host: string;
  readonly repositoryName?: string;
  readonly tag?: string;
  readonly method?: string;
}

/** The first ECR Public reference in the text. */
export function findPublicReference(text: string): PublicReference | undefined {
  const m = PUBLIC_REFERENCE.exec(text);
  if (!m) return undefined;
  const host = m[2].toLowerCase();
  // the host alone (`docker login public.ecr.aws`) still says which registry the login is for
  if (m[3] === undefined) return { host, method: m[1]?.toUpperCase() };
  const path = trimToken(m[3]);
  if (path.startsWith('/token')) return { host, method: m[1]?.toUpperCase() };
  const { repositoryName, tag } = repositoryFromPath(path);
  return { host, repositoryName, tag, method: m[1]?.toUpperCase() };
}

// `The image tag 'v1' already exists`, `tag 'canary' already exists`, `imageTag:'latest'`,
// `[manifests 6981141]`, `imageTag=2025.03.1`
const QUOTED_TAG = /\b(?:image tag|tag|imageTag)\s?[:=]?\s?'([^'\s]{1,200})'|\[manifests ([^\]\s]{1,200})\]|\bimageTag=([A-Za-z0-9_][A-Za-z0-9._-]{0,127})\b/i;

/** The tag a message quotes; undefined when it quotes none or a placeholder. */
export function quotedTag(text: string): string | undefined {
  const m = QUOTED_TAG.exec(text);
  return m ? tagOrUndefined(m[1] ?? m[2] ?? m[3]) : undefined;
}

// `manifest for nginx:1.2 not found`, `Source image repo:latest is not valid` (a reference without a registry host)
const BARE_REFERENCE = /\b(?:manifest for|Source image)\s([a-z0-9][a-z0-9._/-]{0,255}):([A-Za-z0-9_][A-Za-z0-9._-]{0,127})\s(?:not found|does not exist|is not valid)/i;

/** The repository and tag of an image reference a message names without a registry host. */
export function bareImageReference(text: string): { repositoryName?: string; tag?: string } | undefined {
  const m = BARE_REFERENCE.exec(text);
  if (!m || m[1].split('/')[0].includes('.')) return undefined;
  return { repositoryName: repositoryNameOrUndefined(m[1]), tag: tagOrUndefined(m[2]) };
}

/** The account of a KMS key ARN in the text (the key's account, which for ECR is the repository's). */
export function kmsKeyAccount(text: string): string | undefined {
  return KMS_KEY.exec(text)?.[2];
}
