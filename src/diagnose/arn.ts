import { Arn } from 'aws-cdk-lib';
import { accountOrUndefined, partitionOrUndefined, regionOrUndefined, repositoryNameOrUndefined } from './values';
import { ArnParts, parseArn } from '../analysis/arn-pattern';

// ARNs as they appear in error messages: split leniently (placeholders and all), never thrown on.

/** Splits `arn:partition:service:region:account:resource`; undefined for anything else (an empty resource too). */
export function splitArn(text: string): ArnParts | undefined {
  const parts = parseArn(text);
  return parts && parts.resource !== '' ? parts : undefined;
}

/** What the caller of a denied request is. */
export enum CallerType {
  ASSUMED_ROLE = 'assumed-role',
  ROLE = 'role',
  USER = 'user',
  ROOT = 'root',
  FEDERATED_USER = 'federated-user',
  OTHER = 'other',
}

/** The caller named in a message. */
export interface Caller {
  /** The ARN as written in the message. */
  readonly arn: string;
  readonly type: CallerType;
  /** The account segment as written (may be a placeholder). */
  readonly accountText: string;
  /** The 12-digit account id, when the message has one. */
  readonly account?: string;
  readonly partition?: string;
  /** For roles and sessions: the role name. */
  readonly roleName?: string;
  /** For roles: the path (`service-role/`), '' for none. Undefined when a session ARN hides it. */
  readonly rolePath?: string;
  /** True when the role path was inferred from an IAM Identity Center role name. */
  readonly identityCenterRole?: boolean;
}

/** IAM Identity Center creates its roles under this path (and under `<path><region>/` outside us-east-1). */
export const IDENTITY_CENTER_ROLE_PATH = 'aws-reserved/sso.amazonaws.com/';
const IDENTITY_CENTER_ROLE_PREFIX = 'AWSReservedSSO_';

/**
 * Reads the caller ARN. `roleArns` are other IAM role ARNs in the same text: when one has the
 * session's role name and account, its path is the role's path.
 */
export function parseCaller(arn: string, roleArns: readonly string[] = []): Caller | undefined {
  const parts = splitArn(arn);
  if (!parts) return undefined;
  const base = { arn, accountText: parts.account, account: accountOrUndefined(parts.account), partition: partitionOrUndefined(parts.partition) };
  const [kind, ...rest] = parts.resource.split('/');
  if (parts.service === 'iam' && parts.resource === 'root') return { ...base, type: CallerType.ROOT };
  if (parts.service === 'iam' && kind === 'user' && rest.length > 0) return { ...base, type: CallerType.USER };
  if (parts.service === 'iam' && kind === 'role' && rest.length > 0) {
    return { ...base, type: CallerType.ROLE, roleName: rest[rest.length - 1], rolePath: rest.slice(0, -1).map((p) => p + '/').join('') };
  }
  if (parts.service === 'sts' && kind === 'assumed-role' && rest.length >= 1 && rest[0] !== '') {
    const roleName = rest[0];
    const known = roleArns.map((r) => parseCaller(r))
      .find((r) => r?.type === CallerType.ROLE && r.roleName === roleName && r.accountText === parts.account);
    if (known) return { ...base, type: CallerType.ASSUMED_ROLE, roleName, rolePath: known.rolePath };
    if (roleName.startsWith(IDENTITY_CENTER_ROLE_PREFIX)) {
      return { ...base, type: CallerType.ASSUMED_ROLE, roleName, rolePath: IDENTITY_CENTER_ROLE_PATH, identityCenterRole: true };
    }
    return { ...base, type: CallerType.ASSUMED_ROLE, roleName };
  }
  if (parts.service === 'sts' && kind === 'federated-user' && rest.length > 0) return { ...base, type: CallerType.FEDERATED_USER };
  return { ...base, type: CallerType.OTHER };
}

/**
 * The ARN to name in a policy: a session becomes its role (with the path when known), users, roots
 * and federated users stay as they are. Undefined when the account or partition is not known.
 */
export function policyPrincipalArnOf(caller: Caller): string | undefined {
  if (caller.account === undefined || caller.partition === undefined) return undefined;
  return principalArnWith(caller, caller.partition, caller.account);
}

/**
 * The principal ARN for a fix: {@link policyPrincipalArnOf} when the message has the account, else
 * the same ARN with the given placeholders for account and partition (the role or user name is known).
 */
export function fixPrincipalArnOf(caller: Caller, partition: string, accountPlaceholder: string): string | undefined {
  return policyPrincipalArnOf(caller) ?? principalArnWith(caller, caller.partition ?? partition, caller.account ?? accountPlaceholder);
}

function principalArnWith(caller: Caller, partition: string, account: string): string | undefined {
  switch (caller.type) {
    case CallerType.ASSUMED_ROLE:
    case CallerType.ROLE:
      return Arn.format({ partition, service: 'iam', region: '', account, resource: 'role', resourceName: `${caller.rolePath ?? ''}${caller.roleName}` });
    case CallerType.ROOT:
      return Arn.format({ partition, service: 'iam', region: '', account, resource: 'root' });
    case CallerType.USER:
    case CallerType.FEDERATED_USER: {
      const resource = splitArn(caller.arn)?.resource ?? '';
      const slash = resource.indexOf('/');
      return Arn.format({ partition, service: caller.type === CallerType.USER ? 'iam' : 'sts', region: '', account, resource: resource.slice(0, slash), resourceName: resource.slice(slash + 1) });
    }
    default:
      return undefined;
  }
}

/** An ECR repository ARN read from a message. */
export interface RepositoryArn {
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  readonly repositoryName?: string;
  /** The account segment as written. */
  readonly accountText: string;
}

/** Reads `arn:<partition>:ecr:<region>:<account>:repository/<name>`; undefined for other ARNs. */
export function parseRepositoryArn(arn: string): RepositoryArn | undefined {
  const parts = splitArn(arn);
  if (!parts || parts.service !== 'ecr' || !parts.resource.startsWith('repository/')) return undefined;
  return {
    account: accountOrUndefined(parts.account),
    region: regionOrUndefined(parts.region),
    partition: partitionOrUndefined(parts.partition),
    repositoryName: repositoryNameOrUndefined(parts.resource.slice('repository/'.length)),
    accountText: parts.account,
  };
}
