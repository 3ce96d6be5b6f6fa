import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeWildcardResource } from '../policy/nag-acknowledgements';

/** Construct id of the per-principal policy that holds the account-level ECR actions. */
export const LOGIN_POLICY_ID = 'EcrLoginPolicy';

const NAG_REASON = 'ecr:GetAuthorizationToken is account-level: AWS accepts it only with Resource "*". '
  + 'This policy holds nothing else, so the acknowledgement covers only ECR login.';

/**
 * Grants ECR actions that AWS accepts only on `*` (login) in the grantee's identity policy.
 *
 * For a role or user defined in this app they go into a policy of their own (`EcrLoginPolicy`),
 * which holds nothing else: policy linters that flag `Resource: "*"` (cdk-nag's AwsSolutions-IAM5)
 * are told, on that policy alone, that AWS requires it, and a `*` the user writes anywhere else
 * is still reported. Other principals get the statement through their own `addToPrincipalPolicy`.
 */
export function grantAccountLevelActions(grantee: iam.IGrantable, actions: readonly string[]): iam.Grant {
  const principal = grantee.grantPrincipal;
  // every grant includes login: write it once per principal, not once per repository
  const key = [...actions].sort().join(',');
  let granted = grantsMade.get(principal);
  const existing = granted?.get(key);
  if (existing) return existing;

  const policy = loginPolicyOf(principal);
  const grant = policy
    ? iam.Grant.addToPrincipal({ grantee: { grantPrincipal: new PolicyWriter(principal, policy) }, actions: [...actions], resourceArns: ['*'] })
    : iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: ['*'] });
  if (!granted) {
    granted = new Map();
    grantsMade.set(principal, granted);
  }
  granted.set(key, grant);
  return grant;
}

/** The account-level grants made to each principal, by their actions. */
const grantsMade = new WeakMap<iam.IPrincipal, Map<string, iam.Grant>>();

function loginPolicyOf(principal: iam.IPrincipal): iam.Policy | undefined {
  if (!(principal instanceof iam.Role) && !(principal instanceof iam.User)) return undefined;
  const existing = principal.node.tryFindChild(LOGIN_POLICY_ID);
  if (existing instanceof iam.Policy) return existing;
  const policy = new iam.Policy(principal, LOGIN_POLICY_ID, principal instanceof iam.Role ? { roles: [principal] } : { users: [principal] });
  acknowledgeWildcardResource(policy, '*', NAG_REASON);
  return policy;
}

/** The grantee as seen by `iam.Grant`, with its statements written into the login policy. */
class PolicyWriter implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction: string;
  public readonly principalAccount: string | undefined;

  constructor(private readonly owner: iam.IPrincipal, private readonly policy: iam.Policy) {
    this.assumeRoleAction = owner.assumeRoleAction;
    this.principalAccount = owner.principalAccount;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return this.owner.policyFragment;
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}
