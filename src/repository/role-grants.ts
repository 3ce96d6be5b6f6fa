import { Stack, Stage, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { principalForOwner } from './access';
import { repositoryPolicyStatement } from '../policy/statements';
import { beforeSynth } from '../private/before-synth';

// aws-cdk-lib writes a cross-account grant to a role of the app as "the role's account, for
// principals tagged aws-cdk:id=<stack>_<address>", and tags the role: the role's ARN may not exist
// when the repository policy is deployed, and ECR rejects a policy naming a principal that does not
// exist ("Principal not found"). The tag value is in the template, so any role of that account
// carrying it gets the same access. A role with a fixed name is named here instead, and the
// repository's stack is deployed after the role's.

/** The tag aws-cdk-lib (and the fallback here) limits a cross-account grant with. */
const ROLE_TAG = 'aws-cdk:id';

/**
 * The ARN a repository policy can name a grantee by: a role of this app, in another account known
 * at synth, with a fixed name (so its ARN is known before it is deployed).
 */
export function nameableRoleArn(repository: ecr.IRepository, principal: iam.IPrincipal): string | undefined {
  if (!(principal instanceof iam.Role) || principal.principalAccount === undefined) return undefined;
  if (Token.compareStrings(repository.env.account, principal.principalAccount) !== TokenComparison.DIFFERENT) return undefined;
  const named = principalForOwner(principal);
  return named.advice === undefined && named.principal instanceof iam.ArnPrincipal ? named.principal.arn : undefined;
}

interface NamedGrant {
  readonly role: iam.Role;
  readonly actions: string[];
  readonly statement: iam.PolicyStatement;
}

/**
 * Cross-account grants to roles of this app with a fixed name: the repository policy names the
 * role's ARN, and the repository's stack depends on the role's, so the role exists when ECR checks
 * the policy. When that dependency cannot be added (the role's stack already depends on the
 * repository's, or they are in different stages), the grant falls back to aws-cdk-lib's tag
 * condition: decided before synth, once every dependency the app declares is known.
 */
export class NamedRoleGrants {
  private readonly pending: NamedGrant[] = [];

  /**
   * @param replace swaps a statement of the repository policy for another
   */
  constructor(
    private readonly repository: ecr.Repository,
    private readonly replace: (statement: iam.PolicyStatement, replacement: iam.PolicyStatement) => void,
  ) {}

  public grant(grantee: iam.IGrantable, role: iam.Role, roleArn: string, actions: readonly string[]): iam.Grant {
    const repository = this.repository;
    const identity = iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [repository.repositoryArn] });
    const statement = repositoryPolicyStatement(actions, [new iam.ArnPrincipal(roleArn)]);
    const resource = iam.Grant.addStatementToResourcePolicy({
      grantee, actions: [...actions], resourceArns: [repository.repositoryArn], resource: repository, statement,
    });
    if (this.pending.length === 0) beforeSynth(repository, () => this.order());
    this.pending.push({ role, actions: [...actions], statement });
    return identity.combine(resource);
  }

  private order(): void {
    const home = Stack.of(this.repository);
    for (const { role, actions, statement } of this.pending) {
      const roleStack = Stack.of(role);
      if (canDependOn(home, roleStack)) {
        home.addDependency(roleStack, `the repository policy of '${this.repository.node.path}' names role '${role.node.path}', `
          + 'and ECR accepts a policy only when the principals it names exist');
      } else {
        this.replace(statement, tagLimitedStatement(role, actions));
      }
    }
  }
}

/** aws-cdk-lib's form of the grant: the role's account, for principals carrying the role's tag (which is set here). */
function tagLimitedStatement(role: iam.Role, actions: readonly string[]): iam.PolicyStatement {
  const roleStack = Stack.of(role);
  const value = `${roleStack.stackName}_${role.node.addr}`;
  // set on the resource itself: a Tags aspect added while aspects run may not be applied
  (role.node.defaultChild as iam.CfnRole).tags.setTag(ROLE_TAG, value);
  return repositoryPolicyStatement(actions, [new iam.AccountPrincipal(roleStack.account)], { StringEquals: { [`aws:PrincipalTag/${ROLE_TAG}`]: value } });
}

/** Whether `stack` may depend on `other` (be deployed after it) without a cycle. */
function canDependOn(stack: Stack, other: Stack): boolean {
  if (stack === other || stack.nested || other.nested || Stage.of(stack) !== Stage.of(other)) return false;
  return !dependsOn(other, stack, new Set());
}

function dependsOn(stack: Stack, target: Stack, seen: Set<Stack>): boolean {
  if (seen.has(stack)) return false;
  seen.add(stack);
  return stack.dependencies.some((dep) => dep === target || dependsOn(dep, target, seen));
}
