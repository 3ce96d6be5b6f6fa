import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { templateNamePattern } from './registry-input';
import { IEcrRegistry, repositoryArnPattern } from './registry-interface';
import { checkRegistry, claimNamespace, joinRegistry, registryMembers } from './registry-members';
import { EcrActions } from '../actions/action-sets';
import { AccountGrants, TrustedRepositories } from '../policy/account-grants';
import { acknowledgeWildcardResource } from '../policy/nag-acknowledgements';
import { InputProblems, isToken } from '../private/input-problems';
import { checkNamespace, namespaceOf, ROOT_PREFIX } from '../private/namespace';
import { isMarked, markAs } from '../private/type-marker';
import { checkEncryption, dsseEncryptionConfiguration, encryptionTypeOf } from '../repository/encryption';
import { ImageLifecycleRule } from '../repository/image-lifecycle-rule';
import { checkLifecycle, lifecycleRulesOf, warnForUserRules } from '../repository/lifecycle';
import { renderLifecyclePolicy } from '../repository/lifecycle-policy';
import { checkMutableTags, mutableTagFilters } from '../repository/tag-mutability';

/** CloudFormation allows 50 resource tags on a template. */
const MAX_RESOURCE_TAGS = 50;
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-custom.html —
// what ECR does with the template's role on a customer managed key.
const KMS_ACTIONS = ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'];

/**
 * When ECR applies a repository creation template: the ways ECR creates repositories on your behalf.
 */
export enum CreationTemplateScenario {
  /** The first pull through a pull-through cache rule. */
  PULL_THROUGH_CACHE = 'PULL_THROUGH_CACHE',
  /** Replication into this registry, for a repository the destination does not have yet. */
  REPLICATION = 'REPLICATION',
  /**
   * A push to a name that does not exist yet: ECR creates the repository on push. Any principal
   * allowed to push to a name under the prefix can then create repositories there.
   */
  CREATE_ON_PUSH = 'CREATE_ON_PUSH',
}

/**
 * Options for a repository creation template ({@link EcrRegistry.addCreationTemplate}): the same
 * secure defaults as `PushableRepository` for the repositories ECR creates.
 */
export interface RepositoryCreationTemplateOptions {
  /**
   * The namespace the template applies to: `team-a` applies to `team-a/...` (ECR adds the `/`), and
   * `ROOT` to every name no other template covers. Use a pull-through cache rule's prefix for its repositories.
   */
  readonly prefix: string;

  /** When ECR applies the template. */
  readonly appliedFor: CreationTemplateScenario[];

  /**
   * A description of the template.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Image tags that may be overwritten, as ECR wildcard patterns (`latest`, `dev-*`); every other tag
   * stays immutable. Up to five.
   *
   * @default - no tag can be overwritten (`IMMUTABLE`)
   */
  readonly mutableTags?: string[];

  /**
   * The lifecycle rules of the created repositories. A rule that can expire tagged images gets the
   * warning {@link EcrWarnings.LIFECYCLE_EXPIRES_TAGGED_IMAGES}.
   *
   * @default - `PushableRepository`'s: no image is deleted; untagged images nobody has pulled for 30
   * days move to the archive storage class; tagged images are never touched
   */
  readonly lifecycleRules?: ecr.LifecycleRule[];

  /**
   * Lifecycle rules in ECR's own terms (archive, count from the last pull, delete archived images),
   * as `PushableRepository`'s `imageLifecycleRules`.
   *
   * @default - the default rules, unless `lifecycleRules` is given
   */
  readonly imageLifecycleRules?: ImageLifecycleRule[];

  /**
   * How long after its last pull the default rule archives an untagged image, as
   * `PushableRepository`'s `untaggedImageArchiveAfter`.
   *
   * @default Duration.days(30)
   */
  readonly untaggedImageArchiveAfter?: Duration;

  /**
   * Deletes untagged images once they have been archived this long (at least 90 days; the named
   * opt-in to a default rule that expires), as `PushableRepository`'s `untaggedImageExpiry`.
   *
   * @default - no image is deleted: untagged images nobody has pulled for 30 days are archived
   */
  readonly untaggedImageExpiry?: Duration;

