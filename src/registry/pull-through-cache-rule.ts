import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { CreationTemplateScenario, RepositoryCreationTemplate } from './creation-template';
// the upstream's EcrRegistry is looked up at synth, once the module graph is loaded
import { EcrRegistry } from './ecr-registry';
import { cacheRole, checkEcrUpstream, connectUpstream, EcrCache, needsUpstreamStatement, upstreamStatement, warnIfUnavailable } from './ecr-upstream';
import { checkCacheSecretName, secretNameFromArn, templateNamePattern } from './registry-input';
import { IEcrRegistry, repositoryArnPattern } from './registry-interface';
import { checkRegistry, claimNamespace, joinRegistry, registryMembers } from './registry-members';
import { registryAccountGrants } from './registry-policy';
import { isUpstreamRegistry, UpstreamRegistry } from './upstream-registry';
import { EcrActions } from '../actions/action-sets';
import { AccountGrants, TrustRequest } from '../policy/account-grants';
import { acknowledgeWildcardResource } from '../policy/nag-acknowledgements';
import { beforeSynth } from '../private/before-synth';
import { InputProblems } from '../private/input-problems';
import { checkNamespace, namespaceOf, ROOT_PREFIX } from '../private/namespace';
import { isMarked, markAs } from '../private/type-marker';
import { grantLogin } from '../repository/access';

/**
 * Options for a pull-through cache rule ({@link EcrRegistry.addPullThroughCacheRule}).
 */
export interface PullThroughCacheRuleOptions {
  /**
   * The namespace the cached repositories are created under: with `docker-hub`, pulling
   * `<registry>/docker-hub/library/nginx` caches Docker Hub's `library/nginx`. 2–30 characters.
   * For an Amazon ECR upstream, `ROOT` caches under the upstream's own names, in every repository
   * of the registry no other rule covers.
   */
  readonly prefix: string;

  /**
   * For an Amazon ECR upstream: the namespace of the upstream repositories the rule caches
   * (`UpstreamRepositoryPrefix`). With `prefix: 'mirror'` and `upstreamPrefix: 'team-a'`, pulling
   * `mirror/api` caches the upstream's `team-a/api`. ECR allows it only with a non-`ROOT` prefix.
   *
   * @default - `ROOT`: every upstream repository, under its own name below `prefix`
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private-wildcards.html
   */
  readonly upstreamPrefix?: string;

  /**
   * For an Amazon ECR upstream: the role ECR assumes to read it (`CustomRoleArn`), of the registry's
   * account and trusted by `pullthroughcache.ecr.amazonaws.com`. It gets AWS's documented
   * permissions, scoped to the upstream repositories the rule reads and the cache's repositories.
   *
   * @default - for an Amazon ECR upstream, a role is created; other upstreams use ECR's service-linked role
   */
  readonly role?: iam.IRole;

  /**
   * Adds `aws:SourceAccount = <this registry's account>` to the trust policy of the role the rule
   * creates. AWS documents the role's trust without any condition and does not say that the
   * pull-through cache service sends `aws:SourceAccount`: if it does not, every AssumeRole fails and
   * nothing is cached. Turn it on only after confirming, in your account, that caching still works.
   *
   * @default false - the trust policy exactly as AWS documents it
   */
  readonly sourceAccountCondition?: boolean;

  /** The registry images are fetched from. */
  readonly upstream: UpstreamRegistry;

  /**
   * The credentials for the upstream registry: a Secrets Manager secret in this registry's account
   * and region, named `ecr-pullthroughcache/<name>` (ECR reads no other), holding `username` and
   * `accessToken`. Required for Docker Hub, GitHub, GitLab and Azure.
   *
   * @default - none: anonymous pulls
   */
  readonly credentials?: secretsmanager.ISecret;
}

/**
 * Properties for a {@link PullThroughCacheRule}: its options and the registry it belongs to.
 */
export interface PullThroughCacheRuleProps extends PullThroughCacheRuleOptions {
  /** The registry that caches the images (the rule is created in that registry's account and region). */
  readonly registry: IEcrRegistry;
}

