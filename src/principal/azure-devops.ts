import * as iam from 'aws-cdk-lib/aws-iam';
import { checkOidcProviderIssuer, oidcTrust } from './oidc-trust';
import { OptionType, typedOptions } from './option-types';
import { checkEntries, checkPinned, UUID, ValueShape } from './provider-values';
import { CiTrust } from './trust';
import { InputProblems } from '../private/input-problems';

/** The audience of Azure DevOps' workload identity federation tokens. */
export const AZURE_DEVOPS_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * Which Azure Pipelines jobs may assume the role: those that use the AWS service connections you
 * name (AWS Toolkit for Azure DevOps 1.15 or later, with OpenID Connect enabled on the connection).
 *
 * Each Azure DevOps organization has its own issuer, `https://vstoken.dev.azure.com/<organization id>`;
 * the token has the audience `api://AzureADTokenExchange` and the subject
 * `sc://<organization>/<project>/<service connection>`. Which pipelines may use a service connection
 * is set on the connection (Security → Pipeline permissions): restrict it there.
 *
 * Microsoft retires this issuer for Azure service connections on 2027-07-01; tokens the AWS Toolkit
 * requests still come from it.
 *
 * @see https://github.com/microsoft/azure-pipelines-tasks/blob/master/docs/service-connections/azure-oidc/README.md
 */
export interface AzureDevOpsProviderOptions {
  /** The organization's id (a UUID; `https://dev.azure.com/<organization>/_apis/connectionData` shows it as `instanceId`). */
  readonly organizationId: string;

  /** The organization's name, as in `https://dev.azure.com/<organization>`. */
  readonly organization: string;

  /** The project that holds the service connections. */
  readonly project: string;

  /** The names of the AWS service connections whose jobs may assume the role. */
  readonly serviceConnections: string[];

  /**
   * The account's existing IAM OIDC provider for the organization's issuer.
   *
   * @default - the provider this app creates for the issuer in this account (one per account)
   */
  readonly oidcProvider?: iam.IOIDCProviderRef;
}

const ORGANIZATION_ID: ValueShape = { pattern: UUID, what: 'an Azure DevOps organization id (a lower-case UUID)', fix: 'the instanceId of https://dev.azure.com/<organization>/_apis/connectionData' };
const ORGANIZATION: ValueShape = { pattern: /^[A-Za-z0-9][A-Za-z0-9-]{0,48}$/, what: 'an Azure DevOps organization name', fix: 'the name from https://dev.azure.com/<organization>, e.g. \'acme\'' };
// names may hold spaces; a '/' would shift the subject's parts
const NAME: ValueShape = { pattern: /^[^/\\\x00-\x1f*?]{1,128}$/, what: 'an Azure DevOps name without \'/\'', fix: 'the name exactly as Azure DevOps shows it' };

const OPTION_TYPES: Record<keyof AzureDevOpsProviderOptions, OptionType> = {
  organizationId: 'string', organization: 'string', project: 'string', serviceConnections: 'strings', oidcProvider: 'oidcProvider',
};

/** Validates the options and returns the trust they describe. */
export function azureDevOpsTrust(given: AzureDevOpsProviderOptions): CiTrust {
  const problems = new InputProblems('CiProvider.azureDevOps() options');
  const { options } = typedOptions<AzureDevOpsProviderOptions>(problems, given, OPTION_TYPES,
    () => '{ organizationId: \'<uuid>\', organization: \'acme\', project: \'platform\', serviceConnections: [\'aws-ecr\'] }');
  checkPinned(problems, 'organizationId', options.organizationId, ORGANIZATION_ID);
  checkPinned(problems, 'organization', options.organization, ORGANIZATION);
  checkPinned(problems, 'project', options.project, NAME);
  const connections = checkEntries(problems, 'serviceConnections', options.serviceConnections, '[\'aws-ecr\']', (p, v) => checkPinned(problems, p, v, NAME),
    'the service connections whose jobs may assume the role');
  const issuerUrl = `https://vstoken.dev.azure.com/${options.organizationId}`;
  checkOidcProviderIssuer(problems, 'oidcProvider', options.oidcProvider, issuerUrl);
  problems.throwIfAny();

  return oidcTrust({
    issuerUrl,
    audience: AZURE_DEVOPS_AUDIENCE,
    // every part is a name the connection's owner chose: matched exactly
    subjects: connections.map((connection) => `sc://${options.organization}/${options.project}/${connection}`),
    oidcProvider: options.oidcProvider,
    description: `Azure DevOps ${options.organization}/${options.project} (${connections.join(', ')})`,
    trustsPullRequests: false,
  });
}
