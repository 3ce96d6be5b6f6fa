import { ArnFormat, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { checkNameableFrom } from './cross-environment';
import { grantActions } from './grant-actions';
import { grantAccountLevelActions } from './login-policy';
import { isPush, recordPushGrant } from './push-grants';
import { watchPolicyQuotas } from '../policy/quota-check';
import { knownPartition, renderPolicyJson } from '../policy/render';
import { identityPolicyDocument, loginStatement, repositoryPolicyStatement, splitByResourceScope } from '../policy/statements';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

/** How the grantee's account relates to the repository's account. */
export enum AccountRelation {
  SAME = 'same',
  CROSS = 'cross',
  /** The grantee has no account (a service principal): only a repository policy can name it. */
  NONE = 'none',
}

/** Compares the repository's account with the grantee's. Two deploy-time accounts count as the same (env-agnostic stacks). */
export function accountRelation(repository: ecr.IRepository, grantee: iam.IGrantable): AccountRelation {
  const principalAccount = grantee.grantPrincipal.principalAccount;
  if (principalAccount === undefined) return AccountRelation.NONE;
  const cmp = Token.compareStrings(repository.env.account, principalAccount);
  return cmp === TokenComparison.SAME || cmp === TokenComparison.BOTH_UNRESOLVED ? AccountRelation.SAME : AccountRelation.CROSS;
}

/**
 * Grants ECR actions on a repository to a grantee, writing each side where it belongs. The actions
 * are checked and their patterns expanded first ({@link grantActions}); then:
 *
 * - actions AWS accepts only on `*` (login) go to the grantee's identity policy with `Resource: "*"`,
 *   never to the repository policy, where they have no effect;
 * - repository actions go through `writeRepositoryScoped`, which writes the identity side and, when
 *   the grantee is in another account or is a service principal, the repository policy too.
 *
 * When one side cannot be written by this app (a repository imported from another account, a
 * principal this app cannot attach policies to), a warning says exactly what the other side needs.
 * A grantee in another environment than a repository of the app with a generated name is an error
 * naming `repositoryName` as the fix: such a stack cannot refer to that name.
 */
export function grantRepositoryActions(
  repository: ecr.IRepository,
  grantee: iam.IGrantable,
  requestedActions: readonly string[],
  writeRepositoryScoped: (repositoryActions: string[]) => iam.Grant,
): iam.Grant {
  const actions = grantActions(repository, grantee, requestedActions);
  if (isPush(actions)) recordPushGrant(repository, grantee);
  const { wildcardOnly, repositoryScoped } = splitByResourceScope(actions);
  if (repositoryScoped.length > 0) checkNameableFrom(repository, grantee);
  const grants: iam.Grant[] = [];
  if (wildcardOnly.length > 0) grants.push(grantAccountLevelActions(grantee, wildcardOnly));
  if (repositoryScoped.length > 0) grants.push(writeRepositoryScoped(repositoryScoped));
  if (grants.length === 0) return iam.Grant.drop(grantee, 'no ECR actions to grant');
  const grant = grants.reduce((a, b) => a.combine(b));

  reportMissingSides(repository, grantee, actions, repositoryScoped, grant);
  const principal = grantee.grantPrincipal;
  if ((principal instanceof iam.Role || principal instanceof iam.User) && grant.principalStatements.length > 0) watchPolicyQuotas(principal);
  return grant;
}

function reportMissingSides(
  repository: ecr.IRepository, grantee: iam.IGrantable, actions: readonly string[], repositoryScoped: readonly string[], grant: iam.Grant,
): void {
  const relation = accountRelation(repository, grantee);
  const principal = grantee.grantPrincipal;

  if (relation !== AccountRelation.NONE && !identitySideWritten(principal, grant)) {
    const document = identityPolicyDocument(actions, [displayRepositoryArn(repository)]);
    warn(warningScope(grantee, repository), EcrWarnings.IDENTITY_POLICY_REQUIRED,
      `${describePrincipal(principal)} is a principal this app cannot attach policies to, so ECR will deny it ` +
      `('no identity-based policy allows') until this identity policy is attached to it in account ${display(principal.principalAccount)}:\n` +
      renderPolicyJson(repository, document));
  }

  if (relation === AccountRelation.CROSS && repositoryScoped.length > 0 && !(repository instanceof ecr.Repository)) {
    const named = principalForOwner(principal);
    const document = new iam.PolicyDocument({ statements: [repositoryPolicyStatement(repositoryScoped, [named.principal])] });
    warn(repository, EcrWarnings.REPOSITORY_POLICY_REQUIRED,
      `Repository '${display(repository.repositoryName)}' is in account ${display(repository.env.account)} and is imported, so this app cannot ` +
      `change its repository policy. ${describePrincipal(principal)} is in account ${display(principal.principalAccount)}: a cross-account ` +
      'request needs the repository policy too, or ECR denies it (\'no resource-based policy allows\'). In the repository\'s account, ' +
      'add this statement to its repository policy (PushableRepository grants write it there)' + (named.advice ? `. ${named.advice}` : '') + ':\n' +
      renderPolicyJson(repository, document));
  }
}

/**
 * Whether the identity statements landed in a policy this app deploys. An imported role of another
 * account accepts statements without error but drops them, so the account of the stack that holds
 * it decides.
 */
function identitySideWritten(principal: iam.IPrincipal, grant: iam.Grant): boolean {
  if (grant.principalStatements.length === 0) return false;
  const construct = principal as unknown as Partial<IConstruct>;
  if (construct.node === undefined || principal.principalAccount === undefined) return true;
  const holder = Stack.of(principal as unknown as IConstruct).account;
  return Token.compareStrings(holder, principal.principalAccount) !== TokenComparison.DIFFERENT;
}

/**
 * The principal as another account must name it, safe to render from any stack, with advice when
 * that is not possible yet. A role or user of this app without a fixed name gets its name when its
 * stack is deployed: its ARN is then no value the owner can paste, and resolving it from a stack of
 * another environment is an error in aws-cdk-lib, so a placeholder says where the name comes from.
 */
export function principalForOwner(principal: iam.IPrincipal): { principal: iam.IPrincipal; advice?: string } {
  const identity = principal instanceof iam.Role ? { kind: 'role', resource: principal.node.defaultChild as iam.CfnRole, nameProp: 'roleName' }
    : principal instanceof iam.User ? { kind: 'user', resource: principal.node.defaultChild as iam.CfnUser, nameProp: 'userName' }
      : undefined;
  if (!identity) return { principal };
  const stack = Stack.of(principal as unknown as IConstruct);
  const name = identity.resource instanceof iam.CfnRole ? identity.resource.roleName : identity.resource.userName;
  const path = identity.resource.path ?? '/';
  if (name !== undefined && !Token.isUnresolved(name) && !Token.isUnresolved(path)) {
    return {
      principal: new iam.ArnPrincipal(stack.formatArn({
        service: 'iam', region: '', resource: identity.kind, resourceName: `${path.replace(/^\//, '')}${name}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      })),
    };
  }
  const constructPath = (principal as unknown as IConstruct).node.path;
  const account = Token.isUnresolved(stack.account) ? `<account of stack '${stack.node.path}'>` : stack.account;
  const placeholder = `arn:${knownPartition(stack) ?? '${AWS::Partition}'}:iam::${account}:${identity.kind}/<name CloudFormation generates for ${constructPath}>`;
  return {
    principal: new iam.ArnPrincipal(placeholder),
    advice: `The ${identity.kind}'s name is generated when stack '${stack.node.path}' is deployed, so the statement cannot name it yet: ` +
      `give it a fixed name (${identity.nameProp}) so that the owner can add the statement before you deploy, or put in its ARN once it exists`,
  };
}

function warningScope(grantee: iam.IGrantable, fallback: IConstruct): IConstruct {
  const candidate = grantee as unknown as Partial<IConstruct>;
  return candidate.node !== undefined ? (grantee as unknown as IConstruct) : fallback;
}

function describePrincipal(principal: iam.IPrincipal): string {
  const arn = (principal as Partial<iam.IRole>).roleArn ?? (principal as Partial<iam.IUser>).userArn;
  const construct = principal as unknown as Partial<IConstruct>;
  const where = construct.node !== undefined ? ` ('${construct.node.path}')` : '';
  if (arn !== undefined && !Token.isUnresolved(arn)) return `${arn}${where}`;
  return construct.node !== undefined ? `'${construct.node.path}'` : `The principal ${principal.toString()}`;
}

/**
 * The repository ARN as a user would paste it: written out from the repository's name and
 * environment when they are known at synth, the ARN token otherwise.
 */
export function displayRepositoryArn(repository: ecr.IRepository): string {
  // an owned repository's name attribute is a token even when its physical name is known
  const resource = repository instanceof ecr.Repository ? repository.node.defaultChild as ecr.CfnRepository : undefined;
  const name = resource?.repositoryName ?? repository.repositoryName;
  const stack = Stack.of(repository);
  if (Token.isUnresolved(name) || !Token.isUnresolved(repository.repositoryArn)) return repository.repositoryArn;
  return stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: name, account: repository.env.account, region: repository.env.region });
}

function display(value: string | undefined): string {
  if (value === undefined) return '(unknown)';
  return Token.isUnresolved(value) ? '(known at deploy time)' : value;
}

/** The identity-side login statement on its own; exported for constructs that grant login alone. */
export function grantLogin(grantee: iam.IGrantable): iam.Grant {
  return grantAccountLevelActions(grantee, loginStatement().actions);
}