/**
 * A pull-through cache rule: the first pull of `<registry>/<prefix>/<image>` fetches the image from
 * the upstream registry, creates the repository and caches it; later pulls are served by ECR.
 *
 * Pullers need, besides the pull actions, `ecr:BatchImportUpstreamImage` and `ecr:CreateRepository`
 * on the cache's repositories: {@link grantPull} writes them for principals of this account,
 * {@link allowAccountPull} and {@link allowOrganizationPull} into the registry policy for others.
 *
 * An Amazon ECR upstream (`UpstreamRegistry.ecr`, `ecrRegistry`) is read with a role of this
 * registry's account, which the rule creates with AWS's documented trust and permissions ({@link role});
 * an upstream of another account must allow this account in its registry policy, written there when
 * it is an `EcrRegistry` of the app, otherwise synth warns with the statement
 * ({@link upstreamRegistryPolicy}).
 *
 * @example
 * import { EcrRegistry, UpstreamRegistry } from 'cdk-ecr-access';
 *
 * declare const taskRole: iam.IRole;
 * const registry = new EcrRegistry(this, 'Registry');
 * const cache = registry.addPullThroughCacheRule('EcrPublic', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });
 * cache.grantPull(taskRole);
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
 */
export class PullThroughCacheRule extends Construct {
  /**
   * True when `x` is a `PullThroughCacheRule`, also one made by another copy of this library in the app
   * (where `instanceof` is false).
   */
  public static isPullThroughCacheRule(x: any): x is PullThroughCacheRule {
    return isMarked(x, 'PullThroughCacheRule');
  }

  /** The namespace of the cached repositories, as given. */
  public readonly prefix: string;

  /** The ARN pattern of every repository this rule creates (`arn:…:repository/<prefix>/*`). */
  public readonly repositoryArns: string;

  /** The registry the rule belongs to. */
  public readonly registry: IEcrRegistry;

  /**
   * The role ECR assumes to read an Amazon ECR upstream (created, or the one given); undefined for
   * other upstreams, which ECR reads with its service-linked role.
   */
  public readonly role?: iam.IRole;

  private readonly pullStatements: iam.PolicyStatement[] = [];
  private readonly accountGrants: AccountGrants;
  private readonly ecrCache?: EcrCache;

  constructor(scope: Construct, id: string, props: PullThroughCacheRuleProps) {
    super(scope, id);
    markAs(this, 'PullThroughCacheRule');
    const problems = new InputProblems(`PullThroughCacheRule props at '${this.node.path}'`);
    const registry = checkRegistry(problems, this, props?.registry, 'addPullThroughCacheRule');
    const upstream = isUpstreamRegistry(props?.upstream) ? props.upstream : undefined;
    const ecrUpstream = upstream?._ecr;
    const covered = checkNamespace(problems, 'prefix', props?.prefix, {
      textPattern: false,
      length: { min: 2, max: 30 },
      root: ecrUpstream ? 'allowed' : {
        problem: 'would make every repository of the registry a cache of the upstream registry',
        fix: 'give the cache a namespace of its own, e.g. \'docker-hub\' (ROOT is for Amazon ECR upstreams)',
      },
    });
    if (!upstream) {
      problems.add('upstream', props?.upstream, 'must say which registry to cache', 'pass UpstreamRegistry.dockerHub(), ecrPublic(), ecr(account, region), … or fromUrl(\'ghcr.io\')');
    } else {
      upstream._check(problems, 'upstream', props.credentials !== undefined, 'credentials');
    }
    const upstreamNames = checkUpstreamPrefix(problems, props, ecrUpstream !== undefined);
    if (ecrUpstream && registry) checkEcrUpstream(problems, registry, ecrUpstream, props);
    if (!ecrUpstream && upstream) checkNotEcrOnly(problems, props, upstream._name);
    if (props?.credentials !== undefined) checkCredentials(problems, this, props.credentials);
    if (registry) claimNamespace(registry, problems, 'prefix', props?.prefix, 'pull-through cache rule');
    problems.throwIfAny();

    this.registry = props.registry;
    this.accountGrants = registryAccountGrants(this.registry, 'PullThroughCacheRule', this);
    this.prefix = props.prefix;
    const cacheNames = covered?.resourceName ?? templateNamePattern(this.prefix);
    this.repositoryArns = repositoryArnPattern(this.registry, cacheNames);
    if (ecrUpstream) {
      this.ecrCache = { registry: this.registry, upstream: ecrUpstream, cacheNames, upstreamNames: upstreamNames ?? '*' };
      this.role = cacheRole(this, this.ecrCache, props);
    }
    const resource = new ecr.CfnPullThroughCacheRule(this, 'Resource', {
      ecrRepositoryPrefix: this.prefix,
      upstreamRegistryUrl: props.upstream.url,
      upstreamRegistry: props.upstream.upstreamType,
      credentialArn: props.credentials?.secretArn,
      upstreamRepositoryPrefix: props.upstreamPrefix,
      customRoleArn: this.role?.roleArn,
    });
    // a role created here gets its policies before ECR may first use it
    if (this.role && props.role === undefined) resource.node.addDependency(this.role);
    joinRegistry(this.registry, this);
    // a creation template may be added after the rule, and after its grants; the upstream's
    // EcrRegistry may be defined after the rule
    beforeSynth(this, () => {
      this.allowTaggingIfTemplated();
      if (this.ecrCache) {
        connectUpstream(this, this.ecrCache, (account, region) => EcrRegistry.find(this, account, region));
        warnIfUnavailable(this, this.registry);
      }
    });
  }