  /**
   * A customer managed KMS key to encrypt the created repositories with. ECR uses the template's
   * role for it ({@link role}).
   *
   * @default - AES-256 encryption with keys ECR manages
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The encryption of the created repositories: `RepositoryEncryption.KMS_DSSE` for two layers of
   * KMS encryption (AWS GovCloud (US) Regions only), with `encryptionKey` or ECR's AWS managed key.
   *
   * @default - KMS with `encryptionKey`, AES-256 without
   */
  readonly encryption?: ecr.RepositoryEncryption;

  /**
   * Tags for the created repositories. ECR uses the template's role to write them.
   *
   * @default - none
   */
  readonly resourceTags?: { [key: string]: string };

  /**
   * The role ECR assumes to create repositories with a KMS key or resource tags.
   *
   * @default - with `encryptionKey` or `resourceTags`, a role trusted by `ecr.amazonaws.com` that may
   * create (and replicate into, and tag) repositories under the prefix and use the key; otherwise none
   */
  readonly role?: iam.IRole;
}

/**
 * Properties for a {@link RepositoryCreationTemplate}: its options and the registry it belongs to.
 */
export interface RepositoryCreationTemplateProps extends RepositoryCreationTemplateOptions {
  /** The registry whose repositories the template shapes (the template is created in that registry's account and region). */
  readonly registry: IEcrRegistry;
}

/**
 * A repository creation template: the settings ECR gives the repositories it creates on your behalf
 * (pull-through cache, replication, create on push), with `PushableRepository`'s defaults: immutable
 * tags, a lifecycle that never deletes an image, and a repository policy written by the
 * `allow…` methods.
 *
 * @example
 * import { CreationTemplateScenario, EcrRegistry } from 'cdk-ecr-access';
 *
 * const registry = new EcrRegistry(this, 'Registry');
 * const template = registry.addCreationTemplate('TeamA', {
 *   prefix: 'team-a',
 *   appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH],
 *   mutableTags: ['latest'],
 * });
 * template.allowAccountPull('222222222222');
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html
 */
export class RepositoryCreationTemplate extends Construct {
  /**
   * The template ECR applies in a scenario to a repository of the namespace, among the registry's
   * templates: the one with the longest matching prefix, else the `ROOT` template, else none.
   */
  public static appliedTo(registry: IEcrRegistry, namespace: string, scenario: CreationTemplateScenario): RepositoryCreationTemplate | undefined {
    const name = namespaceOf(namespace);
    const templates = registryMembers(registry).filter(RepositoryCreationTemplate.isRepositoryCreationTemplate).filter((t) => t.appliesFor(scenario));
    const matching = templates
      .filter((t) => t.prefix !== ROOT_PREFIX && (name === namespaceOf(t.prefix) || name.startsWith(`${namespaceOf(t.prefix)}/`)))
      .sort((a, b) => namespaceOf(b.prefix).length - namespaceOf(a.prefix).length);
    return matching[0] ?? templates.find((t) => t.prefix === ROOT_PREFIX);
  }

  /**
   * True when `x` is a `RepositoryCreationTemplate`, also one made by another copy of this library in the app
   * (where `instanceof` is false).
   */
  public static isRepositoryCreationTemplate(x: any): x is RepositoryCreationTemplate {
    return isMarked(x, 'RepositoryCreationTemplate');
  }

  /** The registry the template belongs to. */
  public readonly registry: IEcrRegistry;

  /** The namespace prefix, as given (`ROOT` for the registry-wide template). */
  public readonly prefix: string;

  /** When ECR applies the template. */
  public readonly appliedFor: CreationTemplateScenario[];

  /** The ARN pattern of every repository the template applies to. */
  public readonly repositoryArns: string;

  /** The role ECR assumes for the template, when it has one. */
  public readonly role?: iam.IRole;

  /** The repository policy every created repository gets (empty: none). */
  public readonly repositoryPolicy = new iam.PolicyDocument();

