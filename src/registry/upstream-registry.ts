import { checkRegion } from './registry-input';
import type { IEcrRegistry } from './registry-interface';
import { checkAccountId } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';
import { isMarked, markAs } from '../private/type-marker';

/** Whether an upstream registry takes credentials from a Secrets Manager secret. */
enum Credentials {
  REQUIRED = 'required',
  OPTIONAL = 'optional',
  NOT_ACCEPTED = 'not accepted',
}

interface UpstreamKind {
  /** The `UpstreamRegistry` value CloudFormation and the ECR API use. */
  readonly type: string;
  readonly name: string;
  readonly factory: string;
  readonly credentials: Credentials;
}

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html — the upstream
// registries ECR supports, by host; Docker Hub, GitHub, GitLab and Azure accept only authenticated pulls.
// `chainguard` is a value of the ECR API's UpstreamRegistry enum (its current service model, as the
// SDKs and cfn-lint 1.51 carry it); CloudFormation's schema types the property as a plain string.
const BY_HOST: Record<string, UpstreamKind> = {
  'public.ecr.aws': { type: 'ecr-public', name: 'Amazon ECR Public', factory: 'ecrPublic()', credentials: Credentials.NOT_ACCEPTED },
  'registry.k8s.io': { type: 'k8s', name: 'the Kubernetes registry', factory: 'kubernetes()', credentials: Credentials.NOT_ACCEPTED },
  'quay.io': { type: 'quay', name: 'Quay', factory: 'quay()', credentials: Credentials.OPTIONAL },
  'registry-1.docker.io': { type: 'docker-hub', name: 'Docker Hub', factory: 'dockerHub()', credentials: Credentials.REQUIRED },
  'ghcr.io': { type: 'github-container-registry', name: 'GitHub Container Registry', factory: 'gitHubContainerRegistry()', credentials: Credentials.REQUIRED },
  'registry.gitlab.com': { type: 'gitlab-container-registry', name: 'GitLab Container Registry', factory: 'gitLabContainerRegistry()', credentials: Credentials.REQUIRED },
  'cgr.dev': { type: 'chainguard', name: 'Chainguard', factory: 'chainguard()', credentials: Credentials.OPTIONAL },
};
const AZURE: UpstreamKind = { type: 'azure-container-registry', name: 'Azure Container Registry', factory: 'azureContainerRegistry(name)', credentials: Credentials.REQUIRED };
const AZURE_HOST = /^([a-z0-9]{5,50})\.azurecr\.io$/;
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreatePullThroughCacheRule.html — an ECR
// upstream is named by its registry host; ECR reads it with the rule's role, never with a secret.
const ECR: UpstreamKind = { type: 'ecr', name: 'Amazon ECR', factory: 'ecr(accountId, region)', credentials: Credentials.NOT_ACCEPTED };
const ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/;
const ECR_DUAL_STACK_HOST = /^(\d{12})\.dkr-ecr\.([a-z0-9-]+)\.on\.aws$/;

/** The private ECR registry an ECR upstream names: its account and region, and the registry when it is one of the app. */
export interface EcrUpstreamTarget {
  readonly account: string;
  readonly region: string;
  readonly registry?: IEcrRegistry;
}
// Hosts people write for a supported registry, and the host ECR expects instead.
const ALIASES: Record<string, string> = {
  'docker.io': 'registry-1.docker.io',
  'index.docker.io': 'registry-1.docker.io',
  'hub.docker.com': 'registry-1.docker.io',
  'k8s.gcr.io': 'registry.k8s.io',
  'gitlab.com': 'registry.gitlab.com',
  'github.com': 'ghcr.io',
  'docker.pkg.github.com': 'ghcr.io',
  'gallery.ecr.aws': 'public.ecr.aws',
};

/**
 * The registry a pull-through cache rule fetches images from: one of the upstream registries ECR
 * supports, each with its credential needs (Docker Hub, GitHub, GitLab and Azure need a secret;
 * another private ECR registry is read with a role instead).
 *
 * @example
 * import { EcrRegistry, UpstreamRegistry } from 'cdk-ecr-access';
 *
 * const registry = new EcrRegistry(this, 'Registry');
 * registry.addPullThroughCacheRule('EcrPublic', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
 */
