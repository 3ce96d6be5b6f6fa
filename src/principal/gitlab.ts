import * as iam from 'aws-cdk-lib/aws-iam';
import { checkAudience, checkIssuerUrl, checkOidcProviderIssuer, oidcTrust } from './oidc-trust';
import { OptionType, typedOptions } from './option-types';
import { checkListKnown, checkNotCatchAll, checkNotEmpty, checkRefName } from './subject-input';
import { CiTrust, hasWildcard } from './trust';
import { InputProblems, isToken } from '../private/input-problems';

/** The issuer of GitLab.com's CI/CD ID tokens. */
export const GITLAB_ISSUER = 'https://gitlab.com';

/**
 * Which GitLab CI/CD jobs may assume the role: one project, and the branches or tags you name.
 *
 * GitLab puts the project and the ref in the ID token's `sub` claim:
 * `project_path:<group>/<project>:ref_type:branch:ref:<branch>` or `…:ref_type:tag:ref:<tag>`.
 * The job requests the token with `id_tokens:` and the audience below.
 *
 * @see https://docs.gitlab.com/ci/secrets/id_token_authentication/
 */
export interface GitLabProviderOptions {
  /** The project's full path: its group, any subgroups and the project (`acme/platform/api`). */
  readonly projectPath: string;

  /**
   * Branches whose pipelines may assume the role (`main`, or patterns such as `release/*`). A
   * wildcard matches within the branch name only; a pattern that names no branch (`*`) needs
   * `unsafeAllowAllPipelines`.
   *
   * @default - no branch
   */
  readonly branches?: string[];

  /**
   * Tags whose pipelines may assume the role (`v1.2.3`, or patterns such as `v*`). A wildcard
   * matches within the tag name only; a pattern that names no tag (`*`) needs `unsafeAllowAllPipelines`.
   *
   * @default - no tag
   */
  readonly tags?: string[];

  /**
   * The URL of your GitLab instance, which issues the tokens (`https://gitlab.example.com`).
   *
   * @default 'https://gitlab.com'
   */
  readonly instanceUrl?: string;

  /**
   * The audience the job requests in `id_tokens: <NAME>: aud:`.
   *
   * @default - the instance URL, as GitLab's AWS guide configures it
   */
  readonly audience?: string;

  /**
   * The account's existing IAM OIDC provider for this instance (an account holds one per issuer).
   *
   * @default - the provider this app creates for the instance in this account (one per account)
   */
  readonly oidcProvider?: iam.IOIDCProviderRef;

  /**
   * UNSAFE: let every pipeline of the project assume the role. Alone, any branch or tag, including
   * merge request pipelines: `project_path:<path>:*`. With branches or tags, it accepts those that
   * match every ref of their kind (`branches: ['*']`), which are refused without it.
   *
   * @default false
   */
  readonly unsafeAllowAllPipelines?: boolean;

  /**
   * UNSAFE: allow `*` or `?` in `projectPath`, so that every matching project (including ones created
   * later) may assume the role.
   *
   * @default false
   */
  readonly unsafeAllowWildcardProjectPath?: boolean;
}

// GitLab paths: segments of letters, digits, '_', '-' and '.', not starting with '-' or '.', at least group/project.
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

const OPTION_TYPES: Record<keyof GitLabProviderOptions, OptionType> = {
  projectPath: 'string',
  branches: 'strings',
  tags: 'strings',
  instanceUrl: 'string',
  audience: 'string',
  oidcProvider: 'oidcProvider',
  unsafeAllowAllPipelines: 'boolean',
  unsafeAllowWildcardProjectPath: 'boolean',
};
const ALL_PIPELINES = 'unsafeAllowAllPipelines';

