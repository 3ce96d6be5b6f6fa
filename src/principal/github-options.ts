import { IConstruct } from 'constructs';
import { GitHubActionsProviderOptions } from './github-actions';
import { beforeSynth } from '../private/before-synth';
import { InputProblems, isToken } from '../private/input-problems';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

// What a GitHub Actions trust needs beyond the repository and its filters: the issuer of each GitHub
// product, the reusable workflows (a claim of its own), and the dated move to immutable subjects.

/** The issuer of GitHub Actions tokens on github.com. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

// `<owner>/<repository>/.github/workflows/<file>.yml@<ref or sha>`: a wildcard only after the '@'
const JOB_WORKFLOW_REF = /^[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9._-]+\/\.github\/workflows\/[^@*?\s]+\.ya?ml@(?:refs\/(?:heads|tags)\/[^\s]+|[0-9a-f]{40})$/;

export function checkJobWorkflowRef(problems: InputProblems, property: string, ref: string): void {
  if (isToken(ref) || JOB_WORKFLOW_REF.test(ref)) return;
  problems.add(property, ref, 'is not a job_workflow_ref (<owner>/<repository>/.github/workflows/<file>.yml@refs/heads/<branch>, ' +
    'refs/tags/<tag> or a commit sha; a wildcard only after the \'@\')', 'copy it from the claim, e.g. \'acme/workflows/.github/workflows/push-image.yml@refs/heads/main\'');
}

// ISO 8601 in UTC, a date or a date and time: what aws:CurrentTime is compared with
const MOMENT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z)?$/;

/** The end of the name-based subjects as IAM's date format, or undefined without the option. */
export function nameSubjectsUntil(problems: InputProblems, options: GitHubActionsProviderOptions): string | undefined {
  const until = options.nameSubjectsUntil;
  if (until === undefined) return undefined;
  if (options.ownerId === undefined || options.repositoryId === undefined) {
    problems.add('nameSubjectsUntil', until, 'keeps the name-based subjects during a move to immutable subjects, which needs ownerId and repositoryId',
      `add ownerId and repositoryId (gh api repos/${options.owner}/${options.repository} --jq '.owner.id, .id'), or drop nameSubjectsUntil`);
  }
  if (isToken(until)) return until;
  const moment = /T/.test(until) ? until : `${until}T00:00:00Z`;
  if (!MOMENT.test(until) || Number.isNaN(Date.parse(moment))) {
    problems.add('nameSubjectsUntil', until, 'is not a date or time in ISO 8601 (UTC)', 'write it as \'2027-01-31\' or \'2027-01-31T12:00:00Z\'');
  }
  return moment;
}

// checked when the app is synthesized, not when it was written: the warning appears on the first
// synth after the date, so the option does not outlive its purpose unnoticed
export function warnIfNameSubjectsExpired(scope: IConstruct, until: string, repository: string): void {
  beforeSynth(scope, () => {
    if (isToken(until) || Date.parse(until) > Date.now()) return;
    warn(scope, EcrWarnings.GITHUB_NAME_SUBJECTS_EXPIRED, `The role accepts the name-based subjects of ${repository} only until ${until}, ` +
    'which has passed: IAM now refuses them. Remove nameSubjectsUntil once every workflow sends the immutable subject, ' +
    'or move the date if some still send the old one.');
  });
}

export function gitHubIssuer(problems: InputProblems, options: GitHubActionsProviderOptions): string {
  const host = options.enterpriseServerHost;
  const slug = options.enterpriseSlug;
  const subdomain = options.dataResidencySubdomain;
  if (subdomain !== undefined) {
    if (host !== undefined) {
      problems.add('dataResidencySubdomain', subdomain, 'cannot be combined with enterpriseServerHost (a server issues its own tokens)',
        'keep dataResidencySubdomain for GHE.com, or enterpriseServerHost for GitHub Enterprise Server');
    }
    const bare = isToken(subdomain) ? subdomain : subdomain.replace(/^https?:\/\//, '').replace(/\.ghe\.com.*$/, '');
    if (!isToken(subdomain) && (bare !== subdomain || !SLUG.test(subdomain))) {
      problems.add('dataResidencySubdomain', subdomain, 'is not a GHE.com subdomain', `pass the part before .ghe.com, e.g. '${SLUG.test(bare) ? bare : 'octocorp'}'`);
    }
    if (slug !== undefined && !isToken(slug) && !SLUG.test(slug)) {
      problems.add('enterpriseSlug', slug, 'is not an enterprise slug (lower-case letters, digits and hyphens)', `pass the slug, e.g. '${bare}'`);
    }
    const issuer = `https://token.actions.${subdomain}.ghe.com`;
    return slug === undefined ? issuer : `${issuer}/${slug}`;
  }
  if (host !== undefined && slug !== undefined) {
    problems.add('enterpriseServerHost', host, 'cannot be combined with enterpriseSlug (a server issues its own tokens; a slug selects an enterprise\'s issuer on github.com)',
      'keep enterpriseServerHost for GitHub Enterprise Server, or enterpriseSlug for GitHub Enterprise Cloud');
  }
  if (host !== undefined) {
    if (!isToken(host)) {
      const bare = host.replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase();
      if (bare === 'github.com' || bare === 'token.actions.githubusercontent.com') {
        problems.add('enterpriseServerHost', host, 'is github.com, not a GitHub Enterprise Server', 'leave enterpriseServerHost out for github.com');
      } else if (!HOST.test(host)) {
        problems.add('enterpriseServerHost', host, 'is not a host name', `pass the host alone, e.g. '${HOST.test(bare) ? bare : 'github.example.com'}'`);
      }
    }
    return `https://${host}/_services/token`;
  }
  if (slug !== undefined) {
    if (!isToken(slug) && !SLUG.test(slug)) {
      problems.add('enterpriseSlug', slug, 'is not an enterprise slug (lower-case letters, digits and hyphens)', 'pass the slug from your enterprise URL, e.g. \'acme\'');
    }
    return `${GITHUB_ISSUER}/${slug}`;
  }
  return GITHUB_ISSUER;
}
