import * as iam from 'aws-cdk-lib/aws-iam';
import { typedOptions, typedString } from './option-types';
import { CiTrust } from './trust';
import { checkAccountId } from '../private/ecr-names';
import { InputProblems, isToken } from '../private/input-problems';

/**
 * Options for a role that a CI account assumes (Jenkins, a self-hosted runner fleet, a CodeBuild
 * project of a central CI account). The CI account's administrators decide which of its principals
 * may assume the role, with an identity policy allowing `sts:AssumeRole` on it.
 */
export interface AccountProviderOptions {
  /**
   * An external id the caller must pass (`aws sts assume-role --external-id`), when a third party
   * runs the CI account.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
   */
  readonly externalId?: string;

  /**
   * Session tags the caller may pass (`aws sts assume-role --tags`, or transitive tags of a role
   * chain), each key with the values it may take. The trust then also allows `sts:TagSession`, only
   * for these keys and values: any other key or value is refused, so tags that the role's
   * permissions or others' conditions rely on (`aws:PrincipalTag/...`) cannot be chosen freely.
   *
   * @default - no session tags: a call that passes tags is refused
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
   */
  readonly allowedSessionTags?: AllowedSessionTag[];
}

/** A session tag key that callers may pass, and the values it may take. */
export interface AllowedSessionTag {
  /** The tag key (case-sensitive in conditions, as callers pass it). */
  readonly key: string;

  /** The values the tag may take, matched exactly. */
  readonly values: string[];
}

// STS: 2–1224 characters of letters, digits and +=,.@:/-
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** Validates the input and returns the trust it describes. */
export function accountTrust(givenAccountId: string, given: AccountProviderOptions | undefined): CiTrust {
  const problems = new InputProblems('CiProvider.account()');
  const accountId = typedString(problems, 'accountId', givenAccountId) as string;
  const { options } = typedOptions<AccountProviderOptions>(problems, given ?? {}, { externalId: 'string', allowedSessionTags: 'objects' },
    () => '{ externalId: \'ci-2f9a\' }');
  if (givenAccountId === undefined || givenAccountId === null) {
    problems.add('accountId', undefined, 'must name the CI account that assumes the role', 'pass its 12-digit id, e.g. \'333333333333\'');
  }
  checkAccountId(problems, 'accountId', accountId);
  const externalId = options.externalId;
  if (externalId !== undefined && !isToken(externalId) && !EXTERNAL_ID.test(externalId)) {
    problems.add('externalId', externalId, 'is not an external id STS accepts (2–1224 letters, digits and + = , . @ : / -)',
      'use the id the CI operator gave you, without spaces');
  }
  const tags = checkSessionTags(problems, options.allowedSessionTags);
  problems.throwIfAny();

  const externalIdCondition = externalId === undefined ? {} : { StringEquals: { 'sts:ExternalId': externalId } };
  return {
    description: `CI account ${accountId}${externalId === undefined ? '' : ' with an external id'}`,
    trustsPullRequests: false,
    bind() {
      const principal = new iam.AccountPrincipal(accountId);
      const statements = tags.length === 0 ? [] : [new iam.PolicyStatement({
        actions: ['sts:TagSession'],
        principals: [new iam.AccountPrincipal(accountId)],
        conditions: {
          ...externalIdCondition,
          // every key passed must be one of these (ForAllValues is true without tags, when STS asks for no tagging)
          'ForAllValues:StringEquals': { 'aws:TagKeys': tags.map((t) => t.key) },
          'StringEqualsIfExists': Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.key}`, t.values.length === 1 ? t.values[0] : [...t.values]])),
        },
      })];
      return { principals: [externalId === undefined ? principal : principal.withConditions(externalIdCondition)], statements };
    },
  };
}

// STS: tag keys of 1–128 and values of 0–256 letters, digits, spaces and _ . : / = + - @
const TAG = /^[\p{L}\p{N}\s_.:/=+\-@]*$/u;

function checkSessionTags(problems: InputProblems, tags: AllowedSessionTag[] | undefined): AllowedSessionTag[] {
  if (tags === undefined || isToken(tags)) return [];
  const keys = new Set<string>();
  tags.forEach((tag, i) => {
    const key = tag?.key;
    if (typeof key !== 'string' || isToken(key) || key.length === 0 || key.length > 128 || !TAG.test(key) || key.startsWith('aws:')) {
      problems.add(`allowedSessionTags[${i}].key`, key, 'is not a session tag key (1–128 letters, digits, spaces and _ . : / = + - @, not starting with aws:)',
        'pass the key the caller tags the session with, e.g. \'team\'');
    } else if (keys.has(key.toLowerCase())) {
      problems.add(`allowedSessionTags[${i}].key`, key, 'is listed twice (STS compares tag keys without case)', 'list each key once with all its values');
    } else {
      keys.add(key.toLowerCase());
    }
    const values = tag?.values;
    if (!Array.isArray(values) || values.length === 0) {
      problems.add(`allowedSessionTags[${i}].values`, values, 'must list the values the tag may take', 'pass values: [\'platform\']');
    } else {
      values.forEach((value, j) => {
        if (typeof value !== 'string' || (!isToken(value) && (value.length > 256 || !TAG.test(value) || /[*?]/.test(value)))) {
          problems.add(`allowedSessionTags[${i}].values[${j}]`, value, 'is not a session tag value (0–256 letters, digits, spaces and _ . : / = + - @, no wildcard)',
            'pass the exact value, e.g. \'platform\'');
        }
      });
    }
  });
  return tags;
}