  /**
   * For an Amazon ECR upstream of another account: the statement its registry policy must hold
   * (scope V2, the default; or each upstream repository's policy) so that ECR may read and import
   * its images for this registry's account. AWS's statement, on the upstream repositories this rule
   * maps to. Written there when the upstream is an `EcrRegistry` of this app; otherwise synth warns
   * with it. Undefined when the upstream needs nothing (another upstream, or the same account).
   * An account known only at deploy time counts as another one.
   */
  public upstreamRegistryPolicy(): iam.PolicyDocument | undefined {
    if (!this.ecrCache || !needsUpstreamStatement(this.ecrCache)) return undefined;
    return new iam.PolicyDocument({ statements: [upstreamStatement(this.ecrCache)] });
  }

  /**
   * Lets a role or user of this registry's account pull through the cache: the pull actions,
   * `ecr:BatchImportUpstreamImage` and `ecr:CreateRepository` on the cache's repositories, and login
   * on `*`. A creation template for the prefix with resource tags adds `ecr:TagResource`.
   *
   * For principals of other accounts, use {@link allowAccountPull} (a grant cannot name them in the
   * registry policy without trusting their whole account).
   */
  public grantPull(grantee: iam.IGrantable): iam.Grant {
    const problems = new InputProblems(`PullThroughCacheRule.grantPull() at '${this.node.path}'`);
    const account = grantee?.grantPrincipal?.principalAccount;
    if (account === undefined) {
      problems.add('grantee', String(grantee?.grantPrincipal), 'has no account (a service principal?), so it cannot pull through the cache',
        'grant a role or user of this account');
    } else if (Token.compareStrings(account, this.registry.registryId) === TokenComparison.DIFFERENT) {
      problems.add('grantee', `a principal of account ${account}`, `is not in the registry's account (${this.registry.registryId})`,
        `call allowAccountPull('${account}') and attach the identity policy it returns to the principal in that account`);
    }
    problems.throwIfAny();

    const principal = grantee.grantPrincipal as Partial<IConstruct>;
    if (principal.node !== undefined) {
      acknowledgeWildcardResource(principal as IConstruct, this.repositoryArns,
        `pull through the cache rule '${this.prefix}': the cached repositories are created on the first pull`);
    }
    const actions = [...EcrActions.PULL, ...EcrActions.PULL_THROUGH_CACHE];
    const grant = iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.repositoryArns] });
    this.pullStatements.push(...grant.principalStatements);
    return grantLogin(grantee).combine(grant);
  }

  /**
   * Lets principals of another account pull through the cache: the registry policy (scope V2) allows
   * the account the pull actions, `ecr:BatchImportUpstreamImage` and `ecr:CreateRepository` on the
   * cache's repositories. Returns the identity policy those principals must attach.
   */
  public allowAccountPull(accountId: string): iam.PolicyDocument {
    return this.accountGrants.allowAccount(accountId, this.pullThroughCache('allowAccountPull'));
  }

  /**
   * Lets every principal of an AWS Organization pull through the cache (registry policy scope V2,
   * `Principal: "*"` limited by `aws:PrincipalOrgID`). Returns the identity policy they must attach.
   */
  public allowOrganizationPull(organizationId: string): iam.PolicyDocument {
    return this.accountGrants.allowOrganization(organizationId, this.pullThroughCache('allowOrganizationPull'));
  }

  /** A grant of pulls through the cache: on its repositories, named in the Sid by the prefix. */
  private pullThroughCache(method: string): TrustRequest {
    return {
      method,
      purpose: 'PullThroughCache',
      actions: [...EcrActions.PULL, ...EcrActions.PULL_THROUGH_CACHE],
      repositories: () => ({ arn: this.repositoryArns, sidPart: namespaceOf(this.prefix) }),
      collect: this.pullStatements,
    };
  }

  /**
   * Adds `ecr:TagResource` to every grant of this rule (identity and registry policy statements and
   * the identity policies returned) when the creation template ECR applies to its repositories tags
   * them: the first pull creates the repository with those tags, as the puller.
   */
  private allowTaggingIfTemplated(): void {
    const scenario = CreationTemplateScenario.PULL_THROUGH_CACHE;
    // a ROOT cache creates repositories under any name, where any namespace's template may apply
    const tags = this.prefix === ROOT_PREFIX
      ? registryMembers(this.registry)
        .some((m) => RepositoryCreationTemplate.isRepositoryCreationTemplate(m) && m.appliesFor(scenario) && m.tagsRepositories)
      : RepositoryCreationTemplate.appliedTo(this.registry, this.prefix, scenario)?.tagsRepositories;
    if (!tags) return;
    for (const statement of this.pullStatements) statement.addActions(...EcrActions.TAG);
  }
}

