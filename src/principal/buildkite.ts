import * as iam from 'aws-cdk-lib/aws-iam';
import { checkAudience, checkOidcProviderIssuer, oidcTrust } from './oidc-trust';
import { OptionType, typedOptions } from './option-types';
import { checkEntries, checkFilterOrOptIn, checkPinned, checkRefFilters, ValueShape } from './provider-values';
import { CiTrust } from './trust';
import { InputProblems } from '../private/input-problems';

/** Buildkite signs the tokens of every organization with one issuer. */
export const BUILDKITE_ISSUER = 'https://agent.buildkite.com';

/**
 * Which Buildkite jobs may assume the role: the pipelines of one organization, and the branches,
 * tags or steps you name.
 *
 * Buildkite's token has the subject
 * `organization:<organization>:pipeline:<pipeline>:ref:<ref>:commit:<commit>:step:<step key>`, with
 * `step:` empty for a step without a key. The job requests it with the audience `sts.amazonaws.com`
 * (`aws-assume-role-with-web-identity` plugin, or `buildkite-agent oidc request-token --audience sts.amazonaws.com`).
 *
 * @see https://buildkite.com/docs/pipelines/security/oidc/aws
 */
export interface BuildkiteProviderOptions {
  /** The organization's slug, as in its URL (`https://buildkite.com/<slug>`). */
  readonly organization: string;

  /** The slugs of the pipelines whose jobs may assume the role. */
  readonly pipelines: string[];

  /**
   * Branches whose builds may assume the role (`main`, or patterns such as `release/*`). A wildcard
   * matches within the branch name only; a pattern that names no branch (`*`) needs `unsafeAllowAllBuilds`.
   *
   * @default - no branch
   */
  readonly branches?: string[];

  /**
   * Tags whose builds may assume the role (`v1.2.3`, or patterns such as `v*`).
   *
   * @default - no tag
   */
  readonly tags?: string[];

  /**
   * The keys of the steps that may assume the role (`key:` in the pipeline's YAML). A step key is
   * chosen by whoever edits the pipeline file of the branch, so it narrows which jobs of a trusted
   * branch get the role but never stands in for `branches`.
   *
   * @default - any step of the builds named by `branches` and `tags`
   */
  readonly stepKeys?: string[];

  /**
   * The audience the job requests its token for.
   *
   * @default 'sts.amazonaws.com'
   */
  readonly audience?: string;

  /**
   * Whether jobs may pass session tags (`session-tags:` of the plugin, `--aws-session-tag` of the
   * agent). The trust then also allows `sts:TagSession`, only for tags whose `organization_slug` is
   * this organization and whose `pipeline_slug`, when sent, is one of `pipelines`; jobs must send
   * `organization_slug`.
   *
   * @default false
   * @see https://buildkite.com/docs/agent/v3/cli-oidc
   */
  readonly sessionTags?: boolean;

  /**
   * The account's existing IAM OIDC provider for `https://agent.buildkite.com`.
   *
   * @default - the provider this app creates for the issuer in this account (one per account)
   */
  readonly oidcProvider?: iam.IOIDCProviderRef;

  /**
   * UNSAFE: let the builds of every branch and tag of the pipelines assume the role, including a
   * branch anyone with push access creates. With `branches` or `tags`, it accepts those that match
   * every value (`['*']`), which are refused without it.
   *
   * @default false
   */
  readonly unsafeAllowAllBuilds?: boolean;
}

// Buildkite slugs are lower-case letters, digits and hyphens; '_' is accepted in case older ones have it
const SLUG = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/;
const ORGANIZATION: ValueShape = { pattern: SLUG, what: 'a Buildkite organization slug', fix: 'the slug from the organization URL, e.g. organization: \'acme\'' };
const PIPELINE: ValueShape = { pattern: SLUG, what: 'a Buildkite pipeline slug', fix: 'the slug from the pipeline URL, e.g. \'api\'' };
// step keys: letters, digits, '-', '_' (a ':' would shift the claims of an unnamed step)
const STEP: ValueShape = { pattern: /^[A-Za-z0-9_-]{1,100}$/, what: 'a step key this role can match', fix: 'the step\'s key: as in the pipeline YAML, e.g. \'push-image\'' };

const OPTION_TYPES: Record<keyof BuildkiteProviderOptions, OptionType> = {
  organization: 'string',
  pipelines: 'strings',
  branches: 'strings',
  tags: 'strings',
  stepKeys: 'strings',
  audience: 'string',
  sessionTags: 'boolean',
  oidcProvider: 'oidcProvider',
  unsafeAllowAllBuilds: 'boolean',
};
const ALL_BUILDS = 'unsafeAllowAllBuilds';

/** Validates the options and returns the trust they describe. */
export function buildkiteTrust(given: BuildkiteProviderOptions): CiTrust {
  const problems = new InputProblems('CiProvider.buildkite() options');
  const { options } = typedOptions<BuildkiteProviderOptions>(problems, given, OPTION_TYPES,
    () => '{ organization: \'acme\', pipelines: [\'api\'], branches: [\'main\'] }');
  checkPinned(problems, 'organization', options.organization, ORGANIZATION);
  const pipelines = checkEntries(problems, 'pipelines', options.pipelines, '[\'api\']', (p, v) => checkPinned(problems, p, v, PIPELINE),
    'the pipelines whose jobs may assume the role');
  const stepKeys = checkEntries(problems, 'stepKeys', options.stepKeys, '[\'push-image\']', (p, v) => checkPinned(problems, p, v, STEP));

  const allBuilds = options.unsafeAllowAllBuilds === true;
  const { refs, catchAll } = checkRefFilters(problems, options, { name: ALL_BUILDS, set: allBuilds });
  checkFilterOrOptIn(problems, 'branches, tags', ALL_BUILDS, allBuilds, refs.length > 0, catchAll,
    'branches: [\'main\'] or tags: [\'v*\']', 'a build of any branch of the pipelines');

  const audience = options.audience ?? 'sts.amazonaws.com';
  checkAudience(problems, 'audience', audience);
  checkOidcProviderIssuer(problems, 'oidcProvider', options.oidcProvider, BUILDKITE_ISSUER);
  problems.throwIfAny();

  // every claim is written out: the commit (and the step, unless named) vary, and each '*' stays
  // within its claim (claim-bounded.ts), so a branch cannot reach the pipeline or organization claims
  const organization = options.organization;
  const steps = stepKeys.length > 0 ? stepKeys : ['*'];
  const subjects = pipelines.flatMap((pipeline) => (refs.length > 0 ? refs : ['*']).flatMap((ref) =>
    steps.map((step) => `organization:${organization}:pipeline:${pipeline}:ref:${ref}:commit:*:step:${step}`)));
  return oidcTrust({
    issuerUrl: BUILDKITE_ISSUER,
    audience,
    subjects,
    oidcProvider: options.oidcProvider,
    description: `Buildkite ${organization} pipelines ${pipelines.join(', ')} (${refs.length > 0 ? refs.join(', ') : 'every build'})`,
    trustsPullRequests: refs.length === 0 || catchAll,
    // the tags come from the token's own claims (AWS reads them from its https://aws.amazon.com/tags claim)
    sessionTagConditions: options.sessionTags === true ? {
      StringEquals: { 'aws:RequestTag/organization_slug': organization },
      StringEqualsIfExists: { 'aws:RequestTag/pipeline_slug': pipelines.length === 1 ? pipelines[0] : [...pipelines] },
    } : undefined,
  });
}
