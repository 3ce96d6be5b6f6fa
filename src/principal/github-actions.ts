import * as iam from 'aws-cdk-lib/aws-iam';
import { checkJobWorkflowRef, gitHubIssuer, nameSubjectsUntil, warnIfNameSubjectsExpired } from './github-options';
import { checkAudience, checkOidcProviderIssuer, oidcTrust } from './oidc-trust';
import { OptionType, typedOptions } from './option-types';
import { checkEntries } from './provider-values';
import { checkEnvironmentName, checkListKnown, checkNotCatchAll, checkNotEmpty, checkRefName, FilterField } from './subject-input';
import { CiTrust, hasWildcard } from './trust';
import { InputProblems, isToken } from '../private/input-problems';

export { GITHUB_ISSUER } from './github-options';
/** The audience `aws-actions/configure-aws-credentials` requests by default. */
export const GITHUB_AUDIENCE = 'sts.amazonaws.com';

/**
 * Which GitHub Actions runs may assume the role: one repository, and the branches, tags,
 * environments or pull requests you name.
 *
 * GitHub puts the repository and the run's context in the token's `sub` claim:
 * `repo:<owner>/<repository>:ref:refs/heads/<branch>`, `…:ref:refs/tags/<tag>`,
 * `…:environment:<environment>` (whenever the job names an environment) or `…:pull_request`.
 * Repositories created or renamed since July 2026 (and those that opted in) send immutable ids
 * instead: `repo:<owner>@<ownerId>/<repository>@<repositoryId>:…`; pass `ownerId` and `repositoryId`
 * for them.
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc
 */
export interface GitHubActionsProviderOptions {
  /**
   * The organization or user that owns the repository, exactly as GitHub writes it (IAM compares
   * case-sensitively).
   */
  readonly owner: string;

  /** The repository name, without the owner (`api`, not `acme/api`). */
  readonly repository: string;

  /**
   * The owner's immutable numeric id, for repositories whose tokens carry immutable subjects
   * (`repo:acme@1234/api@5678:…`; the default for repositories created or renamed since July 2026).
   * Find it with `gh api repos/<owner>/<repository> --jq .owner.id`, or read the prefix GitHub uses
   * with `gh api repos/<owner>/<repository>/actions/oidc/customization/sub`.
   *
   * @default - the name-based subject `repo:<owner>/<repository>:…`
   */
  readonly ownerId?: number;

  /**
   * The repository's immutable numeric id (`gh api repos/<owner>/<repository> --jq .id`); give it
   * together with `ownerId`.
   *
   * @default - the name-based subject
   */
  readonly repositoryId?: number;

  /**
   * Branches whose runs may assume the role (`main`, or patterns such as `release/*`), for jobs
   * without an environment. A wildcard matches within the branch name only, never the claims a
   * customized subject carries after it; a pattern that names no branch (`*`) needs
   * `unsafeAllowAllWorkflowRuns`.
   *
   * @default - no branch
   */
  readonly branches?: string[];

  /**
   * Tags whose runs may assume the role (`v1.2.3`, or patterns such as `v*`). A wildcard matches
   * within the tag name only; a pattern that names no tag (`*`) needs `unsafeAllowAllWorkflowRuns`.
   *
   * @default - no tag
   */
  readonly tags?: string[];

  /**
   * Deployment environments whose jobs may assume the role. A job that names an environment gets
   * an environment subject whatever its branch, so protect these environments with deployment
   * branch rules or required reviewers. A pattern that names no environment (`*`) needs
   * `unsafeAllowAllWorkflowRuns`.
   *
   * @default - no environment
   */
  readonly environments?: string[];

  /**
   * Whether runs triggered by pull requests may assume the role (`repo:<owner>/<repository>:pull_request`).
   * The code of the pull request runs then, including pull requests from forks when the repository
   * sends them write tokens: give such a role pull access only.
   *
   * @default false
   */
  readonly pullRequests?: boolean;

  /**
   * The audience the workflow requests its token for (`audience:` of configure-aws-credentials).
   *
   * @default 'sts.amazonaws.com'
   */
  readonly audience?: string;

  /**
   * The host name of your GitHub Enterprise Server (`github.example.com`): tokens are then issued by
   * `https://<host>/_services/token`.
   *
   * @default - github.com
   */
  readonly enterpriseServerHost?: string;

  /**
   * The slug of a GitHub Enterprise Cloud enterprise that uses its own issuer
   * (`https://token.actions.githubusercontent.com/<slug>`).
   *
   * @default - the shared github.com issuer
   */
  readonly enterpriseSlug?: string;