/** Validates the upstream prefix and returns the upstream repositories it covers (`team-a/*`, or `*` for ROOT). */
function checkUpstreamPrefix(problems: InputProblems, props: PullThroughCacheRuleProps | undefined, ecrUpstream: boolean): string | undefined {
  const upstreamPrefix = props?.upstreamPrefix;
  if (upstreamPrefix === undefined || !ecrUpstream) return undefined;
  if (props?.prefix === ROOT_PREFIX && upstreamPrefix !== ROOT_PREFIX) {
    problems.add('upstreamPrefix', upstreamPrefix, 'is set with prefix \'ROOT\', but ECR allows an upstream prefix only with a non-ROOT prefix',
      'give the cache a prefix of its own (e.g. the same as upstreamPrefix), or omit upstreamPrefix');
    return undefined;
  }
  const covered = checkNamespace(problems, 'upstreamPrefix', upstreamPrefix, { textPattern: false, length: { min: 2, max: 30 }, root: 'allowed' });
  return covered?.resourceName ?? (upstreamPrefix === ROOT_PREFIX ? '*' : undefined);
}

/** Refuses what only an Amazon ECR upstream takes. */
function checkNotEcrOnly(problems: InputProblems, props: PullThroughCacheRuleProps, upstreamName: string): void {
  const fix = 'remove it, or cache an Amazon ECR registry (UpstreamRegistry.ecr)';
  if (props.upstreamPrefix !== undefined) problems.add('upstreamPrefix', props.upstreamPrefix, `is for Amazon ECR upstreams, not ${upstreamName}`, fix);
  if (props.role !== undefined) problems.add('role', props.role.roleArn, `is for Amazon ECR upstreams; ECR reads ${upstreamName} with its service-linked role`, fix);
  if (props.sourceAccountCondition) problems.add('sourceAccountCondition', true, `is for the role of an Amazon ECR upstream, not ${upstreamName}`, fix);
}

function checkCredentials(problems: InputProblems, rule: Construct, secret: secretsmanager.ISecret): void {
  if (secret instanceof secretsmanager.Secret) {
    // the name of a secret created without secretName is a token that resolves to nothing
    const name = Stack.of(secret).resolve((secret.node.defaultChild as secretsmanager.CfnSecret).name);
    if (name === undefined) {
      problems.add('credentials', secret.node.path, 'has a name CloudFormation generates, but ECR reads only secrets named \'ecr-pullthroughcache/<name>\'',
        'create the secret with secretName: \'ecr-pullthroughcache/<name>\'');
      return;
    }
    if (typeof name === 'string') checkCacheSecretName(problems, 'credentials', name);
  } else {
    checkCacheSecretName(problems, 'credentials', secretNameFromArn(secret.secretArn) ?? secret.secretName);
  }
  const stack = Stack.of(rule);
  const where = secret.env;
  if (Token.compareStrings(where.account, stack.account) === TokenComparison.DIFFERENT
    || Token.compareStrings(where.region, stack.region) === TokenComparison.DIFFERENT) {
    problems.add('credentials', `a secret in ${where.account}/${where.region}`, `is not in the registry's account and region (${stack.account}/${stack.region}), where ECR looks for it`,
      'create or import the secret in the registry\'s account and region');
  }
}
