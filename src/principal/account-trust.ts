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
}

// STS: 2–1224 characters of letters, digits and +=,.@:/-
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** Validates the input and returns the trust it describes. */
export function accountTrust(givenAccountId: string, given: AccountProviderOptions | undefined): CiTrust {
  const problems = new InputProblems('CiProvider.account()');
  const accountId = typedString(problems, 'accountId', givenAccountId) as string;
  const { options } = typedOptions<AccountProviderOptions>(problems, given ?? {}, { externalId: 'string' }, () => '{ externalId: \'ci-2f9a\' }');
  if (givenAccountId === undefined || givenAccountId === null) {
    problems.add('accountId', undefined, 'must name the CI account that assumes the role', 'pass its 12-digit id, e.g. \'333333333333\'');
  }
  checkAccountId(problems, 'accountId', accountId);
  const externalId = options.externalId;
  if (externalId !== undefined && !isToken(externalId) && !EXTERNAL_ID.test(externalId)) {
    problems.add('externalId', externalId, 'is not an external id STS accepts (2–1224 letters, digits and + = , . @ : / -)',
      'use the id the CI operator gave you, without spaces');
  }
  problems.throwIfAny();

  return {
    description: `CI account ${accountId}${externalId === undefined ? '' : ' with an external id'}`,
    trustsPullRequests: false,
    bind() {
      const principal = new iam.AccountPrincipal(accountId);
      return { principals: [externalId === undefined ? principal : principal.withConditions({ StringEquals: { 'sts:ExternalId': externalId } })] };
    },
  };
}
