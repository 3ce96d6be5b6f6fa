import { Construct } from 'constructs';
import { accountTrust, AccountProviderOptions } from './account-trust';
import { codeBuildTrust, CodeBuildProviderOptions } from './codebuild-trust';
import { GenericOidcProviderOptions, genericOidcTrust } from './generic-oidc';
import { GitHubActionsProviderOptions, gitHubActionsTrust } from './github-actions';
import { GitLabProviderOptions, gitLabTrust } from './gitlab';
import { BoundTrust, CiTrust } from './trust';
import { isMarked, markAs } from '../private/type-marker';

/**
 * Who assumes an {@link EcrCiPrincipal}'s role: the trust policy, written as tightly as the CI
 * system allows.
 *
 * Every OIDC provider pins the audience and the subject; wildcards in the owner, repository or
 * project, a role that every run can assume, and a subject-less trust are refused unless you set
 * the option named `unsafe…` that says so. Input is checked when the factory is called.
 *
 * @example
 * import { CiProvider } from 'cdk-ecr-access';
 *
 * CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] });
 * CiProvider.gitLab({ projectPath: 'acme/api', branches: ['main'] });
 * CiProvider.codeBuild({ projectNames: ['api-build'] });
 * CiProvider.account('333333333333', { externalId: 'ci-2f9a' });
 */
export class CiProvider {
  /**
   * GitHub Actions workflows of one repository (github.com, GitHub Enterprise Cloud or Server),
   * through `sts:AssumeRoleWithWebIdentity` with GitHub's OIDC token. At least one of `branches`,
   * `tags`, `environments` or `pullRequests` is required.
   *
   * @see https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws
   */
  public static gitHubActions(options: GitHubActionsProviderOptions): CiProvider {
    return new CiProvider(gitHubActionsTrust(options));
  }

  /**
   * GitLab CI/CD jobs of one project (gitlab.com or self-managed), through
   * `sts:AssumeRoleWithWebIdentity` with the job's ID token. At least one of `branches` or `tags`
   * is required.
   *
   * @see https://docs.gitlab.com/ci/cloud_services/aws/
   */
  public static gitLab(options: GitLabProviderOptions): CiProvider {
    return new CiProvider(gitLabTrust(options));
  }

  /**
   * AWS CodeBuild projects of the role's account, which use the role as their service role
   * (`codebuild.amazonaws.com` limited by `aws:SourceAccount`, and `aws:SourceArn` with `projectNames`).
   */
  public static codeBuild(options: CodeBuildProviderOptions = {}): CiProvider {
    return new CiProvider(codeBuildTrust(options));
  }

  /**
   * Principals of a CI account, through `sts:AssumeRole` (optionally with an external id). The CI
   * account decides which of its principals may do so.
   *
   * @param accountId the 12-digit id of the CI account
   */
  public static account(accountId: string, options: AccountProviderOptions = {}): CiProvider {
    return new CiProvider(accountTrust(accountId, options));
  }

  /**
   * Any OIDC issuer, with an explicit audience and explicit subjects.
   */
  public static oidc(options: GenericOidcProviderOptions): CiProvider {
    return new CiProvider(genericOidcTrust(options));
  }

  /** Who assumes the role, in words (used in the role's description). */
  public readonly description: string;

  private readonly trust: CiTrust;

  private constructor(trust: CiTrust) {
    markAs(this, 'CiProvider');
    this.trust = trust;
    this.description = trust.description;
  }

  /** @internal whether pull-request runs (possibly from forks) may assume the role */
  public get _trustsPullRequests(): boolean {
    return this.trust.trustsPullRequests;
  }

  /** @internal the trust-policy principals for a role in `scope` (creates or reuses the OIDC provider) */
  public _bind(scope: Construct): BoundTrust {
    return this.trust.bind(scope);
  }
}

/** True when `x` is a CiProvider of any copy of the library: props from another copy are accepted. */
export function isCiProvider(x: unknown): x is CiProvider {
  return isMarked(x, 'CiProvider');
}
