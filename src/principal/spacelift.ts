import * as iam from 'aws-cdk-lib/aws-iam';
import { checkIssuerUrl, checkOidcProviderIssuer, oidcTrust } from './oidc-trust';
import { OptionType, typedOptions } from './option-types';
import { checkEntries, checkFilterOrOptIn, checkPinned, ValueShape } from './provider-values';
import { CiTrust } from './trust';
import { InputProblems, isToken } from '../private/input-problems';

/**
 * Which Spacelift runs may assume the role: the stacks or modules of one space, in the run types you
 * name.
 *
 * Each Spacelift account has its own issuer, `https://<account>.app.spacelift.io`, and its hostname
 * as audience. The default subject is
 * `space:<space id>:stack:<stack id>:run_type:<run type>:scope:<read|write>` (`module:<id>` for
 * modules). Spacelift passes the token to the AWS integration or as `$SPACELIFT_OIDC_TOKEN`.
 *
 * An account can change the subject for all its stacks (a subject template); this factory writes the
 * default. For a template, use `CiProvider.oidc()` with the subjects it produces.
 *
 * @see https://docs.spacelift.io/integrations/cloud-providers/oidc
 */
export interface SpaceliftProviderOptions {
  /** The account name, as in `https://<account>.app.spacelift.io`. */
  readonly account: string;

  /** The id of the space that holds the stacks or modules (`root`, `legacy`, `production-01HX…`). */
  readonly spaceId: string;

  /**
   * The ids of the stacks whose runs may assume the role.
   *
   * @default - no stack
   */
  readonly stacks?: string[];

  /**
   * The ids of the modules whose runs may assume the role.
   *
   * @default - no module
   */
  readonly modules?: string[];

  /**
   * The run types that may assume the role: `TRACKED`, `PROPOSED`, `TASK`, `TESTING`, `DESTROY`.
   * Proposed runs plan the changes of a pull request or feature branch (its code), so only tracked
   * runs by default.
   *
   * @default ['TRACKED']
   */
  readonly runTypes?: string[];

  /**
   * The URL of a self-hosted Spacelift server, which then issues the tokens instead of the account's
   * `app.spacelift.io` URL; the audience is its host name.
   *
   * @default - 'https://<account>.app.spacelift.io'
   */
  readonly serverUrl?: string;

  /**
   * The account's existing IAM OIDC provider for the issuer.
   *
   * @default - the provider this app creates for the issuer in this account (one per account)
   */
  readonly oidcProvider?: iam.IOIDCProviderRef;

  /**
   * UNSAFE: let the runs of every stack and module of the space assume the role, including ones
   * created later.
   *
   * @default false
   */
  readonly unsafeAllowAllStacks?: boolean;
}

// Spacelift ids: letters, digits, '-' and '_' (never ':', the subject's separator)
const ID = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})$/;
const ACCOUNT: ValueShape = { pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, what: 'a Spacelift account name', fix: 'the name from https://<account>.app.spacelift.io, e.g. account: \'acme\'' };
const SPACE: ValueShape = { pattern: ID, what: 'a Spacelift space id', fix: 'the space id Spacelift shows, e.g. spaceId: \'root\'' };
const ENTITY: ValueShape = { pattern: ID, what: 'a Spacelift stack or module id', fix: 'the id from its URL, e.g. \'api-prod\'' };
const RUN_TYPES = ['TRACKED', 'PROPOSED', 'TASK', 'TESTING', 'DESTROY'];

const OPTION_TYPES: Record<keyof SpaceliftProviderOptions, OptionType> = {
  account: 'string',
  spaceId: 'string',
  stacks: 'strings',
  modules: 'strings',
  runTypes: 'strings',
  serverUrl: 'string',
  oidcProvider: 'oidcProvider',
  unsafeAllowAllStacks: 'boolean',
};
const ALL_STACKS = 'unsafeAllowAllStacks';

/** Validates the options and returns the trust they describe. */
export function spaceliftTrust(given: SpaceliftProviderOptions): CiTrust {
  const problems = new InputProblems('CiProvider.spacelift() options');
  const { options } = typedOptions<SpaceliftProviderOptions>(problems, given, OPTION_TYPES,
    () => '{ account: \'acme\', spaceId: \'root\', stacks: [\'api-prod\'] }');
  checkPinned(problems, 'account', options.account, ACCOUNT);
  checkPinned(problems, 'spaceId', options.spaceId, SPACE);
  const stacks = checkEntries(problems, 'stacks', options.stacks, '[\'api-prod\']', (p, v) => checkPinned(problems, p, v, ENTITY));
  const modules = checkEntries(problems, 'modules', options.modules, '[\'ecr-image\']', (p, v) => checkPinned(problems, p, v, ENTITY));
  const allStacks = options.unsafeAllowAllStacks === true;
  checkFilterOrOptIn(problems, 'stacks, modules', ALL_STACKS, allStacks, stacks.length + modules.length > 0, false,
    'stacks: [\'api-prod\']', 'a run of any stack of the space');
  const runTypes = checkEntries(problems, 'runTypes', options.runTypes, '[\'TRACKED\']', (property, type) => {
    if (!isToken(type) && !RUN_TYPES.includes(type)) problems.add(property, type, 'is not a Spacelift run type', `pass one of ${RUN_TYPES.join(', ')}`);
  });

  const issuerUrl = options.serverUrl ?? `https://${options.account}.app.spacelift.io`;
  if (options.serverUrl !== undefined) checkIssuerUrl(problems, 'serverUrl', options.serverUrl);
  checkOidcProviderIssuer(problems, 'oidcProvider', options.oidcProvider, issuerUrl);
  problems.throwIfAny();

  const types = options.runTypes === undefined ? ['TRACKED'] : runTypes;
  // the callers are written out (a bounded '*' for every stack), each run type and scope exactly
  const callers = allStacks ? ['stack:*', 'module:*'] : [...stacks.map((s) => `stack:${s}`), ...modules.map((m) => `module:${m}`)];
  const subjects = callers.flatMap((caller) => types.flatMap((type) => ['read', 'write'].map((scope) =>
    `space:${options.spaceId}:${caller}:run_type:${type}:scope:${scope}`)));
  return oidcTrust({
    issuerUrl,
    audience: issuerUrl.replace(/^https:\/\//, '').replace(/\/.*$/, ''),
    subjects,
    oidcProvider: options.oidcProvider,
    description: `Spacelift ${options.account} space ${options.spaceId} (${allStacks ? 'every stack' : callers.join(', ')}; ${types.join(', ')})`,
    trustsPullRequests: types.includes('PROPOSED'),
  });
}
