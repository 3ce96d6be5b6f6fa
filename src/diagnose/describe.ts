import { Caller, CallerType, splitArn } from './arn';

// Short phrases for the explanation: who, what, where.

/** "the session 'gh-42' of role 'ci' in account 222222222222". */
export function describeCaller(caller: Caller | undefined): string {
  if (!caller) return 'The caller';
  const account = caller.account !== undefined ? ` in account ${caller.account}` : '';
  const name = lastSegment(caller.arn);
  switch (caller.type) {
    case CallerType.ASSUMED_ROLE: {
      const session = splitArn(caller.arn)?.resource.split('/').slice(2).join('/');
      return `The session${session ? ` '${session}'` : ''} of role '${caller.roleName}'${account}`;
    }
    case CallerType.ROLE:
      return `Role '${caller.roleName}'${account}`;
    case CallerType.USER:
      return `IAM user '${name}'${account}`;
    case CallerType.ROOT:
      return `The root user of account ${caller.account ?? caller.accountText}`;
    case CallerType.FEDERATED_USER:
      return `Federated user '${name}'${account}`;
    default:
      return `${caller.arn}`;
  }
}

/** "repository 'team-a/api' in account 111111111111 (us-east-1)". */
export function describeRepository(repositoryName: string | undefined, account: string | undefined, region: string | undefined): string {
  const name = repositoryName !== undefined ? `repository '${repositoryName}'` : 'the repository';
  const inAccount = account !== undefined ? ` in account ${account}` : '';
  const inRegion = region !== undefined ? ` (${region})` : '';
  return `${name}${inAccount}${inRegion}`;
}

function lastSegment(arn: string): string {
  const resource = splitArn(arn)?.resource ?? arn;
  const parts = resource.split('/');
  return parts[parts.length - 1];
}
