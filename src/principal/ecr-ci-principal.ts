import { Annotations, ArnFormat, CfnOutput, Duration, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CiProvider } from './ci-provider';
import { EcrActions } from '../actions/action-sets';
import { knownPartition } from '../policy/render';
import { beforeSynth } from '../private/before-synth';
import { checkRepositoryPrefix } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';
import { CreationTemplateScenario } from '../registry/creation-template';
import { EcrRegistry } from '../registry/ecr-registry';
import { checkNamespacePrefix, namespaceOf } from '../registry/registry-input';
import { grantLogin } from '../repository/access';
import { grantOnRepository } from '../repository/grant-on-repository';

/** Warning id: a role that pull-request runs can assume may also push (or create repositories). */
export const PULL_REQUESTS_CAN_PUSH = 'cdk-ecr-access:pullRequestsCanPush';
/** Warning id: a repository-name prefix that does not end at a name boundary. */
export const REPOSITORY_PREFIX_UNBOUNDED = 'cdk-ecr-access:repositoryPrefixUnbounded';
/** Warning id: create-on-push granted for a namespace no creation template of the app covers. */
export const CREATE_ON_PUSH_WITHOUT_TEMPLATE = 'cdk-ecr-access:createOnPushWithoutTemplate';

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
}

/**
 * Options for {@link EcrCiPrincipal.allowCreateRepositories}.
 */
export interface CreateRepositoriesOptions {
  /**
   * Also let the CI push to every repository under the prefix (those it creates and those that
   * exist), with AWS's documented push set.
   *
   * @default false
   */
  readonly push?: boolean;
}