/** Validates the options and returns the trust they describe. */
export function gitLabTrust(given: GitLabProviderOptions): CiTrust {
  const problems = new InputProblems('CiProvider.gitLab() options');
  const { options, wrong } = typedOptions<GitLabProviderOptions>(problems, given, OPTION_TYPES,
    (text) => `{ projectPath: '${text ?? 'acme/api'}', branches: ['main'] }`);
  const path = options.projectPath;
  if (!wrong.has('projectPath')) checkProjectPath(problems, path, options.unsafeAllowWildcardProjectPath === true);

  const allPipelines = options.unsafeAllowAllPipelines === true;
  const lists: Array<['branches' | 'tags', readonly string[] | undefined, 'branch' | 'tag', string]> = [
    ['branches', options.branches, 'branch', '\'main\' or \'release/*\''], ['tags', options.tags, 'tag', '\'v1.2.3\' or \'v*\''],
  ];
  let catchAll = false;
  for (const [property, values, field, example] of lists) {
    if (!checkListKnown(problems, property, values)) continue;
    checkNotEmpty(problems, property, values, property === 'branches' ? '[\'main\']' : '[\'v*\']');
    values?.forEach((value, i) => {
      checkRefName(problems, `${property}[${i}]`, value, field);
      catchAll = checkNotCatchAll(problems, `${property}[${i}]`, value, field, example, { name: ALL_PIPELINES, set: allPipelines }) || catchAll;
    });
  }
  // with branches or tags, the all-pipelines opt-in only acknowledges those that match every ref of their kind
  const filtered = (options.branches?.length ?? 0) + (options.tags?.length ?? 0) > 0;
  if (allPipelines && filtered && !catchAll) {
    problems.add(ALL_PIPELINES, true, 'already lets every pipeline of the project assume the role when used alone, and none of the branches ' +
      'or tags matches every ref it would acknowledge, so with them it would have no effect',
    'keep branches/tags and drop unsafeAllowAllPipelines, or drop branches/tags');
  } else if (!allPipelines && !filtered && !lists.some(([, values]) => values?.length === 0) && !wrong.has('branches') && !wrong.has('tags')) {
    problems.add('branches, tags', undefined,
      'the role needs at least one of them, so that it trusts only the pipelines you name (a role that every pipeline of the project can assume is an explicit opt-in)',
      'name the refs whose pipelines may assume the role, e.g. branches: [\'main\'] or tags: [\'v*\'] (or set unsafeAllowAllPipelines: true)');
  }

  const issuerUrl = options.instanceUrl ?? GITLAB_ISSUER;
  checkIssuerUrl(problems, 'instanceUrl', issuerUrl);
  const audience = options.audience ?? issuerUrl;
  checkAudience(problems, 'audience', audience);
  checkOidcProviderIssuer(problems, 'oidcProvider', options.oidcProvider, issuerUrl);
  problems.throwIfAny();

  const prefix = `project_path:${path}`;
  const everyPipeline = allPipelines && !filtered;
  const subjects = everyPipeline ? [`${prefix}:*`] : [
    ...(options.branches ?? []).map((b) => `${prefix}:ref_type:branch:ref:${b}`),
    ...(options.tags ?? []).map((t) => `${prefix}:ref_type:tag:ref:${t}`),
  ];
  const filters = [
    options.branches?.length ? `branches ${options.branches.join(', ')}` : undefined,
    options.tags?.length ? `tags ${options.tags.join(', ')}` : undefined,
  ].filter((f) => f !== undefined).join('; ');
  return oidcTrust({
    issuerUrl,
    audience,
    subjects,
    wildcardsSpanClaims: everyPipeline,
    oidcProvider: options.oidcProvider,
    description: `GitLab CI ${path} (${everyPipeline ? 'every pipeline' : filters})`,
    trustsPullRequests: everyPipeline,
  });
}

function checkProjectPath(problems: InputProblems, path: string, wildcardAllowed: boolean): void {
  if (isToken(path)) return;
  if (path === undefined || path === '') {
    problems.add('projectPath', path, 'must name the project (the role trusts one project)', 'pass the project\'s full path, e.g. projectPath: \'acme/api\'');
    return;
  }
  if (hasWildcard(path) && !wildcardAllowed) {
    problems.add('projectPath', path, 'holds a wildcard, which would trust every matching project, including ones created later',
      'pass the exact project path, e.g. \'acme/api\' (or set unsafeAllowWildcardProjectPath: true)');
    return;
  }
  const cleaned = path.replace(/^https?:\/\/[^/]+\//, '').replace(/\.git$/, '').replace(/^\/+|\/+$/g, '');
  if (cleaned !== path) {
    problems.add('projectPath', path, 'is a URL or clone path, not a project path', `pass projectPath: '${cleaned}'`);
    return;
  }
  const segments = path.split('/');
  if (segments.length < 2 || segments.some((s) => !SEGMENT.test(s.replace(/[*?]/g, 'x'))) || path.length > 255) {
    problems.add('projectPath', path,
      'is not a GitLab project path (group, any subgroups and the project, separated by \'/\'; letters, digits, \'_\', \'-\' and \'.\')',
      'pass the path as it appears in the project URL, e.g. \'acme/platform/api\'');
  }
}
