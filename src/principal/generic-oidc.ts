import * as iam from 'aws-cdk-lib/aws-iam';
import { checkAudience, checkIssuerUrl, checkOidcProviderIssuer, oidcTrust } from './oidc-trust';
import { OptionType, typedOptions } from './option-types';
import { catchAllSubjectReason, checkListKnown } from './subject-input';
import { CiTrust } from './trust';
import { InputProblems, isToken } from '../private/input-problems';

/**
 * Any OIDC issuer (Jenkins, a self-hosted runner platform, a provider's customized subject format):
 * the role trusts tokens from the issuer with exactly this audience and one of these subjects.
 * GitHub Actions, GitLab, Buildkite, HCP Terraform, Bitbucket Pipelines, CircleCI, Azure DevOps and
 * Spacelift have factories of their own that write their default subject formats.
 */
export interface GenericOidcProviderOptions {
  /** The issuer URL, exactly as the token's `iss` claim has it (`https://agent.buildkite.com`). */
  readonly issuer: string;

  /** The audience (`aud` claim) your CI requests its token for; always matched exactly. */
  readonly audience: string;

  /**
   * The `sub` claims that may assume the role. Subjects with `*` or `?` are matched with
   * `StringLike`, the others with `StringEquals`. A wildcard matches within one claim, never across
   * a `:`, so `…:ref:refs/heads/release/*` does not match `…:ref:refs/heads/release/x:env:prod`:
   * write one `*` for each claim value that varies (`…:commit:*:step:*`, not `…:main:*`), and one
   * subject per shape the issuer sends. A subject that pins no value (`*:*`, `organization:*`,
   * `repo:acme/*:*`) needs `unsafeAllowAnySubject`.
   *
   * @default - none: refused unless `unsafeAllowAnySubject` is set
   */
  readonly subjects?: string[];

  /**
   * The account's existing IAM OIDC provider for this issuer (an account holds one per issuer).
   *
   * @default - the provider this app creates for the issuer in this account (one per account)
   */
  readonly oidcProvider?: iam.IOIDCProviderRef;

  /**
   * UNSAFE: trust every token of the issuer with this audience, whatever its subject. With
   * `subjects`, it accepts those that pin no value (`organization:*`), which are refused without it.
   *
   * @default false
   */
  readonly unsafeAllowAnySubject?: boolean;
}

const OPTION_TYPES: Record<keyof GenericOidcProviderOptions, OptionType> = {
  issuer: 'string', audience: 'string', subjects: 'strings', oidcProvider: 'oidcProvider', unsafeAllowAnySubject: 'boolean',
};
const EXAMPLE_SUBJECT = 'organization:acme:pipeline:api:ref:refs/heads/main:commit:*:step:*';

/** Validates the options and returns the trust they describe. */
export function genericOidcTrust(given: GenericOidcProviderOptions): CiTrust {
  const problems = new InputProblems('CiProvider.oidc() options');
  const { options, wrong } = typedOptions<GenericOidcProviderOptions>(problems, given, OPTION_TYPES,
    () => `{ issuer: 'https://agent.buildkite.com', audience: 'sts.amazonaws.com', subjects: ['${EXAMPLE_SUBJECT}'] }`);
  if (!wrong.has('issuer')) checkIssuerUrl(problems, 'issuer', options.issuer ?? '');
  if (!wrong.has('audience')) checkAudience(problems, 'audience', options.audience ?? '');
  if (options.issuer !== undefined) checkOidcProviderIssuer(problems, 'oidcProvider', options.oidcProvider, options.issuer);

  const subjects = options.subjects;
  const anySubject = options.unsafeAllowAnySubject === true;
  let catchAll = false;
  if (checkListKnown(problems, 'subjects', subjects)) {
    subjects?.forEach((subject, i) => {
      if (isToken(subject)) return;
      const reason = catchAllSubjectReason(subject);
      if (subject.length === 0 || /^[*?]+$/.test(subject)) {
        problems.add(`subjects[${i}]`, subject, 'matches every subject', 'write the subject out, with a wildcard only where it varies');
      } else if (/[\x00-\x1f\x7f]/.test(subject) || subject.trim() !== subject) {
        problems.add(`subjects[${i}]`, subject, 'holds control characters or leading/trailing spaces', 'copy the sub claim exactly from a token');
      } else if (reason !== undefined) {
        catchAll = true;
        if (!anySubject) {
          problems.add(`subjects[${i}]`, subject, reason, 'write the subject out with your organization, project or pipeline, and a wildcard ' +
            `only for a claim value that varies, e.g. '${EXAMPLE_SUBJECT}' (or set unsafeAllowAnySubject: true to accept it)`);
        }
      }
    });
    if (anySubject && subjects !== undefined && !catchAll) {
      problems.add('unsafeAllowAnySubject', true, 'trusts every subject when used alone, and none of the subjects pins so little that it would ' +
        'acknowledge it, so with them it would have no effect', 'keep subjects and drop unsafeAllowAnySubject, or drop subjects');
    } else if (!anySubject && (subjects === undefined || subjects.length === 0) && !wrong.has('subjects')) {
      problems.add('subjects', subjects, 'names no subject, so any workload the issuer signs a token for could assume the role',
        `list the sub claims that may assume it, e.g. ['${EXAMPLE_SUBJECT}'] (or set unsafeAllowAnySubject: true)`);
    }
  }
  problems.throwIfAny();

  return oidcTrust({
    issuerUrl: options.issuer,
    audience: options.audience,
    subjects: subjects ?? [],
    oidcProvider: options.oidcProvider,
    description: `OIDC ${options.issuer}`,
    trustsPullRequests: false,
  });
}
