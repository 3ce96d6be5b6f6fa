import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CiGrants } from './ci-grants';
import { CiOutputs } from './ci-outputs';
import { checkCiPrincipalProps, CreateRepositoriesOptions, EcrCiPrincipalProps, NamespaceOptions, roleDescription } from './ci-principal-props';
import { CiProvider } from './ci-provider';
import { CreateOnPushNamespaces } from './create-on-push';
import { PackedRole } from './packed-role';
import { EcrActions } from '../actions/action-sets';
import { checkAccountId } from '../private/ecr-names';
import { InputProblems } from '../private/input-problems';
import { checkNamespace, namespaceOf, RepositoryNamespace } from '../private/namespace';
import { isMarked, markAs } from '../private/type-marker';
import { checkRegion } from '../registry/registry-input';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

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
   * True when `x` is an `EcrCiPrincipal`, also one made by another copy of this library in the app
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
  private readonly grants: CiGrants;
  private readonly createOnPush = new CreateOnPushNamespaces(this);
  private warnedPullRequests = false;

  constructor(scope: Construct, id: string, props: EcrCiPrincipalProps) {
    super(scope, id);
    markAs(this, 'EcrCiPrincipal');
    const folds = checkCiPrincipalProps(this, props);
    this.provider = props.provider;

    const { principals, statements } = props.provider._bind(this);
    // identity statements are packed (each repository once, one statement per action set) and
    // spread over inline and managed policies within IAM's quotas
    const role = new PackedRole(this, 'Role', {
      assumedBy: principals[0],
      roleName: props.roleName,
      maxSessionDuration: props.maxSessionDuration,
      permissionsBoundary: props.permissionsBoundary,
      description: roleDescription(props.provider.description),
    });
    // a key may not appear under two operators in one statement (they are ANDed): one statement per block
    for (const principal of principals.slice(1)) {
      role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({ actions: [principal.assumeRoleAction], principals: [principal] }));
    }
    role.assumeRolePolicy?.addStatements(...statements ?? []);
    this.role = role;
    this.roleArn = role.roleArn;
    this.grantPrincipal = role;
    this.grants = new CiGrants(this, role, folds, new CiOutputs(this, this.roleArn, props.outputs === true, props.dualStackRegistryUris === true));

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
    return this.grants.onRepository(repository, EcrActions.PUSH);
  }

  /**
   * Lets the CI pull images from the repository (`ecr:BatchCheckLayerAvailability`,
   * `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer` on it, and login on `*`), such as its base images.
   */
  public allowPull(repository: ecr.IRepository): iam.Grant {
    return this.grants.onRepository(repository, EcrActions.PULL);
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
    return this.grants.onNamespace('allowPushToNamespace', namespace, covered, EcrActions.PUSH, options);
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
    return this.grants.onNamespace('allowPullFromNamespace', namespace, covered, EcrActions.PULL, options);
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
    return this.grants.under(covered.resourceName, actions,
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
    this.createOnPush.add(namespaceOf(prefix));
    return this.grants.under(covered!.resourceName, [...EcrActions.PUSH, ...EcrActions.CREATE_ON_PUSH],
      `allowCreateOnPush('${prefix}'): ECR creates the repositories on the first push, with names the CI chooses at run time, all under this namespace.`);
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

  private warnIfPullRequestsCanWrite(what: string): void {
    if (!this.provider._trustsPullRequests || this.warnedPullRequests) return;
    this.warnedPullRequests = true;
    warn(this, EcrWarnings.PULL_REQUESTS_CAN_PUSH,
      `${this.provider.description} includes pull-request runs, and this role may ${what}: the code of any pull request ` +
      '(from a fork too, when the repository sends it write tokens) could then publish an image that later runs as yours. ' +
      'Give pull requests a separate role that only pulls.');
  }
}
