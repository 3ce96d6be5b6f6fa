import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { CreationTemplateScenario, RepositoryCreationTemplate } from './creation-template';
import { checkCacheSecretName, secretNameFromArn } from './registry-input';
import { IEcrRegistry, repositoryArnPattern } from './registry-interface';
import { checkRegistry, claimNamespace, joinRegistry } from './registry-members';
import { registryAccountGrants } from './registry-policy';
import { isUpstreamRegistry, UpstreamRegistry } from './upstream-registry';
import { EcrActions } from '../actions/action-sets';
import { AccountGrants, TrustRequest } from '../policy/account-grants';
import { acknowledgeWildcardResource } from '../policy/nag-acknowledgements';
import { beforeSynth } from '../private/before-synth';
import { InputProblems } from '../private/input-problems';
import { checkNamespace, namespaceOf } from '../private/namespace';
import { isMarked, markAs } from '../private/type-marker';
import { grantLogin } from '../repository/access';

/**
 * Options for a pull-through cache rule ({@link EcrRegistry.addPullThroughCacheRule}).
 */
export interface PullThroughCacheRuleOptions {
  /**
   * The namespace the cached repositories are created under: with `docker-hub`, pulling
   * `<registry>/docker-hub/library/nginx` caches Docker Hub's `library/nginx`. 2–30 characters.
   */
  readonly prefix: string;

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

  private readonly pullStatements: iam.PolicyStatement[] = [];
  private readonly accountGrants: AccountGrants;

  constructor(scope: Construct, id: string, props: PullThroughCacheRuleProps) {
    super(scope, id);
    markAs(this, 'PullThroughCacheRule');
    const problems = new InputProblems(`PullThroughCacheRule props at '${this.node.path}'`);
    const registry = checkRegistry(problems, this, props?.registry, 'addPullThroughCacheRule');
    const covered = checkNamespace(problems, 'prefix', props?.prefix, {
      textPattern: false,
      length: { min: 2, max: 30 },
      root: { problem: 'would make every repository of the registry a cache of the upstream registry', fix: 'give the cache a namespace of its own, e.g. \'docker-hub\'' },
    });
    if (!isUpstreamRegistry(props?.upstream)) {
      problems.add('upstream', props?.upstream, 'must say which registry to cache', 'pass UpstreamRegistry.dockerHub(), ecrPublic(), … or fromUrl(\'ghcr.io\')');
    } else {
      props.upstream._check(problems, 'upstream', props.credentials !== undefined, 'credentials');
    }
    if (props?.credentials !== undefined) checkCredentials(problems, this, props.credentials);
    if (registry) claimNamespace(registry, problems, 'prefix', props?.prefix, 'pull-through cache rule');
    problems.throwIfAny();

    this.registry = props.registry;
    this.accountGrants = registryAccountGrants(this.registry, 'PullThroughCacheRule', this);
    this.prefix = props.prefix;
    this.repositoryArns = repositoryArnPattern(this.registry, covered!.resourceName);
    new ecr.CfnPullThroughCacheRule(this, 'Resource', {
      ecrRepositoryPrefix: this.prefix,
      upstreamRegistryUrl: props.upstream.url,
      upstreamRegistry: props.upstream.upstreamType,
      credentialArn: props.credentials?.secretArn,
    });
    joinRegistry(this.registry, this);
    // a creation template may be added after the rule, and after its grants
    beforeSynth(this, () => this.allowTaggingIfTemplated());
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
    if (!RepositoryCreationTemplate.appliedTo(this.registry, this.prefix, CreationTemplateScenario.PULL_THROUGH_CACHE)?.tagsRepositories) return;
    for (const statement of this.pullStatements) statement.addActions(...EcrActions.TAG);
  }
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
