import { DiagnosisKind } from './diagnosis';
import { namesLayerBucket, namesPublicRegistry } from './locations';

// The messages that are not IAM denials but say plainly what went wrong: a missing repository or
// image, an immutable tag, the network, the layer bucket, a pull through cache upstream, KMS, the
// clock, the CI job's own credentials. Each signal is a bounded pattern over the normalized text.

/** Finer distinctions inside the new kinds, for the explanation and the fix. */
export enum SignalDetail {
  /** `POST …/blobs/uploads/: EOF`: the repository is missing, or the push is not allowed. */
  PUSH_EOF = 'push-eof',
  /** CDK's bootstrap repository `cdk-<qualifier>-container-assets-…` is missing. */
  CDK_BOOTSTRAP = 'cdk-bootstrap',
  /** A full image URI was given where a repository name belongs. */
  URI_AS_NAME = 'uri-as-name',
  /** Lambda: the image URI of the function does not exist or is not valid. */
  LAMBDA_SOURCE_IMAGE = 'lambda-source-image',
  /** The API endpoint `api.ecr.<region>` (login, GetAuthorizationToken) cannot be reached. */
  API_ENDPOINT = 'api-endpoint',
  /** The layer bucket in S3 cannot be reached. */
  LAYER_BUCKET = 'layer-bucket',
  /** The upstream registry rejected the cache's credentials, or needs some. */
  UPSTREAM_AUTHENTICATION = 'upstream-authentication',
  /** An ECR upstream: the rule's role, its trust, the upstream registry policy or passing the role. */
  ECR_UPSTREAM = 'ecr-upstream',
  /** No OIDC provider in the account for the token's issuer. */
  NO_OIDC_PROVIDER = 'no-oidc-provider',
  /** The token's `aud` is not the one the provider and the trust policy expect. */
  AUDIENCE = 'audience',
  /** The OIDC provider's thumbprint does not match the issuer's certificate. */
  THUMBPRINT = 'thumbprint',
  /** A claim is missing from the token. */
  MISSING_CLAIM = 'missing-claim',
  /** The CI job did not ask for an OIDC token (GitHub: `permissions: id-token: write`). */
  NO_ID_TOKEN = 'no-id-token',
  /** `sts:TagSession` is not allowed by the role's trust policy. */
  TAG_SESSION = 'tag-session',
  /** ECR Public logins work only in us-east-1. */
  PUBLIC_LOGIN_REGION = 'public-login-region',
  /** A 403 on a manifest PUT: also what ECR answers when the repository is at its image quota. */
  MANIFEST_PUT = 'manifest-put',
}

/** What a signal found: the kind, its detail, and the action it implies. */
export interface Signal {
  readonly kind: DiagnosisKind;
  readonly detail?: SignalDetail;
  readonly action?: string;
}