  /**
   * The reusable workflows whose jobs may assume the role, as the token's `job_workflow_ref` claim
   * writes them: `<owner>/<repository>/.github/workflows/<file>@<ref>`
   * (`acme/workflows/.github/workflows/push-image.yml@refs/heads/main`; `@refs/tags/v*` for a
   * pattern in the ref). The role then trusts only jobs of these workflows, on top of the subject,
   * so a workflow file edited on a trusted branch cannot assume it. A token without the claim is
   * refused. AWS STS reads this claim as a condition key since January 2026 (GitHub, Google,
   * CircleCI and OCI claims).
   *
   * @default - any workflow of the runs the subject admits
   * @see https://aws.amazon.com/about-aws/whats-new/2026/01/aws-sts-supports-validation-identity-provider-claims/
   */
  readonly jobWorkflowRefs?: string[];

  /**
   * The subdomain of your GitHub Enterprise Cloud with data residency (`octocorp` for
   * `octocorp.ghe.com`): tokens are then issued by `https://token.actions.<subdomain>.ghe.com`
   * (with `enterpriseSlug`, by `https://token.actions.<subdomain>.ghe.com/<slug>`).
   *
   * @default - github.com
   * @see https://docs.github.com/en/enterprise-cloud@latest/actions/reference/security/oidc
   */
  readonly dataResidencySubdomain?: string;

  /**
   * While the repository moves to immutable subjects: until this moment (`2027-01-31` or
   * `2027-01-31T12:00:00Z`, UTC), the role also accepts the name-based subjects
   * `repo:<owner>/<repository>:…` next to the immutable ones of `ownerId` and `repositoryId`. IAM
   * refuses them from then on (`aws:CurrentTime`), and synth warns
   * (`EcrWarnings.GITHUB_NAME_SUBJECTS_EXPIRED`) until you remove this option.
   *
   * @default - only the subjects of the ids given (name-based without ids, immutable with them)
   */
  readonly nameSubjectsUntil?: string;

  /**
   * The account's existing IAM OIDC provider for this issuer (an account holds one per issuer).
   *
   * @default - the provider this app creates for the issuer in this account (one per account)
   */
  readonly oidcProvider?: iam.IOIDCProviderRef;

  /**
   * UNSAFE: let every workflow run of the repository assume the role. Alone, any branch, any pull
   * request, any environment: `repo:<owner>/<repository>:*`. With filters, it accepts those that
   * match every value of their field (`branches: ['*']`: every branch, but no pull request), which are
   * refused without it.
   *
   * @default false
   */
  readonly unsafeAllowAllWorkflowRuns?: boolean;

  /**
   * UNSAFE: allow `*` or `?` in `owner`. Anyone can create a GitHub account whose name matches a
   * pattern, so this trusts strangers' repositories.
   *
   * @default false
   */
  readonly unsafeAllowWildcardOwner?: boolean;

  /**
   * UNSAFE: allow `*` or `?` in `repository`: every matching repository of the owner (including ones
   * created later) may assume the role.
   *
   * @default false
   */
  readonly unsafeAllowWildcardRepository?: boolean;
}

// GitHub: owners are letters, digits and single hyphens (underscores for managed users); repositories
// letters, digits, '.', '_' and '-', at most 100 characters.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/;
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;

const OPTION_TYPES: Record<keyof GitHubActionsProviderOptions, OptionType> = {
  owner: 'string',
  repository: 'string',
  ownerId: 'number',
  repositoryId: 'number',
  branches: 'strings',
  tags: 'strings',
  environments: 'strings',
  pullRequests: 'boolean',
  audience: 'string',
  enterpriseServerHost: 'string',
  enterpriseSlug: 'string',
  dataResidencySubdomain: 'string',
  nameSubjectsUntil: 'string',
  jobWorkflowRefs: 'strings',
  oidcProvider: 'oidcProvider',
  unsafeAllowAllWorkflowRuns: 'boolean',
  unsafeAllowWildcardOwner: 'boolean',
  unsafeAllowWildcardRepository: 'boolean',
};
const FILTERS = ['branches', 'tags', 'environments', 'pullRequests'];
const ALL_RUNS = 'unsafeAllowAllWorkflowRuns';

