import { Caller, parseCaller, parseRepositoryArn, splitArn } from './arn';
import { DenyingPolicyType, DiagnosisKind, MissingPolicy } from './diagnosis';
import { namedRepositoryFacts, notFoundFacts, placesOf, withLocation, withRegistry } from './locate';
import { namesPublicRegistry } from './locations';
import { denyingPolicyOfPhrase, missingPolicyOfPhrase, POLICY_PHRASE_PATTERN } from './policy-phrases';
import { findRegistryReferences, RegistryReference } from './registry';
import * as signals from './signals';
import { normalizeText, trimToken } from './text';
import { accountOrUndefined, describeUnusableAccount, partitionOrUndefined, regionOrUndefined } from './values';
import { findEcrAction, qualifyEcrAction } from '../actions/catalog';

// Text → facts: what the message says, nothing inferred. The reasoning (which side is missing, what
// the fix is) happens in diagnose.ts.

/** What an error message says. */
export interface ErrorFacts {
  readonly kind: DiagnosisKind;
  /** The denied action in AWS's spelling (`ecr:PutImage`). */
  readonly action?: string;
  readonly caller?: Caller;
  /** The resource as written: `*` or an ARN. */
  readonly resource?: string;
  readonly resourceAccount?: string;
  readonly region?: string;
  readonly partition?: string;
  readonly repositoryName?: string;
  readonly tag?: string;
  /** `because no <policy type> allows …`: the policy the message says is missing. */
  readonly notAllowedBy?: MissingPolicy;
  /** `with an explicit deny in <policy type>`. */
  readonly deniedBy?: DenyingPolicyType;
  /** The ARN of the denying policy, when the message names it. */
  readonly denyingPolicyArn?: string;
  /** The registry host the client talked to. */
  readonly registryHost?: string;
  /** The HTTP method of the failed registry request. */
  readonly httpMethod?: string;
  /** The encoded authorization message (base64url text). */
  readonly encodedMessage?: string;
  /** The operation named by the CLI/SDK (`when calling the GetAuthorizationToken operation`). */
  readonly operation?: string;
  /** True when the text is about pushing an image. */
  readonly pushing: boolean;
  /** A finer distinction inside the kind, for the explanation. */
  readonly detail?: FactDetail | signals.SignalDetail;
  /** The other denials of the text, when it holds more than one different one (this one first). */
  readonly otherDenials?: readonly ErrorFacts[];
  /** Values in the message that look like values but cannot be used (placeholders, short account ids). */
  readonly unusable: readonly string[];
}

/** Finer distinctions inside a kind. */
export enum FactDetail {
  EXPIRED_REGISTRY_TOKEN = 'expired-registry-token',
  LOGIN_REJECTED = 'login-rejected',
  NO_REGISTRY_CREDENTIALS = 'no-registry-credentials',
  DOCKER_HUB_DENIED = 'docker-hub-denied',
  EXPIRED_SECURITY_TOKEN = 'expired-security-token',
  INVALID_SECURITY_TOKEN = 'invalid-security-token',
  NO_CREDENTIALS = 'no-credentials',
  DECODED_MESSAGE = 'decoded-message',
  REPOSITORY_NOT_EMPTY = 'repository-not-empty',
}

// A word every recognized message contains (a superset of the triggers below): text without one is
// unrecognized at the cost of a single scan.
const ANY_TRIGGER = /authori|allowed|permission|token|expired|credential|imds|unrecognizedclient|access key|signature|login|401|403|exist|notfound|not found|denied|unknown|timeout|deadline|immutable|kms|upstream|pullthroughcache|openidconnect|claim|EOF|unexpected end|no such host|connection|unreachable|ENOTFOUND|not valid|deleted image|bootstrapped|skewed|RepositoryNotEmpty|contains images|CannotPullContainer|starport/i;