  /** True when the template tags the repositories it creates. */
  public readonly tagsRepositories: boolean;

  private readonly accountGrants = new AccountGrants({
    owner: 'RepositoryCreationTemplate',
    scope: this,
    namesRepositories: false,
    add: (statement) => this.addToRepositoryPolicy(statement),
  });

  constructor(scope: Construct, id: string, props: RepositoryCreationTemplateProps) {
    super(scope, id);
    markAs(this, 'RepositoryCreationTemplate');
    checkProps(this, props);

    this.registry = props.registry;
    this.prefix = props.prefix;
    this.appliedFor = [...props.appliedFor];
    this.repositoryArns = repositoryArnPattern(this.registry, templateNamePattern(this.prefix));
    const tags = Object.entries(props.resourceTags ?? {});
    this.tagsRepositories = tags.length > 0;
    const needsRole = props.encryptionKey !== undefined || this.tagsRepositories;
    this.role = props.role ?? (needsRole ? this.createRole(props.encryptionKey) : undefined);

    const mutableTags = props.mutableTags ?? [];
    const lifecycleRules = lifecycleRulesOf(props);
    warnForUserRules(this, props);
    new ecr.CfnRepositoryCreationTemplate(this, 'Resource', {
      prefix: this.prefix,
      appliedFor: this.appliedFor,
      description: props.description,
      imageTagMutability: mutableTags.length > 0 ? ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION : ecr.TagMutability.IMMUTABLE,
      imageTagMutabilityExclusionFilters: mutableTags.length > 0 ? mutableTagFilters(mutableTags) : undefined,
      lifecyclePolicy: renderLifecyclePolicy(this, lifecycleRules),
      repositoryPolicy: Lazy.string({
        produce: () => (this.repositoryPolicy.isEmpty ? undefined : Stack.of(this).toJsonString(this.repositoryPolicy)),
      }),
      // templates need the key's full ARN, which keyArn is (a repository also takes an alias or id)
      encryptionConfiguration: dsseEncryptionConfiguration(props.encryption, props.encryptionKey) ?? (props.encryptionKey !== undefined
        ? { encryptionType: 'KMS', kmsKey: props.encryptionKey.keyArn }
        : { encryptionType: encryptionTypeOf(props.encryption, undefined) }),
      resourceTags: tags.length > 0 ? tags.map(([key, value]) => ({ key, value })) : undefined,
      customRoleArn: this.role?.roleArn,
    });
    joinRegistry(this.registry, this);
  }

  /** True when ECR applies the template in this scenario. */
  public appliesFor(scenario: CreationTemplateScenario): boolean {
    return this.appliedFor.includes(scenario);
  }

  /**
   * Lets principals of another account pull from every repository the template creates (repository
   * policy), and returns the identity policy they must attach.
   */
  public allowAccountPull(accountId: string): iam.PolicyDocument {
    return this.accountGrants.allowAccount(accountId, { method: 'allowAccountPull', purpose: 'Pull', actions: EcrActions.PULL, repositories: () => this.created });
  }

  /**
   * Lets principals of another account push to every repository the template creates (repository
   * policy), and returns the identity policy they must attach.
   */
  public allowAccountPush(accountId: string): iam.PolicyDocument {
    return this.accountGrants.allowAccount(accountId, { method: 'allowAccountPush', purpose: 'Push', actions: EcrActions.PUSH, repositories: () => this.created });
  }

  /**
   * Lets every principal of an AWS Organization pull from the repositories the template creates:
   * `Principal: "*"` limited by `aws:PrincipalOrgID`. Returns the identity policy they must attach.
   */
  public allowOrganizationPull(organizationId: string): iam.PolicyDocument {
    return this.accountGrants.allowOrganization(organizationId, {
      method: 'allowOrganizationPull', purpose: 'Pull', actions: EcrActions.PULL, repositories: () => this.created,
    });
  }