export class UpstreamRegistry {
  /** Amazon ECR Public (`public.ecr.aws`); no credentials. */
  public static ecrPublic(): UpstreamRegistry {
    return new UpstreamRegistry('public.ecr.aws');
  }

  /** The Kubernetes container registry (`registry.k8s.io`); no credentials. */
  public static kubernetes(): UpstreamRegistry {
    return new UpstreamRegistry('registry.k8s.io');
  }

  /** Quay (`quay.io`); credentials optional (for private repositories). */
  public static quay(): UpstreamRegistry {
    return new UpstreamRegistry('quay.io');
  }

  /** Docker Hub (`registry-1.docker.io`); needs credentials (user name and access token). */
  public static dockerHub(): UpstreamRegistry {
    return new UpstreamRegistry('registry-1.docker.io');
  }

  /** GitHub Container Registry (`ghcr.io`); needs credentials (user name and access token). */
  public static gitHubContainerRegistry(): UpstreamRegistry {
    return new UpstreamRegistry('ghcr.io');
  }

  /** GitLab Container Registry (`registry.gitlab.com`); needs credentials (user name and access token). */
  public static gitLabContainerRegistry(): UpstreamRegistry {
    return new UpstreamRegistry('registry.gitlab.com');
  }

  /**
   * Another private Amazon ECR registry (`<account>.dkr.ecr.<region>.amazonaws.com`): of another
   * account, another region, or both. ECR reads it with a role of the caching registry's account
   * (the rule creates one), and a cross-account upstream's registry policy must allow the caching
   * account: written when that registry is an `EcrRegistry` of this app, otherwise synth warns with
   * the statement. Use {@link ecrRegistry} when you hold the registry.
   *
   * @param accountId the upstream registry's account
   * @param region the upstream registry's region
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html
   */
  public static ecr(accountId: string, region: string): UpstreamRegistry {
    return new UpstreamRegistry(ecrHost(accountId, region), undefined, { account: accountId, region });
  }

  /**
   * Another private Amazon ECR registry of this app (see {@link ecr}): its registry policy gets the
   * statement that lets the caching account read and import its images, when it is another account.
   */
  public static ecrRegistry(registry: IEcrRegistry): UpstreamRegistry {
    const target = { account: registry.registryId, region: registry.region, registry };
    return new UpstreamRegistry(ecrHost(target.account, target.region), undefined, target);
  }

  /** Chainguard's registry (`cgr.dev`); credentials optional (needed for non-public images). */
  public static chainguard(): UpstreamRegistry {
    return new UpstreamRegistry('cgr.dev');
  }

  /**
   * A Microsoft Azure container registry (`<name>.azurecr.io`); needs credentials.
   *
   * @param registryName the registry's name, the part before `.azurecr.io`
   */
  public static azureContainerRegistry(registryName: string): UpstreamRegistry {
    return new UpstreamRegistry(isToken(registryName) ? registryName : `${registryName}.azurecr.io`, registryName);
  }

  /**
   * The upstream registry with this host, e.g. `ghcr.io`: the host alone, as ECR expects it.
   * Checked at synth against the registries ECR supports.
   */
  public static fromUrl(url: string): UpstreamRegistry {
    return new UpstreamRegistry(url);
  }

  /** The host ECR pulls from (its `UpstreamRegistryUrl`). */
  public readonly url: string;

  private readonly ecrTarget?: EcrUpstreamTarget;

  private constructor(url: string, private readonly azureName?: string, ecrTarget?: EcrUpstreamTarget) {
    markAs(this, 'UpstreamRegistry');
    this.url = url;
    const host = isToken(url) ? null : ECR_HOST.exec(url);
    this.ecrTarget = ecrTarget ?? (host ? { account: host[1], region: host[2] } : undefined);
  }

  /** The `UpstreamRegistry` value for CloudFormation, when the host is a supported one. */
  public get upstreamType(): string | undefined {
    return this.kind?.type;
  }