const NOT_AUTHORIZED = /\bnot authori[sz]ed to perform\b/gi;
// emphasis a message gains when pasted into Markdown (`with *an explicit deny*`) is read through
const EXPLICIT_DENY = new RegExp(`\\bwith [*_]{0,2}an explicit deny[*_]{0,2}(?: in (?:a|an) ${POLICY_PHRASE_PATTERN})?(?::?\\s*(arn:\\S{1,300}))?`, 'i');
const IMPLICIT_DENY = new RegExp(`\\bbecause no ${POLICY_PHRASE_PATTERN} allows\\b`, 'i');
const PULLING = /\bpull access denied\b|\bdocker pull\b|\bFailed to pull\b|\bpulling image\b|\bCannotPullContainer/i;
const ROLE_ARNS = /\barn:[^:\s]{1,20}:iam::[^:\s]{1,40}:role\/[^\s"'`,;)\]]{1,512}/g;

/** Reads the facts out of pasted text. Never throws; text it does not understand is `unrecognized`. */
export function parseErrorText(input: unknown): ErrorFacts {
  const text = normalizeText(input);
  if (!ANY_TRIGGER.test(text) || signals.isLookalike(text)) return { kind: DiagnosisKind.UNRECOGNIZED, pushing: false, unusable: [] };
  const registry = findRegistryReferences(text);
  const roleArns = firstMatches(text, ROLE_ARNS, 50);
  const pushing = isAboutPushing(text, registry);
  const base = { pushing, unusable: [] as string[] };
  const places = placesOf(text);
  const located = (facts: FactsSoFar) => withLocation(withRegistry(facts, registry), places);

  const clock = signals.clockSkewSignal(text);
  if (clock) return located({ ...base, ...clock, action: clock.action ?? operationAction(text) });

  const denials = readAuthorizationMessages(text, roleArns);
  const iam = denials[0] ?? readDecodedMessage(text, roleArns);
  if (iam) {
    const others = denials.slice(1).map((d) => located({ ...base, ...d, ...kindOfDenial(d, text) }));
    return located({ ...base, ...iam, ...kindOfDenial(iam, text), otherDenials: others.length > 0 ? others : undefined });
  }

  const encoded = /\bEncoded authorization failure message:?\s*([A-Za-z0-9_-]{16,})/i.exec(text);
  if (encoded) {
    const kind = DiagnosisKind.ENCODED_AUTHORIZATION_MESSAGE;
    return located({ ...base, kind, encodedMessage: encoded[1], operation: operationOf(text) });
  }

  if (/\bLambda does not have permission to access the ECR image\b|\bfunction does not have permission to access the specified image\b/i.test(text)) {
    return located({ ...base, kind: DiagnosisKind.LAMBDA_IMAGE_ACCESS });
  }

  const early = signals.federationSignal(text) ?? signals.pullThroughCacheSignal(text) ?? signals.kmsSignal(text) ?? signals.tagSignal(text);
  if (early) {
    return located({ ...base, ...early, action: early.action ?? operationAction(text), operation: operationOf(text), ...namedRepositoryFacts(text) });
  }

  const credentials = credentialsProblem(text);
  if (credentials) {
    const login = /\bauthorization token to log in to ECR\b|"GetAuthorizationToken" on "https:\/\/(?:api\.)?ecr\./i.test(text);
    const action = operationAction(text) ?? (login ? 'ecr:GetAuthorizationToken' : undefined);
    return located({ ...base, kind: DiagnosisKind.INVALID_CREDENTIALS, detail: credentials, operation: operationOf(text), action });
  }

  const publicLogin = signals.publicLoginSignal(text);
  if (publicLogin) return located({ ...base, ...publicLogin });

  const found = signals.repositoryNotFoundSignal(text) ?? signals.imageNotFoundSignal(text);
  if (found) return located({ ...base, ...found, action: found.action ?? operationAction(text), ...notFoundFacts(text) });

  const login = loginProblem(text, registry);
  if (login) return located({ ...base, kind: DiagnosisKind.NOT_LOGGED_IN, detail: login });

  const ecrNamed = registry.length > 0 || namesPublicRegistry(text) || /\bamazonaws\.com|\becr(?:-fips)?\.[a-z0-9-]{1,30}\.api\.aws\b/i.test(text);
  const transport = signals.layerDownloadSignal(text, ecrNamed) ?? signals.networkSignal(text);
  if (transport) return located({ ...base, ...transport });

  if (isForbidden(text, registry)) {
    const manifestPut = registry.some((r) => r.method === 'PUT' && r.registryApiPath) && /\/manifests\//.test(text);
    const detail = registry.length === 0 && /requested access to the resource is denied/i.test(text) ? FactDetail.DOCKER_HUB_DENIED
      : manifestPut ? signals.SignalDetail.MANIFEST_PUT : undefined;
    return located({ ...base, kind: DiagnosisKind.FORBIDDEN, detail, action: manifestPut ? 'ecr:PutImage' : undefined });
  }

  if (/\b(?:RepositoryNotEmptyException|cannot be deleted because it still contains images)\b/i.test(text)) {
    // not an access error and not a kind of the contract: named, with what the message says
    return located({ ...base, kind: DiagnosisKind.UNRECOGNIZED, detail: FactDetail.REPOSITORY_NOT_EMPTY, action: 'ecr:DeleteRepository', ...notFoundFacts(text) });
  }

  return { kind: DiagnosisKind.UNRECOGNIZED, pushing, unusable: [] };
}

/**
 * A denial of an STS action is the CI job failing to get credentials; of a KMS action, a key problem;
 * of the pull through cache's actions (or its role), the cache.
 */
function kindOfDenial(facts: Found, text: string): Pick<Found, 'kind' | 'detail'> {
  if (facts.kind !== DiagnosisKind.ACCESS_DENIED) return { kind: facts.kind };
  const action = facts.action ?? '';
  const ecrUpstream = signals.ecrUpstreamDenial(text, action);
  if (ecrUpstream) return { kind: ecrUpstream.kind, detail: ecrUpstream.detail };
  if (/^sts:(?:AssumeRole|AssumeRoleWithWebIdentity|AssumeRoleWithSAML|TagSession)$/i.test(action)) return { kind: DiagnosisKind.FEDERATION };
  if (/^kms:/i.test(action)) return { kind: DiagnosisKind.KMS };
  if (action === 'ecr:BatchImportUpstreamImage') return { kind: DiagnosisKind.PULL_THROUGH_CACHE };
  // a pull creates a repository only through a pull through cache rule: the first pull of an image
  if (action === 'ecr:CreateRepository' && PULLING.test(text)) return { kind: DiagnosisKind.PULL_THROUGH_CACHE };
  return { kind: facts.kind };
}

// Operations of other services that ECR users meet next to ECR (deploying, checking who they are).
const OPERATION_SERVICES: Record<string, string> = {
  GetCallerIdentity: 'sts',
  AssumeRole: 'sts',
  AssumeRoleWithWebIdentity: 'sts',
  DescribeServices: 'ecs',
  UpdateService: 'ecs',
  RegisterTaskDefinition: 'ecs',
  RunTask: 'ecs',
  CreateFunction: 'lambda',
  UpdateFunctionCode: 'lambda',
};

/** The action of "when calling the X operation" / "operation error ECR: X", in AWS's spelling. */
function operationAction(text: string): string | undefined {
  const m = /\b(?:when calling the ([A-Za-z0-9]{2,64}) operation|operation error (ECR|STS|Lambda|ECS): ([A-Za-z0-9]{2,64}))\b/.exec(text);
  // the AWS SDK for JavaScript v2 as the CDK CLI logs it: `Call failed: describeRepositories({…})`
  const call = /\bCall failed: ([a-z][A-Za-z]{2,63})\(/.exec(text)?.[1];
  if (!m) return call !== undefined && findEcrAction(call) ? qualifyEcrAction(findEcrAction(call)!.name) : undefined;
  if (m[1] !== undefined) {
    const known = findEcrAction(m[1]);
    if (known) return qualifyEcrAction(known.name);
    const service = OPERATION_SERVICES[m[1]];
    return service ? `${service}:${m[1]}` : undefined;
  }
  return canonicalAction(m[2], m[3]);
}

/** A fact set being filled in. */
export type Draft<T> = { -readonly [K in keyof T]?: T[K] };
type Found = Draft<ErrorFacts> & { kind: DiagnosisKind };
/** Facts found so far, before the registry and location are filled in. */
export type FactsSoFar = Draft<ErrorFacts> & { kind: DiagnosisKind; pushing: boolean; unusable: readonly string[] };

/**
 * `User: <arn> is not authorized to perform: <action> on resource: <resource> [because no … allows |
 * with an explicit deny in …]`, in any of the shapes tools print it.
 */
function readAuthorizationMessages(text: string, roleArns: readonly string[]): Found[] {
  const occurrences: RegExpExecArray[] = [];
  NOT_AUTHORIZED.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NOT_AUTHORIZED.exec(text)) !== null && occurrences.length < 20) occurrences.push(m);
  if (occurrences.length === 0) return [];

  const candidates = occurrences.map((occurrence, i) => {
    const end = occurrence.index + occurrence[0].length;
    const next = occurrences[i + 1]?.index ?? text.length;
    return readOneMessage(text.slice(Math.max(0, occurrence.index - 600), occurrence.index), text.slice(end, Math.min(next, end + 2000)), roleArns);
  });
  // Every message that names an action, once each (a retry loop prints the same denial again); else
  // one that names a caller, else one with a resource or a reason; "You are not authorized to
  // perform this operation" alone says nothing.
  const withAction = candidates.filter((c) => c.action !== undefined);
  if (withAction.length > 0) {
    const seen = new Set<string>();
    return withAction.filter((c) => {
      const key = [c.kind, c.action, c.caller?.arn, c.resource, c.notAllowedBy, c.deniedBy].join(' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const other = candidates.find((c) => c.caller !== undefined)
    ?? candidates.find((c) => c.resource !== undefined || c.notAllowedBy !== undefined || c.kind === DiagnosisKind.EXPLICIT_DENY);
  return other ? [other] : [];
}

function readOneMessage(before: string, after: string, roleArns: readonly string[]): Found {
  const facts: Found = { kind: DiagnosisKind.ACCESS_DENIED, unusable: [] };
  const unusable: string[] = [];

  // the caller: the token right before "is not authorized", usually after "User:" or "User "
  const callerToken = lastTokenBefore(before);
  if (callerToken !== undefined) {
    const arn = trimToken(callerToken);
    const caller = arn.startsWith('arn:') ? parseCaller(arn, roleArns) : undefined;
    if (caller) {
      facts.caller = caller;
      const why = describeUnusableAccount(caller.accountText);
      if (why) unusable.push(`caller account ${why}`);
    }
  }

  facts.action = actionAtStart(after);

  const resource = /\bon resource:?\s*(\S+)/i.exec(after.slice(0, 1200))?.[1];
  if (resource !== undefined) {
    const written = trimToken(resource);
    facts.resource = written === '' && resource.startsWith('*') ? '*' : written;
    readResource(facts, unusable);
  }

  const explicit = EXPLICIT_DENY.exec(after);
  const implicit = IMPLICIT_DENY.exec(after);
  if (explicit && (!implicit || explicit.index < implicit.index)) {
    facts.kind = DiagnosisKind.EXPLICIT_DENY;
    if (explicit[1]) facts.deniedBy = denyingPolicyOfPhrase(explicit[1]);
    if (explicit[2]) facts.denyingPolicyArn = trimToken(explicit[2]);
  } else if (implicit) {
    facts.notAllowedBy = missingPolicyOfPhrase(implicit[1]);
  }
  facts.unusable = unusable;
  return facts;
}

/** The word before a trailing "is"/"are" (`User: <arn> is `); string operations only, so no backtracking. */
function lastTokenBefore(before: string): string | undefined {
  const trimmed = before.trimEnd();
  const tail = trimmed.slice(-4);
  const verb = /\s(?:is|are)$/i.exec(tail);
  if (!verb) return undefined;
  const head = trimmed.slice(0, trimmed.length - (tail.length - verb.index)).trimEnd();
  const token = head.slice(head.lastIndexOf(' ') + 1);
  return token === '' ? undefined : token;
}

/** `ecr:PutImage`, `ecr-public:GetAuthorizationToken`, and the prose form `ECR GetAuthorizationToken`. */
function actionAtStart(after: string): string | undefined {
  const qualified = /^:?\s*"?([A-Za-z0-9-]{2,40}):([A-Za-z0-9*]{1,128})\b/.exec(after);
  if (qualified) return canonicalAction(qualified[1], qualified[2]);
  const prose = /^:?\s*"?ecr\s+([A-Za-z]{3,64})\b/i.exec(after);
  if (prose && findEcrAction(prose[1])) return canonicalAction('ecr', prose[1]);
  return undefined;
}

function canonicalAction(service: string, name: string): string {
  const lowerService = service.toLowerCase();
  if (lowerService === 'ecr') {
    const known = findEcrAction(name);
    if (known) return qualifyEcrAction(known.name);
  }
  return `${lowerService}:${name}`;
}

function readResource(facts: Draft<ErrorFacts>, unusable: string[]): void {
  const resource = facts.resource;
  if (resource === undefined || resource === '*') return;
  const repository = parseRepositoryArn(resource);
  if (repository) {
    facts.resourceAccount = repository.account;
    facts.region = repository.region;
    facts.partition = repository.partition;
    facts.repositoryName = repository.repositoryName;
    const why = describeUnusableAccount(repository.accountText);
    if (why) unusable.push(`repository account ${why}`);
    return;
  }
  const parts = splitArn(resource);
  if (parts) {
    facts.resourceAccount = accountOrUndefined(parts.account);
    facts.region = regionOrUndefined(parts.region);
    facts.partition = partitionOrUndefined(parts.partition);
  }
}

/**
 * The JSON that `aws sts decode-authorization-message` prints: `"allowed":false`, `"explicitDeny"`,
 * `"context":{"principal":{"arn":…},"action":…,"resource":…}`.
 */
function readDecodedMessage(text: string, roleArns: readonly string[]): Found | undefined {
  if (!/"allowed"\s*:\s*false/.test(text)) return undefined;
  const action = /"action"\s*:\s*"([A-Za-z0-9-]{2,40}):([A-Za-z0-9*]{1,128})"/.exec(text);
  if (!action) return undefined;
  const kind = /"explicitDeny"\s*:\s*true/.test(text) ? DiagnosisKind.EXPLICIT_DENY : DiagnosisKind.ACCESS_DENIED;
  const facts: Found = { kind, detail: FactDetail.DECODED_MESSAGE, action: canonicalAction(action[1], action[2]) };
  const principal = /"principal"\s*:\s*\{[^}]{0,600}?"arn"\s*:\s*"(arn:[^"]{1,600})"/.exec(text)?.[1];
  const unusable: string[] = [];
  if (principal) {
    facts.caller = parseCaller(principal, roleArns);
    const why = describeUnusableAccount(facts.caller?.accountText);
    if (why) unusable.push(`caller account ${why}`);
  }
  const resource = /"resource"\s*:\s*"([^"]{1,1000})"/.exec(text)?.[1];
  if (resource) {
    facts.resource = resource;
    readResource(facts, unusable);
  }
  facts.unusable = unusable;
  return facts;
}

