import * as iam from 'aws-cdk-lib/aws-iam';
import { checkAudience, checkOidcProviderIssuer, oidcTrust } from './oidc-trust';
import { OptionType, typedOptions } from './option-types';
import { ANY_UUID, checkEntries, checkFilterOrOptIn, checkPinned, checkRefFilters, UUID, ValueShape } from './provider-values';
import { CiTrust } from './trust';
import { InputProblems } from '../private/input-problems';

/**
 * Which CircleCI jobs may assume the role: the projects of one organization, and the branches or
 * tags you name.
 *
 * Each organization has its own issuer, `https://oidc.circleci.com/org/<organization id>`, and its
 * tokens have the organization id as audience. `$CIRCLE_OIDC_TOKEN` has the subject
 * `org/<organization id>/project/<project id>/user/<user id>`; `$CIRCLE_OIDC_TOKEN_V2` adds
 * `/vcs-origin/<repository URL>/vcs-ref/<git ref>`, which the branch and tag filters need.
 *
 * These subjects separate their claims with '/', which branch names may hold too, so a `*` would
 * reach across claims: CircleCI's own example `…/project/*` + `/vcs-ref/refs/heads/main` also admits
 * a branch named `x/vcs-ref/refs/heads/main` of any project. This trust writes every claim out
 * instead: the project id, a user id matched by one `?` per character of a UUID (any user, never a
 * '/'), the repository exactly, and a wildcard only at the end of the branch or tag name.
 *
 * @see https://circleci.com/docs/openid-connect-tokens/
 */
export interface CircleCiProviderOptions {
  /** The organization's id (Organization Settings → Overview), a UUID. */
  readonly organizationId: string;

  /** The ids of the projects whose jobs may assume the role (Project Settings → Overview). */
  readonly projectIds: string[];

  /**
   * The repository the projects build, as the V2 token writes it: host and path without scheme
   * (`github.com/acme/api`). Needed with `branches` or `tags`.
   *
   * @default - none
   */
  readonly vcsOrigin?: string;

  /**
   * Branches whose jobs may assume the role (`main`, or patterns such as `release/*`), matched in
   * `$CIRCLE_OIDC_TOKEN_V2`. A pattern that names no branch (`*`) needs `unsafeAllowAllBranches`.
   *
   * @default - no branch
   */
  readonly branches?: string[];

  /**
   * Tags whose jobs may assume the role (`v1.2.3`, or patterns such as `v*`), matched in `$CIRCLE_OIDC_TOKEN_V2`.
   *
   * @default - no tag
   */
  readonly tags?: string[];

  /**
   * The audience: the organization id, unless the job requests another with
   * `circleci run oidc get --claims '{"aud": "…"}'`.
   *
   * @default - the organization id
   */
  readonly audience?: string;

  /**
   * The account's existing IAM OIDC provider for the organization's issuer.
   *
   * @default - the provider this app creates for the issuer in this account (one per account)
   */
  readonly oidcProvider?: iam.IOIDCProviderRef;

  /**
   * UNSAFE: let a job of any branch of the projects assume the role (with `$CIRCLE_OIDC_TOKEN`),
   * including a branch anyone with push access creates and, when the project passes secrets to
   * forked pull requests, the code of a fork.
   *
   * @default false
   */
  readonly unsafeAllowAllBranches?: boolean;
}

const ID: ValueShape = { pattern: UUID, what: 'a CircleCI id (a lower-case UUID)', fix: 'the id shown in the organization or project settings' };
// a host and a path of letters, digits, '.', '_' and '-' (no '*': it would reach across claims)
const ORIGIN: ValueShape = {
  pattern: /^[a-z0-9.-]+\.[a-z]{2,}(?:\/[A-Za-z0-9._-]+){2,}$/,
  what: 'a repository as CircleCI writes it (host and path, without scheme)',
  fix: 'the repository URL without https:// and .git, e.g. vcsOrigin: \'github.com/acme/api\'',
};

const OPTION_TYPES: Record<keyof CircleCiProviderOptions, OptionType> = {
  organizationId: 'string',
  projectIds: 'strings',
  vcsOrigin: 'string',
  branches: 'strings',
  tags: 'strings',
  audience: 'string',
  oidcProvider: 'oidcProvider',
  unsafeAllowAllBranches: 'boolean',
};
const ALL_BRANCHES = 'unsafeAllowAllBranches';

/** Validates the options and returns the trust they describe. */
export function circleCiTrust(given: CircleCiProviderOptions): CiTrust {
  const problems = new InputProblems('CiProvider.circleCi() options');
  const { options } = typedOptions<CircleCiProviderOptions>(problems, given, OPTION_TYPES,
    () => '{ organizationId: \'<uuid>\', projectIds: [\'<uuid>\'], vcsOrigin: \'github.com/acme/api\', branches: [\'main\'] }');
  checkPinned(problems, 'organizationId', options.organizationId, ID);
  const projects = checkEntries(problems, 'projectIds', options.projectIds, '[\'<project id>\']', (p, v) => checkPinned(problems, p, v, ID),
    'the projects whose jobs may assume the role');

  const allBranches = options.unsafeAllowAllBranches === true;
  const { refs, catchAll } = checkRefFilters(problems, options, { name: ALL_BRANCHES, set: allBranches });
  checkFilterOrOptIn(problems, 'branches, tags', ALL_BRANCHES, allBranches, refs.length > 0, catchAll,
    'vcsOrigin: \'github.com/acme/api\' and branches: [\'main\']', 'a job of any branch of the projects');
  if (refs.length > 0) checkPinned(problems, 'vcsOrigin', options.vcsOrigin, ORIGIN);

  const issuerUrl = `https://oidc.circleci.com/org/${options.organizationId}`;
  const audience = options.audience ?? options.organizationId;
  if (options.audience !== undefined) checkAudience(problems, 'audience', audience);
  checkOidcProviderIssuer(problems, 'oidcProvider', options.oidcProvider, issuerUrl);
  problems.throwIfAny();

  const prefixes = projects.map((project) => `org/${options.organizationId}/project/${project}/user/${ANY_UUID}`);
  const subjects = refs.length === 0 ? prefixes
    : prefixes.flatMap((prefix) => refs.map((ref) => `${prefix}/vcs-origin/${options.vcsOrigin}/vcs-ref/${ref}`));
  return oidcTrust({
    issuerUrl,
    audience,
    subjects,
    oidcProvider: options.oidcProvider,
    description: `CircleCI ${projects.length} projects (${refs.length > 0 ? refs.join(', ') : 'every branch'})`,
    trustsPullRequests: refs.length === 0 || catchAll,
  });
}
