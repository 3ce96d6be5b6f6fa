import { ArnFormat, Duration, Stack, Token, TokenComparison, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { CiOutputs } from './ci-outputs';
import { CiProvider, isCiProvider } from './ci-provider';
import { PackedRole } from './packed-role';
import { EcrActions } from '../actions/action-sets';
import { knownPartition, renderPolicyJson } from '../policy/render';
import { registryPolicyStatement } from '../policy/statements';
import { beforeSynth } from '../private/before-synth';
import { checkAccountId } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';
import { checkNamespace, namespaceOf, RepositoryNamespace } from '../private/namespace';
import { isMarked, markAs } from '../private/type-marker';
import { CreationTemplateScenario } from '../registry/creation-template';
import { EcrRegistry } from '../registry/ecr-registry';
import { checkRegion } from '../registry/registry-input';
import { AccountRelation, accountRelation, grantLogin, principalForOwner } from '../repository/access';
import { grantOnRepository } from '../repository/grant-on-repository';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';


/**
 * Properties for an {@link EcrCiPrincipal}.
 */
export interface EcrCiPrincipalProps {
  /** Who assumes the role: `CiProvider.gitHubActions(...)`, `gitLab(...)`, `codeBuild()`, `account(...)` or `oidc(...)`. */
  readonly provider: CiProvider;

  /**
   * Repositories the CI pushes images to (AWS's documented push set on each, and login).
   *
   * @default - none; add them with `allowPush`
   */
  readonly push?: ecr.IRepository[];

  /**
   * Repositories the CI pulls from, such as base images (the pull set on each, and login).
   *
   * @default - none; add them with `allowPull`
   */
  readonly pull?: ecr.IRepository[];

  /**
   * A name for the role. Set one when a repository policy outside this app must name the role:
   * its ARN is then known before deployment.
   *
   * @default - a name CloudFormation generates
   */
  readonly roleName?: string;

  /**
   * How long the CI's credentials last, from one to twelve hours. (A role assumed by another role
   * is limited to one hour by STS, whatever this says.)
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;

  /**
   * A permissions boundary for the role.
   *
   * @default - none
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;

  /**
   * Adds two stack outputs for the pipeline: `<Id>RoleArn`, the role to assume, and
   * `<Id>RegistryUris`, the registries to log in to (comma-separated), where `<Id>` is the
   * principal's path in its stack (`GitHubActionsRoleArn`). Off by default: CloudFormation allows 200
   * outputs per stack. To give a pipeline the role without them:
   * `new CfnOutput(this, 'CiRoleArn', { value: ci.roleArn })`.
   *
   * @default false
   */
  readonly outputs?: boolean;

  /**
   * Namespaces the CI may use as a whole (`team-a/`, which covers the repositories named
   * `team-a/…`; `team-a` is read the same): a push or pull grant on a repository under one of them is
   * written as the same grant on `repository/team-a/*`, one statement however many repositories it
   * covers. A text pattern written with its `*` (`team-a-*`) folds the names that start with that
   * text.
   *
   * An explicit opt-in to broader access: the role can then push (or pull) every repository under
   * the namespace, including repositories created later, with every action it was granted on any of
   * them. Use it for namespaces the CI owns; a repository whose name is known only at deployment
   * keeps its own grant.
   *
   * @default - no folding: each repository is granted by its own ARN
   */
  readonly foldIntoNamespaces?: string[];
}

/**
 * Where the repositories of a namespace grant are.
 */
export interface NamespaceOptions {
  /**
   * The account of the repositories. For another account than the role's, the requests are
   * cross-account: each repository's policy (or the registry policy of that account) must allow
   * the role as well, and synth warns with the statement to add.
   *
   * @default - the account of the stack that holds the principal
   */
  readonly account?: string;

  /**
   * The region of the repositories.
   *
   * @default - the region of the stack that holds the principal
   */
  readonly region?: string;
}

/**
 * Options for {@link EcrCiPrincipal.allowCreateRepositories}.
 */
export interface CreateRepositoriesOptions {
  /**
   * Also let the CI push to every repository under the namespace (those it creates and those that
   * exist), with AWS's documented push set.
   *
   * @default false
   */
  readonly push?: boolean;
}

/**
 * An IAM role for a CI pipeline that logs in to ECR, pushes to the repositories it builds, pulls
 * the images it builds from, optionally creates repositories under a namespace, and nothing else.
 *
 * The role's trust policy comes from the {@link CiProvider} (GitHub Actions, GitLab, CodeBuild, a CI
 * account or any OIDC issuer), so no long-lived keys are involved. Its identity policy gets
 * `ecr:GetAuthorizationToken` on `*` (login works only there) and the push or pull actions on each
 * repository's ARN. For a repository in another account, the repository policy is written too when
 * the repository is defined in this app; otherwise synth warns with the exact statement its owner
 * must add.
 *
 * The pipeline assumes the role by its ARN (`roleArn`): export it with a `CfnOutput`, or set
 * `outputs: true` for the role and registry outputs.
 *
 * Built for hundreds to thousands of repositories: the role's statements are packed (each
 * repository once, one statement per set of actions) and spread over its inline policy and managed
 * policies within IAM's size quotas, and synth fails with the fix when they cannot fit. Grant whole
 * namespaces (`allowPushToNamespace`, `allowPullFromNamespace`, or `foldIntoNamespaces`) to keep one
 * short policy however many repositories there are.
 *
 * @example
 * import { CiProvider, EcrCiPrincipal, PushableRepository } from 'cdk-ecr-access';
 *
 * declare const baseImages: ecr.IRepository;
 * const api = new PushableRepository(this, 'Api', { repositoryName: 'team-a/api' });
 * const ci = new EcrCiPrincipal(this, 'Ci', {
 *   provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] }),
 *   push: [api],
 *   pull: [baseImages],
 * });
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 */
export class EcrCiPrincipal extends Construct implements iam.IGrantable {
  /**
   * True when `x` is a `EcrCiPrincipal`, also one made by another copy of this library in the app
   * (where `instanceof` is false).
   */
  public static isEcrCiPrincipal(x: any): x is EcrCiPrincipal {
    return isMarked(x, 'EcrCiPrincipal');
  }

  /** The role the CI assumes. */
  public readonly role: iam.Role;

  /** The ARN of the role the CI assumes (`role-to-assume` in GitHub Actions). */
  public readonly roleArn: string;

  /** The principal grants are written for: the role. */
  public readonly grantPrincipal: iam.IPrincipal;

  private readonly provider: CiProvider;
  private readonly packedRole: PackedRole;
  private readonly folds: readonly RepositoryNamespace[];
  private readonly outputs: CiOutputs;
  private readonly acknowledged = new Set<string>();
  private readonly foldedNamespaces = new Map<string, string>();
  private readonly namespaceGrants = new Map<string, iam.Grant>();
  private warnedPullRequests = false;
  private readonly createOnPushNamespaces = new Set<string>();

  constructor(scope: Construct, id: string, props: EcrCiPrincipalProps) {
    super(scope, id);
    markAs(this, 'EcrCiPrincipal');
    this.folds = checkProps(this, props);
    this.provider = props.provider;

    const { principals } = props.provider._bind(this);
    // identity statements are packed (each repository once, one statement per action set) and
    // spread over inline and managed policies within IAM's quotas
    this.packedRole = new PackedRole(this, 'Role', {
      assumedBy: principals[0],
      roleName: props.roleName,
      maxSessionDuration: props.maxSessionDuration,
      permissionsBoundary: props.permissionsBoundary,
      description: roleDescription(props.provider.description),
    });
    this.role = this.packedRole;
    // a key may not appear under two operators in one statement (they are ANDed): one statement per block
    for (const principal of principals.slice(1)) {
      this.role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({ actions: [principal.assumeRoleAction], principals: [principal] }));
    }
    this.roleArn = this.role.roleArn;
    this.grantPrincipal = this.role;

    this.outputs = new CiOutputs(this, this.roleArn, props.outputs === true);

    for (const repository of props.push ?? []) this.allowPush(repository);
    for (const repository of props.pull ?? []) this.allowPull(repository);
  }

  /**
   * Lets the CI push images to the repository: AWS's documented push set
   * (`ecr:BatchCheckLayerAvailability`, `ecr:BatchGetImage`, `ecr:CompleteLayerUpload`,
   * `ecr:InitiateLayerUpload`, `ecr:PutImage`, `ecr:UploadLayerPart`) on it, and login on `*`.
   */
  public allowPush(repository: ecr.IRepository): iam.Grant {
    this.warnIfPullRequestsCanWrite('push images');
    this.outputs.addRegistry(repository.env.account, repository.env.region);
    return this.grantOnRepository(repository, EcrActions.PUSH);
  }

  /**
   * Lets the CI pull images from the repository (`ecr:BatchCheckLayerAvailability`,
   * `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer` on it, and login on `*`), such as its base images.
   */
  public allowPull(repository: ecr.IRepository): iam.Grant {
    this.outputs.addRegistry(repository.env.account, repository.env.region);
    return this.grantOnRepository(repository, EcrActions.PULL);
  }

  /**
   * Lets the CI push images to every repository of a namespace (AWS's documented push set on
   * `repository/team-a/*`, and login on `*`): one statement however many repositories the namespace
   * holds, including those created later.
   *
   * @param namespace the namespace, `team-a/` (or `team-a`: the same); a text pattern written with
   * its `*` (`team-a-*`) covers the names that start with that text
   */
  public allowPushToNamespace(namespace: string, options: NamespaceOptions = {}): iam.Grant {
    const covered = this.checkNamespace('allowPushToNamespace', namespace, options);
    this.warnIfPullRequestsCanWrite('push images');
    return this.grantOnNamespace('allowPushToNamespace', namespace, covered, options, EcrActions.PUSH);
  }

  /**
   * Lets the CI pull images from every repository of a namespace (the pull set on
   * `repository/base/*`, and login on `*`).
   *
   * @param namespace the namespace, `base/` (or `base`: the same); a text pattern written with its
   * `*` (`base-*`) covers the names that start with that text
   */
  public allowPullFromNamespace(namespace: string, options: NamespaceOptions = {}): iam.Grant {
    const covered = this.checkNamespace('allowPullFromNamespace', namespace, options);
    return this.grantOnNamespace('allowPullFromNamespace', namespace, covered, options, EcrActions.PULL);
  }

  /**
   * Lets the CI create repositories in a namespace, in the role's account and region:
   * `ecr:CreateRepository` and `ecr:DescribeRepositories` on `repository/team-a/*`, and login on `*`.
   *
   * @param namespace the namespace of every name the CI may create, `team-a/` (or `team-a`: the
   * same); a text pattern written with its `*` (`sandbox-*`) covers the names that start with that text
   */
  public allowCreateRepositories(namespace: string, options: CreateRepositoriesOptions = {}): iam.Grant {
    const covered = this.checkNamespace('allowCreateRepositories', namespace);
    this.warnIfPullRequestsCanWrite('create repositories');

    const actions = options.push === true ? [...EcrActions.CREATE, ...EcrActions.PUSH] : [...EcrActions.CREATE];
    return this.grantUnder(covered.resourceName, actions,
      `allowCreateRepositories('${namespace}'): the CI creates repositories whose names it chooses at run time, all under this namespace.`);
  }

  /**
   * Lets the CI push to repositories that do not exist yet under a namespace, which ECR creates on
   * the first push from the registry's creation template with `CREATE_ON_PUSH` for that prefix: AWS's
   * push set and `ecr:CreateRepository` on `repository/<prefix>/*` in the role's account and region,
   * and login on `*`. Nothing broader: no describe, delete or policy actions, no other namespace.
   *
   * ECR applies a template to `<prefix>/...` (it adds the `/`), so the grant covers exactly the names
   * the template covers. Synth warns when no `EcrRegistry` of this app has such a template.
   *
   * @param prefix the namespace, as in the creation template, e.g. `team-a`
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html
   */
  public allowCreateOnPush(prefix: string): iam.Grant {
    const problems = new InputProblems(`EcrCiPrincipal.allowCreateOnPush() at '${this.node.path}'`);
    const covered = checkNamespace(problems, 'prefix', prefix, {
      textPattern: false,
      length: { min: 1, max: 256 },
      root: { problem: 'would let the CI create any repository of the registry', fix: 'pass the namespace it owns, e.g. \'team-a\'' },
    });
    problems.throwIfAny();

    this.warnIfPullRequestsCanWrite('create repositories');
    const namespace = namespaceOf(prefix);
    if (!this.createOnPushNamespaces.has(namespace)) {
      this.createOnPushNamespaces.add(namespace);
      beforeSynth(this, () => this.warnIfNoCreateOnPushTemplate());
    }
    return this.grantUnder(covered!.resourceName, [...EcrActions.PUSH, ...EcrActions.CREATE_ON_PUSH],
      `allowCreateOnPush('${prefix}'): ECR creates the repositories on the first push, with names the CI chooses at run time, all under this namespace.`);
  }

  /**
   * Login on `*` and the actions on the repositories matching `resourceName` in a registry (by
   * default the role's own).
   */
  private grantUnder(resourceName: string, actions: readonly string[], reason: string, account?: string, region?: string): iam.Grant {
    const stack = Stack.of(this);
    const repositories = this.repositoryPattern(resourceName, account ?? stack.account, region ?? stack.region, reason);
    this.outputs.addRegistry(account ?? stack.account, region ?? stack.region);
    const login = grantLogin(this.role);
    return login.combine(iam.Grant.addToPrincipal({ grantee: this.role, actions: [...new Set(actions)], resourceArns: [repositories] }));
  }

  /**
   * `arn:…:ecr:<region>:<account>:repository/<resourceName>`. The partition is written out when the
   * region is known, so the ARN is plain text that the acknowledgement can name (an id holding
   * '${AWS::Partition}' cannot be acknowledged).
   */
  private repositoryPattern(resourceName: string, account: string, region: string, reason: string): string {
    const stack = Stack.of(this);
    const partition = Token.isUnresolved(region) ? knownPartition(stack) : RegionInfo.get(region).partition ?? knownPartition(stack);
    const arn = stack.formatArn({
      partition, service: 'ecr', account, region, resource: 'repository', resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    if (!Token.isUnresolved(arn) && !this.acknowledged.has(arn)) {
      // cdk-nag's IAM5 flags every wildcard resource; this one is the narrowest scope ECR allows for
      // names chosen at run time, or a namespace the caller asked for
      this.acknowledged.add(arn);
      Validations.of(this).acknowledge({ id: `AwsSolutions-IAM5[Resource::${arn}]`, reason });
    }
    return arn;
  }

  private warnIfNoCreateOnPushTemplate(): void {
    const stack = Stack.of(this);
    const registry = EcrRegistry.find(this, stack.account, stack.region);
    const missing = [...this.createOnPushNamespaces]
      .filter((namespace) => registry?.creationTemplateFor(namespace, CreationTemplateScenario.CREATE_ON_PUSH) === undefined);
    if (missing.length === 0) return;
    const names = missing.map((n) => `'${n}'`).join(', ');
    const where = registry
      ? `the EcrRegistry '${registry.node.path}' has no repository creation template with CREATE_ON_PUSH for ${names}, so a push to a new name there fails ('repository does not exist')`
      : `no EcrRegistry of this app has a repository creation template with CREATE_ON_PUSH for ${names}; unless the registry has one (managed outside this app), a push to a new name fails ('repository does not exist')`;
    warn(this, EcrWarnings.CREATE_ON_PUSH_WITHOUT_TEMPLATE,
      `allowCreateOnPush(${names}): ${where}. Add it with registry.addCreationTemplate(id, { prefix: '${missing[0]}', ` +
      'appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] }).');
  }

  /** Validates a namespace (and where it is); returns the repositories it covers. */
  private checkNamespace(method: string, namespace: string, options: NamespaceOptions = {}): RepositoryNamespace {
    const problems = new InputProblems(`EcrCiPrincipal.${method}() at '${this.node.path}'`);
    const covered = checkNamespace(problems, 'namespace', namespace, { textPattern: true });
    checkAccountId(problems, 'options.account', options.account);
    checkRegion(problems, 'options.region', options.region);
    problems.throwIfAny();
    return covered!;
  }

  private grantOnNamespace(
    method: string, namespace: string, covered: RepositoryNamespace, options: NamespaceOptions, actions: readonly string[],
  ): iam.Grant {
    const stack = Stack.of(this);
    const account = options.account ?? stack.account;
    const region = options.region ?? stack.region;
    const reason = `${method}('${namespace}'): the CI may use every repository under this namespace, as asked.`;
    const grant = this.grantUnder(covered.resourceName, actions, reason, account, region);
    if (Token.compareStrings(account, stack.account) === TokenComparison.DIFFERENT) {
      const repositories = this.repositoryPattern(covered.resourceName, account, region, reason);
      const named = principalForOwner(this.role);
      const document = new iam.PolicyDocument({ statements: [registryPolicyStatement(actions, [named.principal], [repositories])] });
      warn(this, EcrWarnings.REPOSITORY_POLICY_REQUIRED,
        `The repositories under '${namespace}' are in account ${account}, and this role is in account ${stack.account}: a cross-account ` +
        'request needs the repository\'s side too, or ECR denies it (\'no resource-based policy allows\'). Each repository policy must ' +
        'allow the role (grants on PushableRepository write it), or, in that account, add this statement to the registry policy ' +
        '(with the V2 registry policy scope it covers every repository under the namespace; an EcrRegistry there can instead trust ' +
        `this whole account with allowAccountPush or allowAccountPull and a namespace)${named.advice ? `. ${named.advice}` : ''}:\n` +
        renderPolicyJson(this, document));
    }
    return grant;
  }

  /**
   * Grants the actions (and login) on the repository. With `foldIntoNamespaces`, a repository under
   * one of the namespaces is granted as the namespace: when it is in the role's account that is the
   * whole grant (written once, whatever the number of repositories), otherwise its repository policy
   * is written as usual and the identity side names the namespace.
   */
  private grantOnRepository(repository: ecr.IRepository, actions: readonly string[]): iam.Grant {
    const namespace = this.foldedNamespace(repository);
    if (namespace === undefined) return grantOnRepository(repository, this.role, [...EcrActions.LOGIN, ...actions]);
    this.packedRole.writeResourceAs(repository.repositoryArn, namespace);
    if (accountRelation(repository, this.role) !== AccountRelation.SAME) {
      return grantOnRepository(repository, this.role, [...EcrActions.LOGIN, ...actions]);
    }
    const key = `${namespace}|${actions.join(',')}`;
    let grant = this.namespaceGrants.get(key);
    if (!grant) {
      grant = grantLogin(this.role).combine(iam.Grant.addToPrincipal({ grantee: this.role, actions: [...actions], resourceArns: [namespace] }));
      this.namespaceGrants.set(key, grant);
    }
    return grant;
  }

  /** The namespace ARN a repository's grants are folded into, when `foldIntoNamespaces` lists its namespace. */
  private foldedNamespace(repository: ecr.IRepository): string | undefined {
    if (this.folds.length === 0) return undefined;
    const name = knownRepositoryName(repository);
    if (name === undefined) return undefined;
    const fold = this.folds.find((f) => name.startsWith(f.nameStart));
    if (fold === undefined) return undefined;
    const key = `${fold.resourceName}|${repository.env.account}|${repository.env.region}`;
    let namespace = this.foldedNamespaces.get(key);
    if (namespace === undefined) {
      namespace = this.repositoryPattern(fold.resourceName, repository.env.account, repository.env.region,
        `foldIntoNamespaces: ['${fold.resourceName}']: grants on repositories under this namespace are written for the whole namespace, as asked.`);
      this.foldedNamespaces.set(key, namespace);
    }
    return namespace;
  }

  private warnIfPullRequestsCanWrite(what: string): void {
    if (!this.provider._trustsPullRequests || this.warnedPullRequests) return;
    this.warnedPullRequests = true;
    warn(this, EcrWarnings.PULL_REQUESTS_CAN_PUSH,
      `${this.provider.description} includes pull-request runs, and this role may ${what}: the code of any pull request ` +
      '(from a fork too, when the repository sends it write tokens) could then publish an image that later runs as yours. ' +
      'Give pull requests a separate role that only pulls.');
  }
}

function checkProps(scope: Construct, props: EcrCiPrincipalProps): RepositoryNamespace[] {
  const problems = new InputProblems(`EcrCiPrincipal props at '${scope.node.path}'`);
  if (!isCiProvider(props?.provider)) {
    problems.add('provider', props?.provider, 'must say who assumes the role',
      'pass CiProvider.gitHubActions({ owner, repository, branches }), gitLab(...), codeBuild(), account(...) or oidc(...)');
  }
  const roleName = props?.roleName;
  if (roleName !== undefined && !isToken(roleName) && !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
    problems.add('roleName', roleName, 'is not an IAM role name (1–64 letters, digits and + = , . @ _ -)',
      `use a name such as '${roleName.replace(/[^\w+=,.@-]+/g, '-').slice(0, 64) || 'ci-ecr-push'}'`);
  }
  const duration = props?.maxSessionDuration;
  if (duration !== undefined && !duration.isUnresolved()) {
    const seconds = duration.toMilliseconds() / 1000;
    if (seconds < 3600 || seconds > 43200) {
      problems.add('maxSessionDuration', duration.toString(), 'is outside what IAM allows (one to twelve hours)',
        'use a value from Duration.hours(1) to Duration.hours(12)');
    }
  }
  const folds = (props?.foldIntoNamespaces ?? []).map((namespace, i) => checkNamespace(problems, `foldIntoNamespaces[${i}]`, namespace, { textPattern: true }));
  for (const property of ['push', 'pull'] as const) {
    const repositories = props?.[property];
    if (repositories === undefined) continue;
    repositories.forEach((repository, i) => {
      if (repository?.repositoryArn === undefined) {
        problems.add(`${property}[${i}]`, repository === undefined ? undefined : String(repository), 'is not an ECR repository',
          'pass an ecr.IRepository, e.g. a PushableRepository or ecr.Repository.fromRepositoryName(this, \'Base\', \'base/node\')');
      }
    });
  }
  problems.throwIfAny();
  return folds.map((fold) => fold!);
}

/** The repository's name when it is known at synth (owned with a name, or imported by name or ARN). */
function knownRepositoryName(repository: ecr.IRepository): string | undefined {
  const resource = repository instanceof ecr.Repository ? repository.node.defaultChild as ecr.CfnRepository : undefined;
  const name = resource ? resource.repositoryName : repository.repositoryName;
  return name === undefined || Token.isUnresolved(name) ? undefined : name;
}

/** IAM role descriptions: at most 1,000 characters of printable Latin-1. */
function roleDescription(provider: string): string {
  return `ECR push and pull for ${provider}`.replace(/[^\t\n\r\x20-\x7e\xa1-\xff]/g, '?').slice(0, 1000);
}