/**
 * An IAM role for a CI pipeline that logs in to ECR, pushes to the repositories it builds, pulls
 * the images it builds from, optionally creates repositories under a name prefix, and nothing else.
 *
 * The role's trust policy comes from the {@link CiProvider} (GitHub Actions, GitLab, CodeBuild, a CI
 * account or any OIDC issuer), so no long-lived keys are involved. Its identity policy gets
 * `ecr:GetAuthorizationToken` on `*` (login works only there) and the push or pull actions on each
 * repository's ARN. For a repository in another account, the repository policy is written too when
 * the repository is defined in this app; otherwise synth warns with the exact statement its owner
 * must add.
 *
 * The stack gets two outputs for the pipeline: `RoleArn` (the role to assume) and `RegistryUris`
 * (the registries to log in to, comma-separated).
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
  /** The role the CI assumes. */
  public readonly role: iam.Role;

  /** The ARN of the role the CI assumes (`role-to-assume` in GitHub Actions). */
  public readonly roleArn: string;

  /** The principal grants are written for: the role. */
  public readonly grantPrincipal: iam.IPrincipal;

  private readonly provider: CiProvider;
  private readonly registries = new Map<string, string>();
  private warnedPullRequests = false;
  private readonly createOnPushNamespaces = new Set<string>();

  constructor(scope: Construct, id: string, props: EcrCiPrincipalProps) {
    super(scope, id);
    checkProps(this, props);
    this.provider = props.provider;

    const { principals } = props.provider._bind(this);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: principals[0],
      roleName: props.roleName,
      maxSessionDuration: props.maxSessionDuration,
      permissionsBoundary: props.permissionsBoundary,
      description: roleDescription(props.provider.description),
    });
    // a key may not appear under two operators in one statement (they are ANDed): one statement per block
    for (const principal of principals.slice(1)) {
      this.role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({ actions: [principal.assumeRoleAction], principals: [principal] }));
    }
    this.roleArn = this.role.roleArn;
    this.grantPrincipal = this.role;

    for (const repository of props.push ?? []) this.allowPush(repository);
    for (const repository of props.pull ?? []) this.allowPull(repository);

    new CfnOutput(this, 'RoleArn', { value: this.roleArn, description: 'The role the CI assumes (role-to-assume)' });
    new CfnOutput(this, 'RegistryUris', {
      value: Lazy.string({ produce: () => this.registryUris().join(',') }),
      description: 'The ECR registries the CI logs in to, comma-separated',
    });
  }

  /**
   * Lets the CI push images to the repository: AWS's documented push set
   * (`ecr:BatchCheckLayerAvailability`, `ecr:BatchGetImage`, `ecr:CompleteLayerUpload`,
   * `ecr:InitiateLayerUpload`, `ecr:PutImage`, `ecr:UploadLayerPart`) on it, and login on `*`.
   */
  public allowPush(repository: ecr.IRepository): iam.Grant {
    this.warnIfPullRequestsCanWrite('push images');
    this.addRegistry(repository.env.account, repository.env.region);
    return grantOnRepository(repository, this.role, [...EcrActions.LOGIN, ...EcrActions.PUSH]);
  }

  /**
   * Lets the CI pull images from the repository (`ecr:BatchCheckLayerAvailability`,
   * `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer` on it, and login on `*`), such as its base images.
   */
  public allowPull(repository: ecr.IRepository): iam.Grant {
    this.addRegistry(repository.env.account, repository.env.region);
    return grantOnRepository(repository, this.role, [...EcrActions.LOGIN, ...EcrActions.PULL]);
  }

  /**
   * Lets the CI create repositories whose names start with `prefix`, in the role's account and
   * region: `ecr:CreateRepository` and `ecr:DescribeRepositories` on `repository/<prefix>*`, and
   * login on `*`. End the prefix at a name boundary (`team-a/`): `team-a` would also match `team-ab`.
   *
   * @param prefix the start of every name the CI may create, e.g. `team-a/`
   */
  public allowCreateRepositories(prefix: string, options: CreateRepositoriesOptions = {}): iam.Grant {
    const problems = new InputProblems(`EcrCiPrincipal.allowCreateRepositories() at '${this.node.path}'`);
    if (prefix === undefined || prefix === '') {
      problems.add('prefix', prefix, 'would let the CI create any repository of the account', 'pass the namespace it owns, e.g. \'team-a/\'');
    }
    checkRepositoryPrefix(problems, 'prefix', prefix);
    problems.throwIfAny();

    if (!isToken(prefix) && /[a-z0-9]$/.test(prefix)) {
      Annotations.of(this).addWarningV2(REPOSITORY_PREFIX_UNBOUNDED,
        `allowCreateRepositories('${prefix}') also matches names such as '${prefix}x/api' and '${prefix}2': IAM matches the prefix as text. ` +
        `End it at a name boundary ('${prefix}/' or '${prefix}-') unless those names are meant.`);
    }
    this.warnIfPullRequestsCanWrite('create repositories');

    const actions = options.push === true ? [...EcrActions.CREATE, ...EcrActions.PUSH] : [...EcrActions.CREATE];
    return this.grantUnder(`${prefix}*`, actions,
      `allowCreateRepositories('${prefix}'): the CI creates repositories whose names it chooses at run time, all under this prefix.`);
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
    checkNamespacePrefix(problems, 'prefix', prefix, {
      minLength: 1,
      maxLength: 256,
      root: { problem: 'would let the CI create any repository of the registry', fix: 'pass the namespace it owns, e.g. \'team-a\'' },
    });
    problems.throwIfAny();

    this.warnIfPullRequestsCanWrite('create repositories');
    const namespace = namespaceOf(prefix);
    if (!this.createOnPushNamespaces.has(namespace)) {
      this.createOnPushNamespaces.add(namespace);
      beforeSynth(this, () => this.warnIfNoCreateOnPushTemplate());
    }
    return this.grantUnder(`${namespace}/*`, [...EcrActions.PUSH, ...EcrActions.CREATE_ON_PUSH],
      `allowCreateOnPush('${prefix}'): ECR creates the repositories on the first push, with names the CI chooses at run time, all under this namespace.`);
  }

  /** Login on `*` and the actions on the role's own registry's repositories matching `resourceName`. */
  private grantUnder(resourceName: string, actions: readonly string[], reason: string): iam.Grant {
    const stack = Stack.of(this);
    // the partition is written out when the region is known, so the ARN is plain text that the
    // acknowledgement below can name (an id holding '${AWS::Partition}' cannot be acknowledged)
    const repositories = stack.formatArn({
      partition: knownPartition(stack), service: 'ecr', resource: 'repository', resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    if (!Token.isUnresolved(repositories)) {
      // cdk-nag's IAM5 flags every wildcard resource; this one is the narrowest scope ECR allows for
      // names chosen at run time, and it is what the caller asked for
      Validations.of(this).acknowledge({ id: `AwsSolutions-IAM5[Resource::${repositories}]`, reason });
    }
    this.addRegistry(stack.account, stack.region);
    const login = grantLogin(this.role);
    return login.combine(iam.Grant.addToPrincipal({ grantee: this.role, actions: [...new Set(actions)], resourceArns: [repositories] }));
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
    Annotations.of(this).addWarningV2(CREATE_ON_PUSH_WITHOUT_TEMPLATE,
      `allowCreateOnPush(${names}): ${where}. Add it with registry.addCreationTemplate(id, { prefix: '${missing[0]}', ` +
      'appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] }).');
  }

  private warnIfPullRequestsCanWrite(what: string): void {
    if (!this.provider._trustsPullRequests || this.warnedPullRequests) return;
    this.warnedPullRequests = true;
    Annotations.of(this).addWarningV2(PULL_REQUESTS_CAN_PUSH,
      `${this.provider.description} includes pull-request runs, and this role may ${what}: the code of any pull request ` +
      '(from a fork too, when the repository sends it write tokens) could then publish an image that later runs as yours. ' +
      'Give pull requests a separate role that only pulls.');
  }

  private addRegistry(account: string, region: string): void {
    const stack = Stack.of(this);
    const uri = `${account}.dkr.ecr.${region}.${stack.urlSuffix}`;
    this.registries.set(JSON.stringify(stack.resolve(uri)), uri);
  }

  private registryUris(): string[] {
    if (this.registries.size === 0) {
      const stack = Stack.of(this);
      return [`${stack.account}.dkr.ecr.${stack.region}.${stack.urlSuffix}`];
    }
    return [...this.registries.values()];
  }
}

function checkProps(scope: Construct, props: EcrCiPrincipalProps): void {
  const problems = new InputProblems(`EcrCiPrincipal props at '${scope.node.path}'`);
  if (!(props?.provider instanceof CiProvider)) {
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
}

/** IAM role descriptions: at most 1,000 characters of printable Latin-1. */
function roleDescription(provider: string): string {
  return `ECR push and pull for ${provider}`.replace(/[^\t\n\r\x20-\x7e\xa1-\xff]/g, '?').slice(0, 1000);
}
