import { Duration } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CiProvider, isCiProvider } from './ci-provider';
import { InputProblems, isToken } from '../private/input-problems';
import { checkNamespace, RepositoryNamespace } from '../private/namespace';

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
   * With `outputs`, the `<Id>RegistryUris` output names each registry by its dual-stack (IPv4 and
   * IPv6) host, `<account>.dkr-ecr.<region>.on.aws`, for a pipeline on an IPv6 network. The login
   * (`aws ecr get-login-password`) and the role's permissions are the same for both hosts. An error
   * for a registry in a China Region, where AWS documents no dual-stack ECR endpoint.
   *
   * Without it the output names the IPv4-only hosts, `<account>.dkr.ecr.<region>.amazonaws.com`.
   *
   * @default false
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html
   */
  readonly dualStackRegistryUris?: boolean;

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
 * Validates every prop at once (users fix them in one round); returns the namespaces to fold.
 */
export function checkCiPrincipalProps(scope: Construct, props: EcrCiPrincipalProps): RepositoryNamespace[] {
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
  if (props?.dualStackRegistryUris === true && props.outputs !== true) {
    problems.add('dualStackRegistryUris', true, 'changes the registry output, and there is none without outputs', 'set outputs: true as well');
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

/** The role's description: IAM allows at most 1,000 characters of printable Latin-1. */
export function roleDescription(provider: string): string {
  return `ECR push and pull for ${provider}`.replace(/[^\t\n\r\x20-\x7e\xa1-\xff]/g, '?').slice(0, 1000);
}
