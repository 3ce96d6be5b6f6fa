import * as iam from 'aws-cdk-lib/aws-iam';
import { checkAudience, checkOidcProviderIssuer, oidcTrust } from './oidc-trust';
import { OptionType, typedOptions } from './option-types';
import { ANY_UUID, checkEntries, checkPinned, UUID, ValueShape } from './provider-values';
import { CiTrust } from './trust';
import { InputProblems, isToken } from '../private/input-problems';

/**
 * Which Bitbucket Pipelines steps may assume the role: the steps of the repositories you name, of one
 * workspace, that deploy to the deployment environments you name.
 *
 * Each workspace has its own issuer,
 * `https://api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc`, and the
 * audience `ari:cloud:bitbucket::workspace/<workspace UUID>` (both shown under Repository settings →
 * OpenID Connect). The step's token has the subject `{<repository UUID>}:{<step UUID>}`, or
 * `{<repository UUID>}:{<environment UUID>}:{<step UUID>}` for a step with `deployment:`. The step
 * sets `oidc: true` and finds the token in `$BITBUCKET_STEP_OIDC_TOKEN`.
 *
 * Bitbucket's subject names no branch: restrict which branches may deploy to an environment in the
 * environment's settings, and name the environment here.
 *
 * @see https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/
 */
export interface BitbucketPipelinesProviderOptions {
  /** The workspace's slug (`https://bitbucket.org/<workspace>/…`), which names the issuer. */
  readonly workspace: string;

  /**
   * The workspace's UUID, without braces: the default audience is
   * `ari:cloud:bitbucket::workspace/<workspaceUuid>`. Give it or `audience`.
   *
   * @default - none: `audience` must be given
   */
  readonly workspaceUuid?: string;

  /** The UUIDs of the repositories whose steps may assume the role, without braces. */
  readonly repositoryUuids: string[];

  /**
   * The UUIDs of the deployment environments whose steps may assume the role, without braces.
   *
   * @default - none: refused unless `unsafeAllowAllSteps` is set
   */
  readonly deploymentEnvironmentUuids?: string[];

  /**
   * The audience: the default one, or one of the `oidc: audiences:` the step declares.
   *
   * @default - 'ari:cloud:bitbucket::workspace/<workspaceUuid>'
   */
  readonly audience?: string;

  /**
   * The account's existing IAM OIDC provider for the workspace's issuer.
   *
   * @default - the provider this app creates for the issuer in this account (one per account)
   */
  readonly oidcProvider?: iam.IOIDCProviderRef;

  /**
   * UNSAFE: let every step of the repositories assume the role, with or without a deployment
   * environment, on any branch (including a pull request's).
   *
   * @default false
   */
  readonly unsafeAllowAllSteps?: boolean;
}

const WORKSPACE: ValueShape = { pattern: /^[a-z0-9][a-z0-9_.-]{0,61}$/, what: 'a Bitbucket workspace slug', fix: 'the slug from the workspace URL, e.g. workspace: \'acme\'' };
const ID: ValueShape = { pattern: UUID, what: 'a UUID without braces', fix: 'the UUID Bitbucket shows under Repository settings → OpenID Connect, without {}' };

const OPTION_TYPES: Record<keyof BitbucketPipelinesProviderOptions, OptionType> = {
  workspace: 'string',
  workspaceUuid: 'string',
  repositoryUuids: 'strings',
  deploymentEnvironmentUuids: 'strings',
  audience: 'string',
  oidcProvider: 'oidcProvider',
  unsafeAllowAllSteps: 'boolean',
};
const ALL_STEPS = 'unsafeAllowAllSteps';

/** Validates the options and returns the trust they describe. */
export function bitbucketPipelinesTrust(given: BitbucketPipelinesProviderOptions): CiTrust {
  const problems = new InputProblems('CiProvider.bitbucketPipelines() options');
  const { options } = typedOptions<BitbucketPipelinesProviderOptions>(problems, given, OPTION_TYPES,
    () => '{ workspace: \'acme\', workspaceUuid: \'…\', repositoryUuids: [\'…\'], deploymentEnvironmentUuids: [\'…\'] }');
  checkPinned(problems, 'workspace', options.workspace, WORKSPACE);
  const uuid = (property: string, value: string) => checkPinned(problems, property, unbraced(value), ID);
  if (options.workspaceUuid !== undefined) uuid('workspaceUuid', options.workspaceUuid);
  const repositories = checkEntries(problems, 'repositoryUuids', options.repositoryUuids, '[\'<repository UUID>\']', uuid,
    'the repositories whose steps may assume the role');
  const environments = checkEntries(problems, 'deploymentEnvironmentUuids', options.deploymentEnvironmentUuids, '[\'<environment UUID>\']', uuid);

  const allSteps = options.unsafeAllowAllSteps === true;
  if (allSteps && environments.length > 0) {
    problems.add(ALL_STEPS, true, 'lets every step assume the role, so deploymentEnvironmentUuids would have no effect', `drop ${ALL_STEPS} or deploymentEnvironmentUuids`);
  } else if (!allSteps && environments.length === 0 && options.deploymentEnvironmentUuids === undefined) {
    problems.add('deploymentEnvironmentUuids', undefined, 'the role needs it, so that only steps that deploy to an environment you protect assume it ' +
      '(the subject names no branch; a role every step of any branch can assume is an explicit opt-in)',
    `pass deploymentEnvironmentUuids: ['<environment UUID>'] (or set ${ALL_STEPS}: true)`);
  }

  if (options.audience === undefined && options.workspaceUuid === undefined) {
    problems.add('workspaceUuid', undefined, 'is needed for the default audience (ari:cloud:bitbucket::workspace/<workspaceUuid>)',
      'pass the workspace UUID shown under Repository settings → OpenID Connect, or the audience itself');
  }
  const audience = options.audience ?? `ari:cloud:bitbucket::workspace/${unbraced(options.workspaceUuid ?? '')}`;
  checkAudience(problems, 'audience', audience);
  const issuerUrl = `https://api.bitbucket.org/2.0/workspaces/${options.workspace}/pipelines-config/identity/oidc`;
  checkOidcProviderIssuer(problems, 'oidcProvider', options.oidcProvider, issuerUrl);
  problems.throwIfAny();

  // a step's UUID is matched by one '?' per character, so no pattern reaches past its claim
  const anyStep = `{${ANY_UUID}}`;
  const subjects = repositories.map(unbraced).flatMap((repository) => allSteps
    ? [`{${repository}}:${anyStep}`, `{${repository}}:${anyStep}:${anyStep}`]
    : environments.map(unbraced).map((environment) => `{${repository}}:{${environment}}:${anyStep}`));
  return oidcTrust({
    issuerUrl,
    audience,
    subjects,
    oidcProvider: options.oidcProvider,
    description: `Bitbucket Pipelines ${options.workspace} (${repositories.length} repositories, ${allSteps ? 'every step' : `${environments.length} environments`})`,
    trustsPullRequests: allSteps,
  });
}

/** The UUID without the braces Bitbucket shows around it (copied as shown, they are accepted). */
function unbraced(value: string): string {
  if (isToken(value)) return value;
  return /^\{.*\}$/.test(value) ? value.slice(1, -1) : value;
}
