import { DiagnosisKind } from './diagnosis';
import { bareImageReference, findPublicReference, kmsKeyAccount, quotedTag, regionFromEndpoints, regionOfCdkAssetRepository } from './locations';
import type { Draft, ErrorFacts, FactsSoFar } from './parse';
import { RegistryReference } from './registry';
import { accountOrUndefined, describeUnusableAccount, repositoryNameOrUndefined } from './values';

// Facts → facts with a place: the registry, region, repository and tag the text names around the
// error (hosts, endpoints, ECR's own sentences), filled in where the error itself does not say.

/** Fills account, region, repository and tag from registry hosts when the message itself does not name them. */
export function withRegistry(facts: FactsSoFar, registry: readonly RegistryReference[]): ErrorFacts {
  if (registry.length === 0) return facts;
  const named = registry.find((r) => r.repositoryName !== undefined) ?? registry[0];
  const withMethod = registry.find((r) => r.method !== undefined && r.registryApiPath) ?? registry.find((r) => r.method !== undefined);
  // a repository ARN in the message wins over hosts elsewhere in the log, and hosts that disagree
  // (a log that mentions several registries) say nothing
  const useHosts = facts.resource === undefined || facts.resource === '*';
  // the URL of the failed registry request (`…/v2/<name>/manifests/…`) names its registry; else all hosts must agree
  const request = [...registry].reverse().find((r) => r.registryApiPath);
  const pick = (value: (r: RegistryReference) => string | undefined): string | undefined => {
    if (!useHosts) return undefined;
    return request !== undefined ? value(request) : agreed(registry.map(value));
  };
  const account = pick((r) => r.account);
  const unusable = [...facts.unusable];
  if (useHosts && facts.resourceAccount === undefined && account === undefined) {
    const why = describeUnusableAccount((request ?? named).accountText);
    if (why) unusable.push(`registry account ${why}`);
  }
  const repositoryName = facts.repositoryName ?? pick((r) => r.repositoryName);
  // references to images, not bare hosts (a login): each must name the same tag
  const images = registry.filter((r) => r.repositoryName !== undefined || r.tag !== undefined);
  return {
    ...facts,
    resourceAccount: facts.resourceAccount ?? account,
    region: facts.region ?? pick((r) => r.region),
    repositoryName,
    // the tag of the image the message names: the reference to its repository, else the failed request's
    tag: facts.tag ?? (images.every((r) => r.tag !== undefined) || request !== undefined ? pick((r) => r.tag) : undefined)
      ?? agreed(registry.filter((r) => r.repositoryName !== undefined && r.repositoryName === repositoryName).map((r) => r.tag)),
    registryHost: facts.registryHost ?? (request ?? named).host,
    httpMethod: facts.httpMethod ?? withMethod?.method,
    unusable,
  };
}

/** The one value all references that have one agree on; undefined when none has one or they differ. */
function agreed(values: ReadonlyArray<string | undefined>): string | undefined {
  const distinct = new Set(values.filter((v): v is string => v !== undefined));
  return distinct.size === 1 ? [...distinct][0] : undefined;
}

/** The host of ECR Public, one for all accounts and regions. */
export const PUBLIC_REGISTRY_HOST = 'public.ecr.aws';
/** ECR Public's dual-stack (IPv4 and IPv6) host: https://docs.aws.amazon.com/AmazonECR/latest/public/public-ecr-requests.html */
export const PUBLIC_DUAL_STACK_HOST = 'ecr-public.aws.com';

/** True for either host of ECR Public. */
export function isPublicRegistryHost(host: string | undefined): boolean {
  return host === PUBLIC_REGISTRY_HOST || host === PUBLIC_DUAL_STACK_HOST;
}

/** What the text says about places, read once per text however many denials it holds. */
export interface TextPlaces {
  readonly text: string;
  readonly cache: Map<string, unknown>;
}

/** The places of a text, each read when first needed. */
export function placesOf(text: string): TextPlaces {
  return { text, cache: new Map() };
}

function once<T>(places: TextPlaces, key: string, read: (text: string) => T): T {
  if (!places.cache.has(key)) places.cache.set(key, read(places.text));
  return places.cache.get(key) as T;
}

/** Fills what ECR Public references, endpoints, log fields and quoted tags say, when nothing more precise did. */
export function withLocation(facts: ErrorFacts, places: TextPlaces): ErrorFacts {
  const publicReference = facts.registryHost === undefined ? once(places, 'public', findPublicReference) : undefined;
  const bare = facts.repositoryName === undefined && publicReference === undefined ? once(places, 'bare', bareImageReference) : undefined;
  const repositoryName = facts.repositoryName ?? publicReference?.repositoryName ?? bare?.repositoryName;
  const kmsAccount = facts.kind === DiagnosisKind.KMS ? accountOrUndefined(once(places, 'kms', kmsKeyAccount)) : undefined;
  return {
    ...facts,
    resourceAccount: facts.resourceAccount ?? kmsAccount,
    // a registry host with a placeholder for its region says the region is unknown, whatever else the log says
    region: facts.region ?? (facts.registryHost === undefined ? once(places, 'region', regionFromEndpoints) ?? regionOfCdkAssetRepository(repositoryName) : undefined),
    repositoryName: repositoryName ?? once(places, 'named', namedInCommand),
    tag: once(places, 'tag', quotedTag) ?? facts.tag ?? publicReference?.tag ?? bare?.tag,
    httpMethod: facts.httpMethod ?? publicReference?.method,
    registryHost: facts.registryHost ?? publicReference?.host,
  };
}

/** `--repository-name x` of a CLI command, or ECR's console message `The repository [x] …`. */
function namedInCommand(text: string): string | undefined {
  return repositoryNameOrUndefined(/--repository-name[ =]([a-z0-9._/-]{2,256})/.exec(text)?.[1] ?? /\bThe repository \[([a-z0-9._/-]{2,256})\]/.exec(text)?.[1]);
}

// ECR's sentences that name the repository and registry: `The repository with name 'x' does not exist
// in the registry with id 'n'`, `… within the repository with name 'x' in the registry with id 'n'`,
// `… already exists in the repository with name 'x' in registry with id 'n'`. Terminals wrap long
// names: a name or id cut by a line break is read without the break.
const NAMED_REPOSITORY = /\brepository with name '([^']{1,300})'(?: does not exist)? in (?:the )?registry with id '([^']{1,80})'/i;
const IMMUTABLE_REPOSITORY = /\balready exists in the '([^']{1,300})' repository\b/i;

export function notFoundFacts(text: string): Draft<ErrorFacts> {
  const m = NAMED_REPOSITORY.exec(text);
  const unwrap = (value: string) => value.replace(/ /g, '');
  if (m) return { repositoryName: repositoryNameOrUndefined(unwrap(m[1])), resourceAccount: accountOrUndefined(unwrap(m[2])) };
  const named = /\bThe repository with name '([^']{1,300})'/i.exec(text);
  return named ? { repositoryName: repositoryNameOrUndefined(unwrap(named[1])) } : {};
}

/** The repository and registry ECR's own sentence names, for the kinds whose message has one. */
export function namedRepositoryFacts(text: string): Draft<ErrorFacts> {
  const immutable = IMMUTABLE_REPOSITORY.exec(text);
  if (immutable) return { repositoryName: repositoryNameOrUndefined(immutable[1]) };
  return notFoundFacts(text);
}