  /** Adds a statement to the repository policy of the created repositories (it names principals, no resource). */
  public addToRepositoryPolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    const problems = new InputProblems(`RepositoryCreationTemplate.addToRepositoryPolicy() at '${this.node.path}'`);
    if (statement.resources.length > 0) {
      problems.add('statement', statement.resources, 'names resources, which a repository policy does not (it applies to its repository)',
        'remove the resources from the statement');
    }
    problems.throwIfAny();
    this.repositoryPolicy.addStatements(statement);
    return { statementAdded: true };
  }

  /** What an account or organization grant covers: every repository the template creates. */
  private get created(): TrustedRepositories {
    return { arn: this.repositoryArns };
  }

  /** The role ECR assumes for a KMS key or resource tags, limited to the template's repositories. */
  private createRole(key: kms.IKey | undefined): iam.Role {
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com'),
      description: `ECR creates repositories under '${this.prefix}' with this role (repository creation template)`,
    });
    const actions = EcrActions.CREATION_TEMPLATE_ROLE.filter((action) =>
      (action !== 'ecr:ReplicateImage' || this.appliesFor(CreationTemplateScenario.REPLICATION))
      && (!EcrActions.TAG.includes(action) || this.tagsRepositories));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [this.repositoryArns] }));
    acknowledgeWildcardResource(role, this.repositoryArns, `repository creation template '${this.prefix}': ECR creates repositories whose names are chosen at push, pull or replication time, all under this prefix`);
    key?.grant(role, ...KMS_ACTIONS);
    return role;
  }
}

function checkProps(scope: Construct, options: RepositoryCreationTemplateProps): void {
  const problems = new InputProblems(`RepositoryCreationTemplate props at '${scope.node.path}'`);
  const registry = checkRegistry(problems, scope, options?.registry, 'addCreationTemplate');
  checkNamespace(problems, 'prefix', options?.prefix, { textPattern: false, length: { min: 1, max: 256 }, root: 'allowed' });
  const appliedFor = options?.appliedFor;
  if (appliedFor === undefined || (!isToken(appliedFor) && appliedFor.length === 0)) {
    problems.add('appliedFor', appliedFor, 'must say when ECR applies the template',
      'list CreationTemplateScenario.PULL_THROUGH_CACHE, REPLICATION and/or CREATE_ON_PUSH');
  } else if (!isToken(appliedFor)) {
    const known = Object.values(CreationTemplateScenario) as string[];
    appliedFor.forEach((scenario, i) => {
      if (!isToken(scenario) && !known.includes(scenario)) {
        problems.add(`appliedFor[${i}]`, scenario, `is not a creation template scenario (${known.join(', ')})`, 'use a CreationTemplateScenario value');
      }
    });
    if (new Set(appliedFor).size !== appliedFor.length) problems.add('appliedFor', appliedFor, 'lists a scenario twice', 'list each scenario once');
  }
  checkMutableTags(problems, options?.mutableTags);
  checkLifecycle(problems, options ?? {});
  checkEncryption(problems, scope, options?.encryption, options?.encryptionKey);
  const description = options?.description;
  if (description !== undefined && !isToken(description) && description.length > 256) {
    problems.add('description', `${description.slice(0, 40)}…`, `is ${description.length} characters long; ECR allows 256`, 'shorten it');
  }
  const tags = Object.entries(options?.resourceTags ?? {});
  if (tags.length > MAX_RESOURCE_TAGS) {
    problems.add('resourceTags', `${tags.length} tags`, `has more than ${MAX_RESOURCE_TAGS} tags (ECR's limit)`, 'keep the tags that matter');
  }
  for (const [key, value] of tags) {
    if (isToken(key)) continue;
    if (key.length < 1 || key.length > 128 || /^aws:/i.test(key)) {
      problems.add(`resourceTags['${key}']`, key, 'is not a tag key you can set (1–128 characters, not starting with \'aws:\')', 'use a key such as \'team\'');
    }
    if (!isToken(value) && value.length > 256) {
      problems.add(`resourceTags['${key}']`, `${value.slice(0, 40)}…`, `is ${value.length} characters long; tag values hold at most 256`, 'shorten the value');
    }
  }
  if (registry) claimNamespace(registry, problems, 'prefix', options?.prefix, 'creation template');
  problems.throwIfAny();
}
