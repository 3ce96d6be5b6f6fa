import { Lazy, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { checkBlobMounting, setBlobMounting } from './blob-mounting';
import { CreationTemplateScenario, RepositoryCreationTemplate, RepositoryCreationTemplateOptions } from './creation-template';
import { checkDualStackRegion, dualStackRegistryHost } from './dual-stack';
import { PullThroughCacheRule, PullThroughCacheRuleOptions } from './pull-through-cache-rule';
import { PullTimeUpdateExclusions } from './pull-time-exclusions';
import { IEcrRegistry, repositoryArnPattern } from './registry-interface';
import { registryAccountGrants, RegistryPolicy } from './registry-policy';
import { EcrRegistryProps, RegistryAccessOptions, ReplicationSourceOptions } from './registry-props';
import { checkReplicationRules, renderReplicationRules, ReplicationRule, replicationStatement, sameValue } from './replication';
import { isRegistryScanning } from './scanning';
import { checkSigningRules, renderSigningRules, SigningRule } from './signing';
import { grantSigningToPushers } from './signing-grants';
import { EcrActions } from '../actions/action-sets';
import { AccountGrants, TrustedRepositories } from '../policy/account-grants';
import { renderPolicyJson } from '../policy/render';
import { beforeSynth } from '../private/before-synth';
import { checkAccountId } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';
import { checkNamespace } from '../private/namespace';
import { isMarked, markAs } from '../private/type-marker';
import { outsidePushers, recordNamespacePushGrant } from '../repository/push-grants';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

/**
 * The ECR private registry of one account and region, and everything configured at its level:
 * image scanning, replication, pull-through cache rules, repository creation templates and the
 * registry policy. One per account and region: a second one for the same registry is refused.
 *
 * Cross-account replication needs the destination's registry policy to allow the source
 * (`ecr:ReplicateImage`, `ecr:CreateRepository`): when the destination's `EcrRegistry` is in this app
 * the statement is written there, otherwise synth warns with the exact policy to add.
 *
 * The registry policy grants (`allowAccountPull`, `allowOrganizationPull`, …) cover many repositories
 * at once, the scalable alternative to a policy on each repository. They need the registry policy
 * scope V2, the default for new registries.
 *
 * @example
 * import { EcrRegistry, RegistryScanning } from 'cdk-ecr-access';
 *
 * const registry = new EcrRegistry(this, 'Registry', {
 *   scanning: RegistryScanning.basic(),
 *   replicationRules: [{ destinations: [{ region: 'eu-west-1' }], repositoryPrefixes: ['prod/'] }],
 * });
 * registry.allowOrganizationPull('o-a1b2c3d4e5', { namespace: 'base/' });
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html
 */
export class EcrRegistry extends Construct implements IEcrRegistry {
  /**
   * True when `x` is a `EcrRegistry`, also one made by another copy of this library in the app
   * (where `instanceof` is false).
   */
  public static isEcrRegistry(x: any): x is EcrRegistry {
    return isMarked(x, 'EcrRegistry');
  }

  /**
   * The registry of this app for an account and region, when one is defined (both must be known at synth).
   */
  public static find(scope: IConstruct, account: string, region: string): EcrRegistry | undefined {
    if (isToken(account) || isToken(region)) return undefined;
    return registriesOf(scope).find((r) => r.registryId === account && r.region === region);
  }

  /** The registry id: the account id (a deploy-time value in an environment-agnostic stack). */
  public readonly registryId: string;

  /** The registry's region. */
  public readonly region: string;

  private readonly policy: RegistryPolicy;
  private readonly accountGrants: AccountGrants;
  private readonly replicationRules: ReplicationRule[] = [];
  private replication?: ecr.CfnReplicationConfiguration;
  private readonly signingRules: SigningRule[] = [];
  private signing?: ecr.CfnSigningConfiguration;
  private readonly exclusions = new PullTimeUpdateExclusions(this);

  constructor(scope: Construct, id: string, props: EcrRegistryProps = {}) {
    super(scope, id);
    markAs(this, 'EcrRegistry');
    addRegistry(this);
    const stack = Stack.of(this);
    this.registryId = stack.account;
    this.region = stack.region;
    this.policy = new RegistryPolicy(this);
    this.accountGrants = registryAccountGrants(this, 'EcrRegistry', this);

    const problems = new InputProblems(`EcrRegistry props at '${this.node.path}'`);
    const other = registriesOf(this).find((r) => r !== this && (Stack.of(r) === stack
      || (!isToken(this.registryId) && !isToken(this.region) && r.registryId === this.registryId && r.region === this.region)));
    if (other) {
      problems.add('(construct)', this.node.path, `is a second EcrRegistry for the registry of ${this.describe()}, which '${other.node.path}' already manages ` +
        '(a registry has one policy, one replication configuration and one scanning configuration)', `use '${other.node.path}' instead`);
    }
    if (props.scanning !== undefined) {
      if (isRegistryScanning(props.scanning)) props.scanning._check(problems, 'scanning');
      else problems.add('scanning', props.scanning, 'is not a scanning configuration', 'use RegistryScanning.basic(...) or RegistryScanning.enhanced(...)');
    }
    checkReplicationRules(problems, 'replicationRules', props.replicationRules ?? [], stack);
    checkSigningRules(problems, 'signingRules', props.signingRules ?? [], this.region);
    this.exclusions.check(problems, 'pullTimeUpdateExclusions', props.pullTimeUpdateExclusions ?? []);
    checkBlobMounting(problems, 'blobMounting', props.blobMounting);
    problems.throwIfAny();

    if (props.scanning !== undefined) new ecr.CfnRegistryScanningConfiguration(this, 'Scanning', props.scanning._render());
    (props.replicationRules ?? []).forEach((rule) => this.addRule(rule));
    (props.signingRules ?? []).forEach((rule) => this.addSigning(rule));
    this.exclusions.create(props.pullTimeUpdateExclusions ?? []);
    if (props.blobMounting !== undefined) setBlobMounting(this, props.blobMounting);
    beforeSynth(this, () => {
      this.connect();
      grantSigningToPushers({ scope: this, account: this.registryId, region: this.region }, this.signingRules);
    });
  }

  /** The registry's host, `<account>.dkr.ecr.<region>.<URL suffix>` (IPv4 only), to log in to and name images on. */
  public get registryUri(): string {
    return `${this.registryId}.dkr.ecr.${this.region}.${Stack.of(this).urlSuffix}`;
  }

  /**
   * The registry's dual-stack (IPv4 and IPv6) host, `<account>.dkr-ecr.<region>.on.aws`, for
   * clients on IPv6 networks. An error in the China Regions, where AWS documents no dual-stack ECR
   * endpoint.
   *
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html
   */
  public get registryUriDualStack(): string {
    const problems = new InputProblems(`EcrRegistry.registryUriDualStack at '${this.node.path}'`);
    checkDualStackRegion(problems, 'region', this.region, 'use registryUri, the IPv4 host');
    problems.throwIfAny();
    return dualStackRegistryHost(this.registryId, this.region);
  }

  /** The registry policy (scope V2) this construct writes; statements are added by the `allow…` methods. */
  public get registryPolicy(): iam.PolicyDocument {
    return this.policy.document;
  }

  /**
   * Adds a replication rule. For a destination in another account, that account's registry policy
   * must allow this one; see {@link EcrRegistry}.
   */
  public addReplicationRule(rule: ReplicationRule): void {
    const problems = new InputProblems(`EcrRegistry.addReplicationRule() at '${this.node.path}'`);
    checkReplicationRules(problems, 'rule', [rule], Stack.of(this));
    if (this.replicationRules.length + 1 > 10) {
      problems.add('rule', `rule ${this.replicationRules.length + 1}`, 'is one rule more than ECR allows (10)', 'merge rules that share destinations');
    }
    problems.throwIfAny();
    this.addRule(rule);
  }

  /**
   * Adds a managed signing rule (see `signingRules`): images pushed to the repositories it matches
   * are signed with its profile, and this app's push grants to them get `signer:SignPayload` on it.
   */
  public addSigningRule(rule: SigningRule): void {
    const problems = new InputProblems(`EcrRegistry.addSigningRule() at '${this.node.path}'`);
    checkSigningRules(problems, 'rule', [rule], this.region, this.signingRules.length);
    problems.throwIfAny();
    this.addSigning(rule);
  }

  /**
   * Excludes a role's pulls from updating images' last recorded pull time (see
   * `pullTimeUpdateExclusions`).
   */
  public addPullTimeUpdateExclusion(role: iam.IRole): void {
    this.exclusions.add(new InputProblems(`EcrRegistry.addPullTimeUpdateExclusion() at '${this.node.path}'`), 'role', [role]);
  }

  /** Adds a pull-through cache rule (a construct under the registry). */
  public addPullThroughCacheRule(id: string, options: PullThroughCacheRuleOptions): PullThroughCacheRule {
    return new PullThroughCacheRule(this, id, { ...options, registry: this });
  }

  /** Adds a repository creation template (a construct under the registry). */
  public addCreationTemplate(id: string, options: RepositoryCreationTemplateOptions): RepositoryCreationTemplate {
    return new RepositoryCreationTemplate(this, id, { ...options, registry: this });
  }

  /**
   * The creation template ECR applies in this scenario to a repository under the namespace: the one
   * with the longest matching prefix, else the `ROOT` template, else none.
   */
  public creationTemplateFor(namespace: string, scenario: CreationTemplateScenario): RepositoryCreationTemplate | undefined {
    return RepositoryCreationTemplate.appliedTo(this, namespace, scenario);
  }

  /**
   * Adds a statement to the registry policy as it is (an identical statement is written once). A
   * registry-policy statement names its principals and the repositories it covers.
   */
  public addToRegistryPolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return this.policy.add(statement);
  }

  /**
   * Lets principals of another account pull from the registry's repositories (or those under a
   * namespace) through the registry policy: the pull actions for the account. Returns the identity
   * policy those principals must attach (login on `*`, the pull actions on the repositories).
   */
  public allowAccountPull(accountId: string, options: RegistryAccessOptions = {}): iam.PolicyDocument {
    return this.accountGrants.allowAccount(accountId, {
      method: 'allowAccountPull', purpose: 'Pull', actions: EcrActions.PULL, repositories: (problems) => this.repositoriesOf(problems, options.namespace),
    });
  }

  /**
   * Lets principals of another account push to the registry's repositories (or those under a
   * namespace) through the registry policy. Returns the identity policy they must attach; when a
   * managed signing rule of this registry can match those repositories, it also holds
   * `signer:SignPayload` on the rule's profile (added when synthesis starts), and the profile owner's
   * permission for the account is written or named in a warning.
   */
  public allowAccountPush(accountId: string, options: RegistryAccessOptions = {}): iam.PolicyDocument {
    let names = '*';
    const repositories = (problems: InputProblems) => {
      const covered = this.repositoriesOf(problems, options.namespace);
      names = covered.names;
      return covered;
    };
    const document = this.accountGrants.allowAccount(accountId, { method: 'allowAccountPush', purpose: 'Push', actions: EcrActions.PUSH, repositories });
    // managed signing adds signer:SignPayload to the returned policy when a rule can match
    recordNamespacePushGrant(this, outsidePushers(accountId, document), names, this.registryId, this.region);
    return document;
  }

  /**
   * Lets every principal of an AWS Organization pull from the registry's repositories (or those under
   * a namespace): `Principal: "*"` limited by `aws:PrincipalOrgID` in the registry policy. Returns
   * the identity policy they must attach.
   */
  public allowOrganizationPull(organizationId: string, options: RegistryAccessOptions = {}): iam.PolicyDocument {
    return this.accountGrants.allowOrganization(organizationId, {
      method: 'allowOrganizationPull', purpose: 'Pull', actions: EcrActions.PULL, repositories: (problems) => this.repositoriesOf(problems, options.namespace),
    });
  }

  /**
   * Lets another account replicate into this registry: `ecr:ReplicateImage` and `ecr:CreateRepository`
   * for the account in the registry policy, on the repositories its rule replicates. Sources in this
   * app get it automatically; call it for a source outside the app. The source needs nothing more:
   * ECR replicates with its service-linked role there.
   */
  public allowReplicationFrom(sourceAccountId: string, options: ReplicationSourceOptions = {}): iam.AddToResourcePolicyResult {
    const problems = new InputProblems(`EcrRegistry.allowReplicationFrom() at '${this.node.path}'`);
    checkAccountId(problems, 'sourceAccountId', sourceAccountId);
    (options.repositoryPrefixes ?? []).forEach((prefix, i) => {
      if (!isToken(prefix) && !/^[a-z0-9][a-z0-9._/-]*$/.test(prefix)) {
        problems.add(`repositoryPrefixes[${i}]`, prefix, 'is not a repository name prefix', 'pass the source rule\'s repositoryPrefixes as they are');
      }
    });
    problems.throwIfAny();
    return this.policy.add(replicationStatement(this, sourceAccountId, this.registryId, this.region, options.repositoryPrefixes));
  }

  /** The repositories a grant covers, and what its Sid says of them (nothing for the whole registry). */
  private repositoriesOf(problems: InputProblems, namespace: string | undefined): TrustedRepositories & { names: string } {
    if (namespace === undefined) return { arn: repositoryArnPattern(this, '*'), names: '*' };
    const covered = checkNamespace(problems, 'namespace', namespace, {
      textPattern: true,
      length: { min: 1, max: 256 },
      root: { problem: 'is not a namespace', fix: 'omit namespace to cover every repository of the registry' },
    });
    const resourceName = covered?.resourceName ?? '*';
    // a text pattern's Sid says so, so that 'team-a-*' and the namespace 'team-a' get different Sids
    return { arn: repositoryArnPattern(this, resourceName), sidPart: resourceName.replace(/\/\*$/, '').replace(/\*$/, 'Prefix'), names: resourceName };
  }

  private addRule(rule: ReplicationRule): void {
    this.replicationRules.push(rule);
    const stack = Stack.of(this);
    this.replication ??= new ecr.CfnReplicationConfiguration(this, 'Replication', {
      replicationConfiguration: { rules: Lazy.any({ produce: () => renderReplicationRules(this.replicationRules, stack) }) },
    });
  }

  private addSigning(rule: SigningRule): void {
    this.signingRules.push(rule);
    this.signing ??= new ecr.CfnSigningConfiguration(this, 'Signing', {
      rules: Lazy.any({ produce: () => renderSigningRules(this.signingRules) }),
    });
  }

  /** Connects replication sources and destinations, which may be defined in any order. */
  private connect(): void {
    for (const rule of this.replicationRules) {
      for (const destination of rule.destinations) {
        const account = destination.account ?? this.registryId;
        if (sameValue(account, this.registryId)) continue;
        const target = EcrRegistry.find(this, account, destination.region);
        if (target && !isToken(this.registryId)) {
          target.allowReplicationFrom(this.registryId, { repositoryPrefixes: rule.repositoryPrefixes });
          continue;
        }
        const statement = replicationStatement(this, this.registryId, account, destination.region, rule.repositoryPrefixes);
        warn(this, EcrWarnings.REPLICATION_REGISTRY_POLICY_REQUIRED,
          `Replication to account ${account} in ${destination.region} needs that registry's policy to allow this account, or ECR cannot ` +
          'replicate (failed ReplicateImage calls in CloudTrail). No EcrRegistry of that account and region is in this app: add this statement ' +
          'to the registry policy there (EcrRegistry.allowReplicationFrom writes it):\n' +
          renderPolicyJson(this, new iam.PolicyDocument({ statements: [statement] })));
      }
    }
  }

  private describe(): string {
    const show = (v: string) => (isToken(v) ? '(deploy-time)' : v);
    return `account ${show(this.registryId)} in ${show(this.region)}`;
  }
}

// The registries of each app, as they are created: looked up per grant and per CI principal, where
// walking the whole construct tree each time would cost time linear in the app's size.
const registriesByApp = new WeakMap<IConstruct, EcrRegistry[]>();

function registriesOf(scope: IConstruct): readonly EcrRegistry[] {
  return registriesByApp.get(scope.node.root) ?? [];
}

function addRegistry(registry: EcrRegistry): void {
  const root = registry.node.root;
  const registries = registriesByApp.get(root) ?? [];
  registriesByApp.set(root, registries);
  registries.push(registry);
}