/** Texts that look like ECR errors and are not (an expert says so): recognized as not ours. */
export function isLookalike(text: string): boolean {
  return /\bdecrypt the environment variables\b|\bInvalidAMIID\b|\btoomanyrequests\b|\bSSM parameter \/cdk-bootstrap\//i.test(text)
    // other registries answer `manifest unknown` too
    || (/\b(?:ghcr\.io|quay\.io|gcr\.io|registry\.gitlab\.com)\//i.test(text) && !/\.dkr[.-]ecr[.-]/i.test(text) && !namesPublicRegistry(text));
}

/** `Signature expired: … is now earlier than …`, `RequestTimeTooSkewed`. */
export function clockSkewSignal(text: string): Signal | undefined {
  if (!/\bSignature expired:|\bRequestTimeTooSkewed\b|\brequest time and the current time is too (?:large|skewed)\b|\bSignature not yet current\b/i.test(text)) return undefined;
  return { kind: DiagnosisKind.CLOCK_SKEW };
}

/** The CI job could not get AWS credentials from its OIDC token, or could not chain to a role. */
export function federationSignal(text: string): Signal | undefined {
  const webIdentity = 'sts:AssumeRoleWithWebIdentity';
  const federation = DiagnosisKind.FEDERATION;
  if (/\bNo OpenIDConnect provider found\b/i.test(text)) return { kind: federation, detail: SignalDetail.NO_OIDC_PROVIDER, action: webIdentity };
  if (/\bIncorrect token audience\b|\bMissing a required claim: aud\b/i.test(text)) return { kind: federation, detail: SignalDetail.AUDIENCE, action: webIdentity };
  if (/\bcertificate doesn't match configured thumbprint\b/i.test(text)) return { kind: federation, detail: SignalDetail.THUMBPRINT, action: webIdentity };
  if (/\bMissing a required claim\b/i.test(text)) return { kind: federation, detail: SignalDetail.MISSING_CLAIM, action: webIdentity };
  if (/\bDid you mean to set the `?id-token`? permission\b|\bACTIONS_ID_TOKEN_REQUEST_URL\b/i.test(text)) return { kind: federation, detail: SignalDetail.NO_ID_TOKEN };
  if (/\bNot authori[sz]ed to perform:? sts:AssumeRoleWithWebIdentity\b|\bInvalidIdentityToken\b|\bCould not assume role with OIDC\b/i.test(text)) return { kind: federation, action: webIdentity };
  return undefined;
}

/** Pull through cache: the upstream rejected the credentials, needs some, or is not supported; or an ECR upstream's role. */
export function pullThroughCacheSignal(text: string): Signal | undefined {
  if (!/\bauthentication to the upstream registry failed\b|\bUnsupportedUpstreamRegistryException\b|\bupstream registry requires authentication\b|\b(?:Create|Update|Delete|Validate)?PullThroughCacheRule\b|\becr-pullthroughcache\/|\bpullthroughcache\.ecr\.amazonaws\.com\b/i.test(text)) return undefined;
  const operation = /\b(?:operation error ECR: |when calling the )((?:Create|Update|Delete|Validate)PullThroughCacheRule)\b/.exec(text)?.[1];
  const detail = namesEcrUpstream(text) ? SignalDetail.ECR_UPSTREAM : SignalDetail.UPSTREAM_AUTHENTICATION;
  return { kind: DiagnosisKind.PULL_THROUGH_CACHE, detail, action: operation ? `ecr:${operation}` : undefined };
}

// Only an ECR upstream has a custom role, an upstream repository prefix, a registry URL of an account
// (`<12 digits>.dkr.ecr.`) and the service principal that assumes the role. A credential-or-role
// message of another upstream (`credential arn or role arn`) names none of them.
const ECR_UPSTREAM_MARKERS = new RegExp([
  '\\bcustom[-_]?role[-_]?arn\\b',
  '\\bupstream[-_]?repository[-_]?prefix\\b',
  '\\bpullthroughcache\\.ecr\\.amazonaws\\.com\\b',
  // `UpstreamRegistry: ecr`, `"upstreamRegistry":"ecr"`, `--upstream-registry ecr`, never `ecr-public`
  '\\bupstream[-_]?registry"?\\s*[:=]?\\s*"?ecr(?![-\\w.])',
  '\\bupstream[-_]?registry[-_]?url"?\\s*[:=]?\\s*"?\\d{12}\\.dkr\\.ecr\\.',
].join('|'), 'i');

/** Whether the text is about a pull through cache rule whose upstream is another ECR registry. */
export function namesEcrUpstream(text: string): boolean {
  return ECR_UPSTREAM_MARKERS.test(text);
}

/**
 * The kind of an IAM denial that only an ECR upstream's cache meets: `ecr:GetImageCopyStatus` (only
 * the rule's role calls it), the service failing to assume the role, `iam:PassRole` when creating the rule.
 */
export function ecrUpstreamDenial(text: string, action: string): Signal | undefined {
  const kind = DiagnosisKind.PULL_THROUGH_CACHE;
  const detail = SignalDetail.ECR_UPSTREAM;
  if (action === 'ecr:GetImageCopyStatus') return { kind, detail, action };
  if (action === 'sts:AssumeRole' && /\bpullthroughcache\.ecr\.amazonaws\.com\b/i.test(text)) return { kind, detail, action };
  if (action === 'iam:PassRole' && /\bPullThroughCacheRule\b|\bpull[ -]through[ -]cache\b/i.test(text)) return { kind, detail, action };
  // the reads of the role, and the first pull's import, are an ECR upstream's only when the text says so
  if (/^ecr:(?:BatchImportUpstreamImage|CreateRepository|BatchGetImage|GetDownloadUrlForLayer)$/.test(action)) {
    return namesEcrUpstream(text) ? { kind, detail, action } : undefined;
  }
  return undefined;
}

/** KMS: the repository's key refused ECR (disabled, grant not created or not retired), or Lambda's image key. */
export function kmsSignal(text: string): Signal | undefined {
  if (/\bKMSAccessDeniedException\b[\s\S]{0,300}\bcontainer image\b|\bLambda can't decrypt the container image\b/i.test(text)) return { kind: DiagnosisKind.KMS, action: 'kms:Decrypt' };
  if (/\bgrants created by the kmsKey\b[\s\S]{0,200}\bfailed to be retired\b/i.test(text)) return { kind: DiagnosisKind.KMS, action: 'kms:RetireGrant' };
  if (/"?failureCode"?\s*:\s*"?KmsError\b|\bKmsException\b|\bKMS key used to encrypt the image\b/i.test(text)) {
    return { kind: DiagnosisKind.KMS, action: /\bbatch-get-image\b|\bBatchGetImage\b/i.test(text) ? 'ecr:BatchGetImage' : undefined };
  }
  return undefined;
}

/** A tag that already exists in an immutable repository, or the same image put again. */
export function tagSignal(text: string): Signal | undefined {
  if (/\bcannot be overwritten because the (?:repository|tag) is immutable\b|\bImageTagAlreadyExistsException\b|\bTAG_INVALID: The image tag '[^']{1,200}' already exists\b/i.test(text)) {
    return { kind: DiagnosisKind.IMMUTABLE_TAG, action: 'ecr:PutImage' };
  }
  if (/\bImageAlreadyExistsException\b/.test(text)) return { kind: DiagnosisKind.IMAGE_ALREADY_EXISTS, action: 'ecr:PutImage' };
  return undefined;
}

/** The repository does not exist (or, for an EOF on a push, may not exist). */
export function repositoryNotFoundSignal(text: string): Signal | undefined {
  const kind = DiagnosisKind.REPOSITORY_NOT_FOUND;
  const cdk = /\bcdk-[a-z0-9<>]{1,10}-container-assets-/i.test(text) || /\bIs this account bootstrapped\?/i.test(text);
  if (/\bThe repository with name '[^']{1,300}' does not exist\b|\bRepositoryNotFoundException\b|\bNo ECR repository named\b|\brepository \S{1,300} not found: name unknown\b/i.test(text)) {
    const uri = /\bThe repository with name '[^'/]{1,100}\.[^'/]{1,100}\//i.test(text);
    return { kind, detail: uri ? SignalDetail.URI_AS_NAME : cdk ? SignalDetail.CDK_BOOTSTRAP : undefined };
  }
  if (/\/blobs\/uploads\/?"?: EOF\b/i.test(text)) return { kind, detail: SignalDetail.PUSH_EOF };
  return undefined;
}

/** The image (tag or digest) does not exist in the repository, or was deleted. */
export function imageNotFoundSignal(text: string): Signal | undefined {
  const lambda = /\bSource image \S{1,600} (?:does not exist|is not valid)\b|\bfunction is trying to use a deleted image\b/i.test(text);
  if (lambda) {
    const action = /\bcreating Lambda Function\b|\bCreateFunction\b/i.test(text) ? 'lambda:CreateFunction' : undefined;
    return { kind: DiagnosisKind.IMAGE_NOT_FOUND, detail: SignalDetail.LAMBDA_SOURCE_IMAGE, action };
  }
  if (/\bmanifest unknown\b|\bImageNotFoundException\b|\bmanifest for \S{1,600} not found\b|\bcode = NotFound desc = failed to pull\b|\bRequested image not found\b/i.test(text)) {
    return { kind: DiagnosisKind.IMAGE_NOT_FOUND };
  }
  return undefined;
}

/** An S3 AccessDenied on a layer download: the ECR layer bucket is not allowed (an S3 gateway endpoint policy). */
export function layerDownloadSignal(text: string, ecrNamed: boolean): Signal | undefined {
  const bucket = namesLayerBucket(text);
  const status403 = /\b403\b|\bAccessDenied\b/.test(text);
  if (bucket && status403) return { kind: DiagnosisKind.LAYER_DOWNLOAD_DENIED, detail: SignalDetail.LAYER_BUCKET };
  const layer = /\berror pulling image configuration: error parsing HTTP 403 response body\b|\bhttpReadSeeker: failed open: unexpected status code 403\b/i.test(text);
  // Docker Hub behind a restrictive S3 endpoint gives the same body: only ECR context makes it ECR
  if (layer && (ecrNamed || /\bCannotPullContainerError\b/.test(text))) return { kind: DiagnosisKind.LAYER_DOWNLOAD_DENIED };
  return undefined;
}

/** The ECR API, the registry or the layer bucket cannot be reached. */
export function networkSignal(text: string): Signal | undefined {
  // a pull that stopped while fetching from the layer bucket, with no status: the bucket is not reachable
  if (namesLayerBucket(text) && /\bCannotPullContainer|\berror pulling image configuration\b/i.test(text)) {
    return { kind: DiagnosisKind.NETWORK, detail: SignalDetail.LAYER_BUCKET };
  }
  // `network is unreachable`: a dual-stack host resolved to an IPv6 address the subnet has no route for
  if (!/\bi\/o timeout\b|\bClient\.Timeout exceeded\b|\bTLS handshake timeout\b|\bconnection issue between the task and Amazon ECR\b|\bcode = DeadlineExceeded\b|\bcontext deadline exceeded\b|\bno such host\b|\bconnection refused\b|\bnetwork is unreachable\b/i.test(text)) return undefined;
  const api = /\bapi\.ecr\.[a-z0-9-]{1,30}\.amazonaws\.com|\becr(?:-fips)?\.[a-z0-9-]{1,30}\.api\.aws\b|\bGetAuthorizationToken\b|\bpull registry auth\b|\becr registry auth\b/i.test(text);
  const detail = api ? SignalDetail.API_ENDPOINT : namesLayerBucket(text) ? SignalDetail.LAYER_BUCKET : undefined;
  return { kind: DiagnosisKind.NETWORK, detail, action: api ? 'ecr:GetAuthorizationToken' : undefined };
}

/** ECR Public login outside us-east-1. */
export function publicLoginSignal(text: string): Signal | undefined {
  if (/\bGetAuthorizationToken command is only supported in us-east-1\b|\bENOTFOUND api\.ecr-public\.[a-z0-9-]{1,30}\.amazonaws\.com\b/i.test(text)) {
    return { kind: DiagnosisKind.NOT_LOGGED_IN, detail: SignalDetail.PUBLIC_LOGIN_REGION, action: 'ecr-public:GetAuthorizationToken' };
  }
  return undefined;
}
