import { Construct } from 'constructs';
import { accountTrust, AccountProviderOptions } from './account-trust';
import { AzureDevOpsProviderOptions, azureDevOpsTrust } from './azure-devops';
import { BitbucketPipelinesProviderOptions, bitbucketPipelinesTrust } from './bitbucket';
import { BuildkiteProviderOptions, buildkiteTrust } from './buildkite';
import { CircleCiProviderOptions, circleCiTrust } from './circleci';
import { codeBuildTrust, CodeBuildProviderOptions } from './codebuild-trust';
import { GenericOidcProviderOptions, genericOidcTrust } from './generic-oidc';
import { GitHubActionsProviderOptions, gitHubActionsTrust } from './github-actions';
import { GitLabProviderOptions, gitLabTrust } from './gitlab';
import { HcpTerraformProviderOptions, hcpTerraformTrust } from './hcp-terraform';
import { SpaceliftProviderOptions, spaceliftTrust } from './spacelift';
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
 * CiProvider.buildkite({ organization: 'acme', pipelines: ['api'], branches: ['main'] });
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
   * Buildkite jobs of the pipelines of one organization, through `sts:AssumeRoleWithWebIdentity`
   * with the agent's OIDC token. At least one of `branches` or `tags` is required.
   *
   * @see https://buildkite.com/docs/pipelines/security/oidc/aws
   */
  public static buildkite(options: BuildkiteProviderOptions): CiProvider {
    return new CiProvider(buildkiteTrust(options));
  }

  /**
   * HCP Terraform or Terraform Enterprise runs of the workspaces of one project (dynamic provider
   * credentials), through `sts:AssumeRoleWithWebIdentity`. `workspaces` is required.
   *
   * @see https://developer.hashicorp.com/terraform/cloud-docs/dynamic-provider-credentials/aws-configuration
   */
  public static hcpTerraform(options: HcpTerraformProviderOptions): CiProvider {
    return new CiProvider(hcpTerraformTrust(options));
  }

  /**
   * Bitbucket Pipelines steps of the repositories of one workspace that deploy to the environments
   * you name, through `sts:AssumeRoleWithWebIdentity` with the step's OIDC token.
   *
   * @see https://support.atlassian.com/bitbucket-cloud/docs/deploy-on-aws-using-bitbucket-pipelines-openid-connect/
   */
  public static bitbucketPipelines(options: BitbucketPipelinesProviderOptions): CiProvider {
    return new CiProvider(bitbucketPipelinesTrust(options));
  }

  /**
   * CircleCI jobs of the projects of one organization, through `sts:AssumeRoleWithWebIdentity` with
   * the job's OIDC token. At least one of `branches` or `tags` is required.
   *
   * @see https://circleci.com/docs/openid-connect-tokens/
   */
  public static circleCi(options: CircleCiProviderOptions): CiProvider {
    return new CiProvider(circleCiTrust(options));
  }

  /**
   * Azure Pipelines jobs that use the AWS service connections you name (AWS Toolkit for Azure
   * DevOps with OpenID Connect), through `sts:AssumeRoleWithWebIdentity`.
   *
   * @see https://aws.amazon.com/blogs/modernizing-with-aws/how-to-federate-into-aws-from-azure-devops-using-openid-connect
   */
  public static azureDevOps(options: AzureDevOpsProviderOptions): CiProvider {
    return new CiProvider(azureDevOpsTrust(options));
  }

  /**
   * Spacelift runs of the stacks or modules of one space, through `sts:AssumeRoleWithWebIdentity`.
   * At least one of `stacks` or `modules` is required.
   *
   * @see https://docs.spacelift.io/integrations/cloud-providers/oidc
   */
  public static spacelift(options: SpaceliftProviderOptions): CiProvider {
    return new CiProvider(spaceliftTrust(options));
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
   * Any OIDC issuer, with an explicit audience and explicit subjects: for issuers without a factory
   * here, or a provider whose subject format was customized.
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
