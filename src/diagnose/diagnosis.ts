/**
 * What kind of failure an error message describes.
 */
export enum DiagnosisKind {
  /** `… is not authorized to perform: <action> …` with no explicit deny: some policy does not allow it. */
  ACCESS_DENIED = 'access-denied',
  /** `… with an explicit deny …`: a Deny statement matched; no Allow anywhere can override it. */
  EXPLICIT_DENY = 'explicit-deny',
  /** The registry client sent no valid registry credentials: `no basic auth credentials`, an expired registry token, `401 Unauthorized`. */
  NOT_LOGGED_IN = 'not-logged-in',
  /** The AWS credentials themselves were rejected: invalid or expired security token, wrong signature. */
  INVALID_CREDENTIALS = 'invalid-credentials',
  /** AWS Lambda could not read a function's container image from ECR. */
  LAMBDA_IMAGE_ACCESS = 'lambda-image-access',
  /** An HTTP `403 Forbidden` from the registry, without the IAM message that names caller and reason. */
  FORBIDDEN = 'forbidden',
  /** `Encoded authorization failure message: …`: the details are encoded and must be decoded first. */
  ENCODED_AUTHORIZATION_MESSAGE = 'encoded-authorization-message',
  /** The repository does not exist (in that account and region), or a full image URI was given where a name belongs. */
  REPOSITORY_NOT_FOUND = 'repository-not-found',
  /** The image (tag or digest) is not in the repository: never pushed, deleted, archived, or in another region. */
  IMAGE_NOT_FOUND = 'image-not-found',
  /** The tag already exists and the repository keeps its tags immutable. */
  IMMUTABLE_TAG = 'immutable-tag',
  /** `ImageAlreadyExistsException`: the same image and tag were put again; usually harmless. */
  IMAGE_ALREADY_EXISTS = 'image-already-exists',
  /** The ECR API, the registry or the S3 layer endpoint cannot be reached (timeouts, DNS): NAT or VPC endpoints. */
  NETWORK = 'network',
  /** S3 answered AccessDenied on an image layer: an S3 gateway endpoint policy that does not allow the ECR layer bucket. */
  LAYER_DOWNLOAD_DENIED = 'layer-download-denied',
  /** A pull through cache rule could not reach or authenticate to its upstream registry. */
  PULL_THROUGH_CACHE = 'pull-through-cache',
  /** AWS KMS refused a key operation for an encrypted repository or image. */
  KMS = 'kms',
  /** The request was signed with a clock that is off by more than AWS accepts: fix the clock, not the keys. */
  CLOCK_SKEW = 'clock-skew',
  /** The CI job could not get AWS credentials: the role's trust policy, the OIDC provider or the token does not match. */
  FEDERATION = 'federation',
  /** Not an ECR access error this diagnosis understands. */
  UNRECOGNIZED = 'unrecognized',
}

/**
 * Which policy has to allow the request before it succeeds.
 */
export enum MissingPolicy {
  /** The caller's identity policy (on its role or user). */
  IDENTITY = 'identity',
  /** The repository policy (the resource-based policy of the repository). */
  RESOURCE = 'resource',
  /** Both: the caller is in another account than the repository, and either side may be the missing one. */
  BOTH = 'both',
  /** The permissions boundary of the caller's role or user. */
  PERMISSIONS_BOUNDARY = 'permissions-boundary',
  /** The session policy passed when the role was assumed. */
  SESSION_POLICY = 'session-policy',
  /** The policy of the VPC endpoint the request went through. */
  VPC_ENDPOINT_POLICY = 'vpc-endpoint-policy',
  /** A service control policy of AWS Organizations. */
  SERVICE_CONTROL_POLICY = 'service-control-policy',
  /** A resource control policy of AWS Organizations. */
  RESOURCE_CONTROL_POLICY = 'resource-control-policy',
}

/**
 * Which type of policy holds the Deny statement that matched.
 */
export enum DenyingPolicyType {
  /** An identity-based policy of the caller. */
  IDENTITY_BASED_POLICY = 'identity-based-policy',
  /** A resource-based policy: for ECR, the repository policy. */
  RESOURCE_BASED_POLICY = 'resource-based-policy',
  /** The permissions boundary of the caller. */
  PERMISSIONS_BOUNDARY = 'permissions-boundary',
  /** The session policy of the caller's session. */
  SESSION_POLICY = 'session-policy',
  /** The policy of the VPC endpoint the request went through. */
  VPC_ENDPOINT_POLICY = 'vpc-endpoint-policy',
  /** A service control policy of AWS Organizations. */
  SERVICE_CONTROL_POLICY = 'service-control-policy',
  /** A resource control policy of AWS Organizations. */
  RESOURCE_CONTROL_POLICY = 'resource-control-policy',
}

/**
 * The minimal change that makes the denied request succeed.
 */
export interface DiagnosisFix {
  /**
   * The identity policy the caller needs, as a JSON policy document (a plain object). The same
   * statements a grant of this library writes: login on `*` in its own statement, the full action
   * set of the capability (push, pull, create …) scoped to the repository. When the missing policy is
   * a permissions boundary or a session policy, these are the statements it must allow.
   *
   * @default - no identity policy change is needed, or the caller is unknown
   */
  readonly identityPolicy?: any;