function firstMatches(text: string, pattern: RegExp, limit: number): string[] {
  const found: string[] = [];
  pattern.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (found.length < limit && (m = pattern.exec(text)) !== null) found.push(m[0]);
  return found;
}

function operationOf(text: string): string | undefined {
  return /\bwhen calling the ([A-Za-z0-9]{2,64}) operation\b/.exec(text)?.[1];
}

function credentialsProblem(text: string): FactDetail | undefined {
  if (/\bsecurity token included in the request is expired\b|\bExpiredToken(?:Exception)?\b|\bToken has expired and refresh failed\b|\bThe SSO session associated with this profile has expired\b/i.test(text)) {
    return FactDetail.EXPIRED_SECURITY_TOKEN;
  }
  if (/\bUnable to locate credentials\b|\bCould not load credentials from any providers\b|\bNoCredentialProviders\b|\bno EC2 IMDS role found\b|\bMissing credentials in config\b/i.test(text)) {
    return FactDetail.NO_CREDENTIALS;
  }
  if (/\bsecurity token included in the request is invalid\b|\bUnrecognizedClientException\b|\bInvalidClientTokenId\b|\bThe AWS Access Key Id you provided does not exist\b|\bSignatureDoesNotMatch\b|\brequest signature we calculated does not match\b|\bInvalidSignatureException\b/i.test(text)) {
    return FactDetail.INVALID_SECURITY_TOKEN;
  }
  return undefined;
}