/** Validates the options and returns the trust they describe. */
export function gitHubActionsTrust(given: GitHubActionsProviderOptions): CiTrust {
  const problems = new InputProblems('CiProvider.gitHubActions() options');
  const { options, wrong } = typedOptions<GitHubActionsProviderOptions>(problems, given, OPTION_TYPES,
    () => '{ owner: \'acme\', repository: \'api\', branches: [\'main\'] }');
  const owner = options.owner;
  const repository = options.repository;
  if (!wrong.has('owner')) checkOwner(problems, owner, options.unsafeAllowWildcardOwner === true);
  if (!wrong.has('repository')) checkRepository(problems, owner, repository, options.unsafeAllowWildcardRepository === true);
  checkIds(problems, options);

  const allRuns = options.unsafeAllowAllWorkflowRuns === true;
  const lists: Array<[string, readonly string[] | undefined, FilterField, string, string]> = [
    ['branches', options.branches, 'branch', '[\'main\']', '\'main\' or \'release/*\''],
    ['tags', options.tags, 'tag', '[\'v*\']', '\'v1.2.3\' or \'v*\''],
    ['environments', options.environments, 'environment', '[\'production\']', '\'production\''],
  ];
  let catchAll = false;
  for (const [property, values, field, listExample, example] of lists) {
    if (!checkListKnown(problems, property, values)) continue;
    checkNotEmpty(problems, property, values, listExample);
    values?.forEach((value, i) => {
      if (field === 'environment') checkEnvironmentName(problems, `${property}[${i}]`, value);
      else checkRefName(problems, `${property}[${i}]`, value, field);
      catchAll = checkNotCatchAll(problems, `${property}[${i}]`, value, field, example, { name: ALL_RUNS, set: allRuns }) || catchAll;
    });
  }

  // with filters, the all-runs opt-in only acknowledges those that match every value of their field
  const filtered = lists.some(([, values]) => (values?.length ?? 0) > 0) || options.pullRequests === true;
  if (allRuns && filtered && !catchAll) {
    problems.add(ALL_RUNS, true, 'already lets every run of the repository assume the role when used alone, and none of the branch, tag or ' +
      'environment filters matches every value it would acknowledge, so with them it would have no effect',
    'keep the filters and drop unsafeAllowAllWorkflowRuns, or drop the filters');
  } else if (!allRuns && !filtered && !lists.some(([, values]) => values?.length === 0) && !FILTERS.some((f) => wrong.has(f))) {
    problems.add('branches, tags, environments, pullRequests', undefined,
      'the role needs at least one of them, so that it trusts only the runs you name (a role that every run of the repository can assume, ' +
      'any branch or pull request, is an explicit opt-in)',
      'name the runs that may assume the role, e.g. branches: [\'main\'], tags: [\'v*\'], environments: [\'production\'] or pullRequests: true ' +
      '(or set unsafeAllowAllWorkflowRuns: true to accept every run)');
  }

  const audience = options.audience ?? GITHUB_AUDIENCE;
  checkAudience(problems, 'audience', audience);
  const issuerUrl = gitHubIssuer(problems, options);
  checkOidcProviderIssuer(problems, 'oidcProvider', options.oidcProvider, issuerUrl);
  const until = nameSubjectsUntil(problems, options);
  const workflows = checkEntries(problems, 'jobWorkflowRefs', options.jobWorkflowRefs,
    `['${owner}/workflows/.github/workflows/push-image.yml@refs/heads/main']`, (property, ref) => checkJobWorkflowRef(problems, property, ref));
  problems.throwIfAny();

  const owned = (name: string, id: number | undefined) => id === undefined ? name : `${name}@${id}`;
  const everyRun = allRuns && !filtered;
  const subjectsOf = (prefix: string) => everyRun ? [`${prefix}:*`] : [
    ...(options.branches ?? []).map((b) => `${prefix}:ref:refs/heads/${b}`),
    ...(options.tags ?? []).map((t) => `${prefix}:ref:refs/tags/${t}`),
    ...(options.environments ?? []).map((e) => `${prefix}:environment:${e}`),
    ...(options.pullRequests === true ? [`${prefix}:pull_request`] : []),
  ];
  const subjects = subjectsOf(`repo:${owned(owner, options.ownerId)}/${owned(repository, options.repositoryId)}`);
  return oidcTrust({
    claims: workflows.length > 0 ? { job_workflow_ref: workflows } : undefined,
    expiring: until === undefined ? undefined : { subjects: subjectsOf(`repo:${owner}/${repository}`), until, spanning: everyRun },
    onBind: until === undefined ? undefined : (scope) => warnIfNameSubjectsExpired(scope, until, `${owner}/${repository}`),
    issuerUrl,
    audience,
    subjects,
    wildcardsSpanClaims: everyRun,
    oidcProvider: options.oidcProvider,
    description: `GitHub Actions ${owner}/${repository} (${describeFilters(options, everyRun)})`,
    trustsPullRequests: options.pullRequests === true || everyRun,
  });
}

