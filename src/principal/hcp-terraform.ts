import * as iam from 'aws-cdk-lib/aws-iam';
import { checkAudience, checkIssuerUrl, checkOidcProviderIssuer, oidcTrust } from './oidc-trust';
import { OptionType, typedOptions } from './option-types';
import { checkEntries, checkFilterOrOptIn, checkPinned, ValueShape } from './provider-values';
import { CiTrust, hasWildcard } from './trust';
import { InputProblems, isToken } from '../private/input-problems';

/** The issuer of HCP Terraform's workload identity tokens (US region). */
export const HCP_TERRAFORM_ISSUER = 'https://app.terraform.io';

/**
 * Which HCP Terraform (or Terraform Enterprise) runs may assume the role: the workspaces of one
 * project of one organization, in the run phases you name.
 *
 * HCP Terraform's token has the subject
 * `organization:<organization>:project:<project>:workspace:<workspace>:run_phase:<plan|apply>` and
 * the audience `aws.workload.identity`; the workspace requests it with the variables
 * `TFC_AWS_PROVIDER_AUTH=true` and `TFC_AWS_RUN_ROLE_ARN=<role ARN>`.
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/dynamic-provider-credentials/workload-identity-tokens
 */
export interface HcpTerraformProviderOptions {
  /** The organization's name. */
  readonly organization: string;

  /**
   * The project that holds the workspaces (workspaces outside a project are in `Default Project`).
   */
  readonly project: string;

  /**
   * The workspaces whose runs may assume the role (exact names, or patterns such as `api-*`; a
   * wildcard matches within the workspace name only). A pattern that names no workspace (`*`) needs
   * `unsafeAllowAllWorkspaces`.
   *
   * @default - none: refused unless `unsafeAllowAllWorkspaces` is set
   */
  readonly workspaces?: string[];

  /**
   * The run phases that may assume the role: `apply`, `plan` or both. A plan also runs for
   * speculative plans of pull requests (the code of the pull request), so only `apply` by default.
   *
   * @default ['apply']
   */
  readonly runPhases?: string[];

  /**
   * The URL of HCP Terraform in another region (`https://app.eu.terraform.io`) or of your Terraform
   * Enterprise instance, which issues the tokens.
   *
   * @default 'https://app.terraform.io'
   */
  readonly issuerUrl?: string;

  /**
   * The audience the workspace requests (`TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE`).
   *
   * @default 'aws.workload.identity'
   */
  readonly audience?: string;

  /**
   * The account's existing IAM OIDC provider for the issuer.
   *
   * @default - the provider this app creates for the issuer in this account (one per account)
   */
  readonly oidcProvider?: iam.IOIDCProviderRef;

  /**
   * UNSAFE: let the runs of every workspace of the project assume the role, including workspaces
   * created later.
   *
   * @default false
   */
  readonly unsafeAllowAllWorkspaces?: boolean;
}

// HCP Terraform: organization and workspace names are letters, digits, '-' and '_'; project names may
// also hold spaces. None may hold ':' (the subject's separator).
const ORGANIZATION: ValueShape = { pattern: /^[A-Za-z0-9_-]{1,90}$/, what: 'an HCP Terraform organization name', fix: 'the organization name, e.g. organization: \'acme\'' };
const PROJECT: ValueShape = { pattern: /^[A-Za-z0-9_-](?:[A-Za-z0-9 _-]{0,88}[A-Za-z0-9_-])?$/, what: 'an HCP Terraform project name', fix: 'the project name, e.g. project: \'Default Project\'' };
const WORKSPACE = /^[A-Za-z0-9_*?-]{1,90}$/;
const PHASES = ['plan', 'apply'];

const OPTION_TYPES: Record<keyof HcpTerraformProviderOptions, OptionType> = {
  organization: 'string',
  project: 'string',
  workspaces: 'strings',
  runPhases: 'strings',
  issuerUrl: 'string',
  audience: 'string',
  oidcProvider: 'oidcProvider',
  unsafeAllowAllWorkspaces: 'boolean',
};
const ALL_WORKSPACES = 'unsafeAllowAllWorkspaces';

/** Validates the options and returns the trust they describe. */
export function hcpTerraformTrust(given: HcpTerraformProviderOptions): CiTrust {
  const problems = new InputProblems('CiProvider.hcpTerraform() options');
  const { options } = typedOptions<HcpTerraformProviderOptions>(problems, given, OPTION_TYPES,
    () => '{ organization: \'acme\', project: \'Default Project\', workspaces: [\'api-prod\'] }');
  checkPinned(problems, 'organization', options.organization, ORGANIZATION);
  checkPinned(problems, 'project', options.project, PROJECT);

  const allWorkspaces = options.unsafeAllowAllWorkspaces === true;
  let catchAll = false;
  const workspaces = checkEntries(problems, 'workspaces', options.workspaces, '[\'api-prod\']', (property, name) => {
    if (isToken(name)) return;
    if (!WORKSPACE.test(name)) {
      problems.add(property, name, 'is not an HCP Terraform workspace name (letters, digits, \'-\' and \'_\')', 'pass the workspace name, e.g. \'api-prod\' (or a pattern such as \'api-*\')');
    } else if (hasWildcard(name) && !/[A-Za-z0-9]/.test(name)) {
      catchAll = true;
      if (!allWorkspaces) problems.add(property, name, 'matches every workspace of the project, including ones created later', `name the workspaces (or set ${ALL_WORKSPACES}: true)`);
    }
  });
  checkFilterOrOptIn(problems, 'workspaces', ALL_WORKSPACES, allWorkspaces, workspaces.length > 0, catchAll,
    'workspaces: [\'api-prod\']', 'a run of any workspace of the project');
  const phases = checkEntries(problems, 'runPhases', options.runPhases, '[\'apply\']', (property, phase) => {
    if (!isToken(phase) && !PHASES.includes(phase)) problems.add(property, phase, 'is not a run phase', 'pass \'apply\' or \'plan\'');
  });

  const issuerUrl = options.issuerUrl ?? HCP_TERRAFORM_ISSUER;
  checkIssuerUrl(problems, 'issuerUrl', issuerUrl);
  const audience = options.audience ?? 'aws.workload.identity';
  checkAudience(problems, 'audience', audience);
  checkOidcProviderIssuer(problems, 'oidcProvider', options.oidcProvider, issuerUrl);
  problems.throwIfAny();

  const runPhases = options.runPhases === undefined ? ['apply'] : phases;
  const prefix = `organization:${options.organization}:project:${options.project}`;
  const subjects = (workspaces.length > 0 ? workspaces : ['*']).flatMap((workspace) =>
    runPhases.map((phase) => `${prefix}:workspace:${workspace}:run_phase:${phase}`));
  return oidcTrust({
    issuerUrl,
    audience,
    subjects,
    oidcProvider: options.oidcProvider,
    description: `HCP Terraform ${options.organization}/${options.project} (${workspaces.length > 0 ? workspaces.join(', ') : 'every workspace'}; ${runPhases.join(', ')})`,
    trustsPullRequests: runPhases.includes('plan'),
  });
}