function loginProblem(text: string, registry: readonly RegistryReference[]): FactDetail | undefined {
  if (/\bauthorization token has expired\b/i.test(text)) return FactDetail.EXPIRED_REGISTRY_TOKEN;
  if (/\bno basic auth credentials\b|\bunauthorized: authentication required\b/i.test(text)) return FactDetail.NO_REGISTRY_CREDENTIALS;
  if (registry.length === 0 && !namesPublicRegistry(text)) return undefined;
  if (/\blogin attempt to \S{1,300} failed with status: 4\d\d\b/i.test(text)) return FactDetail.LOGIN_REJECTED;
  if (/\b401 Unauthorized\b|\bstatus(?: code)?:? 401\b|\bmay require 'docker login'|\bauthorization failed\b/i.test(text)) return FactDetail.NO_REGISTRY_CREDENTIALS;
  return undefined;
}

function isForbidden(text: string, registry: readonly RegistryReference[]): boolean {
  const forbidden = /\b403 Forbidden\b|\bstatus(?: code)?:? 403\b|\bHTTP 403\b|\b403 response\b|\bdenied: Not Authorized\b/i.test(text);
  if (forbidden && (registry.length > 0 || /\becr\b|\bCannotPullContainerError\b/i.test(text))) return true;
  // an ECR 403 with no body (docker cannot parse it), and a push that docker retries until EOF: a
  // denied push as docker reports it when the registry says nothing more
  if (/\berror parsing HTTP (?:403 )?response(?: body)?: unexpected end of JSON input\b|\bRetrying in \d{1,3} seconds? EOF\b/i.test(text)) return true;
  return /\brequested access to the resource is denied\b/i.test(text);
}

function isAboutPushing(text: string, registry: readonly RegistryReference[]): boolean {
  const method = registry.find((r) => r.method !== undefined)?.method;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') return true;
  // BuildKit, ko and go-containerregistry check for each blob with HEAD before they upload it: a HEAD
  // in a push is a push
  return /\bpush(?:es|ed|ing)?\b|\bpublish\b|\bupload(?:ing)? (?:image|blob|layer)|\bblobs\/uploads\b/i.test(text) && !/\bpull(?:ing)? image\b|\bFailed to pull\b|\bpull image manifest\b/i.test(text);
}