function checkOwner(problems: InputProblems, owner: string, wildcardAllowed: boolean): void {
  if (isToken(owner)) return;
  if (owner === undefined || owner === '') {
    problems.add('owner', owner, 'must name the owner (the role trusts one repository of one owner)', 'pass the organization or user, e.g. owner: \'acme\'');
  } else if (hasWildcard(owner) && !wildcardAllowed) {
    problems.add('owner', owner, 'holds a wildcard, which would trust repositories of any GitHub account whose name matches (anyone can create one)',
      'pass the exact owner, e.g. owner: \'acme\' (or set unsafeAllowWildcardOwner: true)');
  } else if (/^https?:\/\//.test(owner) || owner.includes('/')) {
    const parts = owner.replace(/^https?:\/\/[^/]+\//, '').split('/').filter((p) => p.length > 0);
    problems.add('owner', owner, 'is not an owner name (it holds a \'/\')',
      parts.length >= 2 ? `pass owner: '${parts[0]}' and repository: '${parts[1].replace(/\.git$/, '')}'` : 'pass the organization or user name alone, e.g. \'acme\'');
  } else if (owner.length > 100 || !OWNER.test(owner.replace(/[*?]/g, 'x'))) {
    problems.add('owner', owner, 'is not a GitHub owner name (letters, digits and single hyphens, not starting or ending with a hyphen)',
      'pass the organization or user name as it appears in the repository URL, e.g. \'acme\'');
  }
}

function checkRepository(problems: InputProblems, owner: string, repository: string, wildcardAllowed: boolean): void {
  if (isToken(repository)) return;
  if (repository === undefined || repository === '') {
    problems.add('repository', repository, 'must name the repository (the role trusts one repository)', 'pass the repository name, e.g. repository: \'api\'');
  } else if (hasWildcard(repository) && !wildcardAllowed) {
    problems.add('repository', repository, `holds a wildcard, which would trust every matching repository of ${owner}, including ones created later`,
      'pass the exact repository name, e.g. repository: \'api\' (or set unsafeAllowWildcardRepository: true)');
  } else if (repository.includes('/')) {
    const parts = repository.replace(/^https?:\/\/[^/]+\//, '').split('/');
    problems.add('repository', repository, 'is not a repository name: the owner goes in owner',
      `pass owner: '${parts[0]}' and repository: '${(parts[1] ?? '').replace(/\.git$/, '') || 'api'}'`);
  } else if (repository.endsWith('.git')) {
    problems.add('repository', repository, 'ends in \'.git\', which is part of the clone URL, not of the name', `pass repository: '${repository.slice(0, -4)}'`);
  } else if (!REPOSITORY.test(repository.replace(/[*?]/g, 'x')) || repository === '.' || repository === '..') {
    problems.add('repository', repository, 'is not a GitHub repository name (1–100 letters, digits, \'.\', \'_\' or \'-\')',
      'pass the name as it appears in the repository URL, e.g. \'api\'');
  }
}

function checkIds(problems: InputProblems, options: GitHubActionsProviderOptions): void {
  for (const property of ['ownerId', 'repositoryId'] as const) {
    const id = options[property];
    if (id === undefined || isToken(id)) continue;
    if (!Number.isSafeInteger(id) || id <= 0) {
      problems.add(property, id, 'is not a GitHub id (a positive whole number)', `read it with gh api repos/${options.owner}/${options.repository} --jq ${property === 'ownerId' ? '.owner.id' : '.id'}`);
    }
  }
  if (options.repositoryId !== undefined && options.ownerId === undefined) {
    problems.add('ownerId', undefined, 'must come with repositoryId: immutable subjects carry both ids (repo:<owner>@<ownerId>/<repository>@<repositoryId>:...)',
      `add ownerId (gh api repos/${options.owner}/${options.repository} --jq .owner.id)`);
  }
  if (options.ownerId !== undefined && options.repositoryId === undefined && !hasWildcard(options.repository ?? '')) {
    problems.add('repositoryId', undefined, 'must come with ownerId: immutable subjects carry both ids (repo:<owner>@<ownerId>/<repository>@<repositoryId>:...)',
      `add repositoryId (gh api repos/${options.owner}/${options.repository} --jq .id)`);
  }
}

function describeFilters(options: GitHubActionsProviderOptions, everyRun: boolean): string {
  if (everyRun) return 'every workflow run';
  const parts: string[] = [];
  if (options.branches?.length) parts.push(`branches ${options.branches.join(', ')}`);
  if (options.tags?.length) parts.push(`tags ${options.tags.join(', ')}`);
  if (options.environments?.length) parts.push(`environments ${options.environments.join(', ')}`);
  if (options.pullRequests === true) parts.push('pull requests');
  return parts.join('; ');
}