  /** @internal */
  public get _credentialsRequired(): boolean {
    return this.kind?.credentials === Credentials.REQUIRED;
  }

  /** @internal */
  public get _credentialsAccepted(): boolean {
    return this.kind !== undefined && this.kind.credentials !== Credentials.NOT_ACCEPTED;
  }

  /** The private ECR registry this upstream is, if it is one. @internal */
  public get _ecr(): EcrUpstreamTarget | undefined {
    return this.ecrTarget;
  }

  /** @internal */
  public get _name(): string {
    return this.kind?.name ?? this.url;
  }

  /** Validates the host and its credentials. @internal */
  public _check(problems: InputProblems, property: string, hasCredentials: boolean, credentialsProperty: string): void {
    if (this.ecrTarget) {
      checkAccountId(problems, property, this.ecrTarget.account);
      checkRegion(problems, property, this.ecrTarget.region);
    }
    if (isToken(this.url)) return;
    if (this.azureName !== undefined && !/^[a-z0-9]{5,50}$/.test(this.azureName)) {
      problems.add(property, this.azureName, 'is not an Azure container registry name (5–50 lower-case letters and digits)',
        'pass the name before \'.azurecr.io\', e.g. UpstreamRegistry.azureContainerRegistry(\'acmeimages\')');
      return;
    }
    const kind = this.kind;
    if (kind === undefined) {
      problems.add(property, this.url, `is not an upstream registry ECR can cache (${Object.keys(BY_HOST).join(', ')}, <name>.azurecr.io or <account>.dkr.ecr.<region>.amazonaws.com)`,
        this.fixForUnknownHost());
      return;
    }
    if (kind.credentials === Credentials.REQUIRED && !hasCredentials) {
      problems.add(credentialsProperty, undefined, `is required for ${kind.name}, which ECR pulls from only with credentials`,
        'pass a Secrets Manager secret named \'ecr-pullthroughcache/<name>\' holding the keys \'username\' and \'accessToken\'');
    }
    if (kind.credentials === Credentials.NOT_ACCEPTED && hasCredentials) {
      problems.add(credentialsProperty, 'a secret', kind === ECR
        ? 'is not accepted for an Amazon ECR upstream, which ECR reads with the rule\'s role' : `is not accepted for ${kind.name}, which ECR pulls from anonymously`,
      kind === ECR ? 'remove credentials (the rule creates the role, or pass role)' : 'remove credentials');
    }
  }

  private get kind(): UpstreamKind | undefined {
    if (this.ecrTarget) return ECR;
    if (isToken(this.url)) return undefined;
    return BY_HOST[this.url] ?? (AZURE_HOST.test(this.url) ? AZURE : undefined);
  }

  private fixForUnknownHost(): string {
    const host = this.url.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '');
    const known = BY_HOST[host] ?? BY_HOST[ALIASES[host] ?? ''];
    if (known) return `use UpstreamRegistry.${known.factory} (host '${ALIASES[host] ?? host}': no scheme, port or path)`;
    const azure = AZURE_HOST.exec(host);
    if (azure) return `use UpstreamRegistry.azureContainerRegistry('${azure[1]}')`;
    const ecr = ECR_HOST.exec(host) ?? ECR_DUAL_STACK_HOST.exec(host) ?? /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\.cn$/.exec(host);
    if (ecr) return `use UpstreamRegistry.ecr('${ecr[1]}', '${ecr[2]}') (ECR expects the host '${ecr[1]}.dkr.ecr.${ecr[2]}.amazonaws.com')`;
    return 'use one of the UpstreamRegistry factories (ecr, ecrRegistry, ecrPublic, kubernetes, quay, dockerHub, gitHubContainerRegistry, ' +
      'gitLabContainerRegistry, chainguard, azureContainerRegistry)';
  }
}

/** The host of a private ECR registry, as ECR expects it in `UpstreamRegistryUrl`. */
function ecrHost(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com`;
}

/** True when `x` is a UpstreamRegistry of any copy of the library: props from another copy are accepted. */
export function isUpstreamRegistry(x: unknown): x is UpstreamRegistry {
  return isMarked(x, 'UpstreamRegistry');
}