  /**
   * The repository policy the repository needs, as a JSON policy document (a plain object) naming the
   * caller's role ARN (never a session ARN), or its account.
   *
   * @default - no repository policy change is needed, or the principal is unknown
   */
  readonly repositoryPolicy?: any;

  /**
   * The `cdk-ecr-access` code that writes the fix.
   *
   * @default - no code applies (for example, an expired login)
   */
  readonly cdk?: string;

  /** What to do, in order; also how to find what the message leaves out. */
  readonly steps: string[];
}

/**
 * What an ECR error message says: who was denied what, where, which policy is missing (or which one
 * denied), and the fix. A plain object: `JSON.stringify` shows every field.
 *
 * Values are taken from the message only. A part the message does not carry, or carries as a
 * placeholder (`<account>`, `XXX`, `***`, `${ACCOUNT_ID}`) or as a value that cannot be valid (an
 * account id that is not 12 digits), is absent, never guessed.
 */
export interface Diagnosis {
  /** What kind of failure the message describes. */
  readonly kind: DiagnosisKind;

  /**
   * The IAM action that was denied (`ecr:InitiateLayerUpload`), in AWS's spelling. A registry
   * `403 Forbidden` names none: the fix then covers the pull (or, for a push, the push) set.
   *
   * @default - the message names no action
   */
  readonly action?: string;

  /**
   * The caller's ARN as the message gives it (for a role, the session ARN `arn:aws:sts::…:assumed-role/…`).
   *
   * @default - the message names no caller
   */
  readonly principalArn?: string;

  /**
   * The ARN to name in a policy: an assumed-role session becomes its role ARN (with the path of IAM
   * Identity Center roles, `aws-reserved/sso.amazonaws.com/`), users, roots and federated users stay.
   *
   * @default - no caller, or its account is unknown
   */
  readonly policyPrincipalArn?: string;

  /**
   * The caller's 12-digit account id.
   *
   * @default - unknown
   */
  readonly callerAccount?: string;

  /**
   * The 12-digit account id of the repository (or registry).
   *
   * @default - unknown
   */
  readonly resourceAccount?: string;

  /**
   * The region of the repository (or registry).
   *
   * @default - unknown
   */
  readonly region?: string;

  /**
   * The repository name.
   *
   * @default - unknown
   */
  readonly repositoryName?: string;

  /**
   * The image tag.
   *
   * @default - unknown
   */
  readonly tag?: string;

  /**
   * Whether the caller and the repository are in different accounts.
   *
   * @default - unknown: one of the accounts is not in the message
   */
  readonly crossAccount?: boolean;

  /**
   * Which policy must allow the request, as the message says or as the ECR rules imply.
   *
   * @default - not determinable from the message (or an explicit deny)
   */
  readonly missingPolicy?: MissingPolicy;

  /**
   * For an explicit deny, the type of policy that holds the Deny.
   *
   * @default - not an explicit deny, or the message does not say
   */
  readonly denyingPolicyType?: DenyingPolicyType;

  /**
   * How many different denials the text holds, when more than one (a line repeated by a retry loop
   * counts once). The fields above are then those all denials share; `denials` lists each.
   *
   * @default - one error (or none)
   */
  readonly count?: number;

  /**
   * Each denial of the text, diagnosed on its own, when there is more than one.
   *
   * @default - one error (or none)
   */
  readonly denials?: Diagnosis[];

  /**
   * What the app's cloud assembly says about the diagnosis, when it was given (`--assembly cdk.out`).
   *
   * @default - no assembly was given
   */
  readonly app?: DiagnosisInApp;

  /** What happened, in words, and why that policy is the one to change. */
  readonly explanation: string;

  /**
   * The fix.
   *
   * @default - unrecognized text: nothing to fix
   */
  readonly fix?: DiagnosisFix;
}

/**
 * Where in the app to change what a diagnosis says, read from its cloud assembly (`cdk.out`).
 */
export interface DiagnosisInApp {
  /**
   * The construct path of the caller's role (or the repository) in the app.
   *
   * @default - the app defines no role or repository the message names
   */
  readonly constructPath?: string;

  /**
   * The logical id and stack of the policy (or repository policy) to change: `Stack/LogicalId`.
   *
   * @default - no policy of the app applies
   */
  readonly policy?: string;

  /**
   * Whether the app already grants the denied action to that caller on that repository: then the
   * deployed state differs from the app (deploy it, or check which account and role actually ran).
   *
   * @default - not determinable (no action, or no principal of the app matches)
   */
  readonly alreadyGranted?: boolean;

  /**
   * For `federation` errors with pasted token claims: the trust policy conditions the claims fail,
   * as `StringEquals token.actions.githubusercontent.com:sub = repo:org/app:ref:refs/heads/main`.
   *
   * @default - no claims given, or not a federation error
   */
  readonly failingConditions?: string[];

  /** What the assembly says, in words. */
  readonly explanation: string;
}

/**
 * Options of a diagnosis.
 */
export interface DiagnoseOptions {
  /**
   * The directory of the app's cloud assembly (`cdk.out`): the diagnosis then names the construct
   * and policy of the app to change, says whether the app already grants the denied action, and for
   * `federation` errors evaluates the token claims in the text (`sub`, `aud` …) against the role's
   * trust policy.
   *
   * @default - the message alone
   */
  readonly assembly?: string;
}
