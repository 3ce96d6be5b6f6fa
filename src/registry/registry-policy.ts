import { Annotations, Stack, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { IEcrRegistry } from './registry-interface';
import { EcrActions } from '../actions/action-sets';
import { matchEcrActions } from '../actions/catalog';
import { AccountGrants } from '../policy/account-grants';

/** Construct id of the registry policy resource. */
export const REGISTRY_POLICY_ID = 'Policy';

// Registry policy scope V1 accepts only these actions (and rejects a policy with any other); V2, the
// default for new registries, accepts every ECR action and applies to every ECR request.
const V1_ACTIONS = new Set([...EcrActions.REPLICATION, ...EcrActions.PULL_THROUGH_CACHE].map((a) => a.toLowerCase()));

/**
 * The registry's permissions policy: one `AWS::ECR::RegistryPolicy`, created with the first statement
 * (CloudFormation refuses an empty one), each statement written once.
 */
export class RegistryPolicy {
  /** The policy document; statements are added through {@link add}. */
  public readonly document = new iam.PolicyDocument();

  private readonly keys = new Set<string>();
  private resource?: ecr.CfnRegistryPolicy;
  private toldScope = false;

  constructor(private readonly owner: Construct) {}

  /**
   * Adds a statement unless an identical one is there already (a policy holds each statement once).
   * Either way the policy then holds it: `statementAdded` is true, and the registry policy resource
   * is what depends on it.
   */
  public add(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    const key = JSON.stringify(Stack.of(this.owner).resolve(statement.toStatementJson()));
    if (!this.keys.has(key)) {
      this.keys.add(key);
      this.document.addStatements(statement);
      this.resource ??= new ecr.CfnRegistryPolicy(this.owner, REGISTRY_POLICY_ID, { policyText: this.document });
      this.tellScopeIfNeeded(statement);
    }
    return { statementAdded: true, policyDependable: this.resource };
  }

  /** Tells outside validators (cdk-nag) why a finding on the policy resource is intended; call after {@link add}. */
  public acknowledge(id: string, reason: string): void {
    if (this.resource) Validations.of(this.resource).acknowledge({ id, reason });
  }

  private tellScopeIfNeeded(statement: iam.PolicyStatement): void {
    if (this.toldScope) return;
    const beyondV1 = statement.actions.some((pattern) => matchEcrActions(pattern).some((a) => !V1_ACTIONS.has(`ecr:${a.name}`.toLowerCase())));
    if (!beyondV1) return;
    this.toldScope = true;
    Annotations.of(this.owner).addInfo(
      'The registry policy grants actions beyond replication and pull-through cache, which ECR applies only with the registry policy scope V2 ' +
      '(the default for new registries). A registry still on V1 rejects this policy at deployment: switch it once with ' +
      '`aws ecr put-account-setting --name REGISTRY_POLICY_SCOPE --value V2` in that account and region.');
  }
}

/**
 * The account and organization grants a registry's policy holds (the registry's own, or a
 * pull-through cache rule's on its repositories), written for the methods of `owner` called on
 * `scope`. Refused for the registry's own account, whose principals need only an identity policy.
 */
export function registryAccountGrants(registry: IEcrRegistry, owner: string, scope: IConstruct): AccountGrants {
  return new AccountGrants({
    owner,
    scope,
    namesRepositories: true,
    ownAccount: registry.registryId,
    add: (statement) => registry.addToRegistryPolicy(statement),
    // the registry policy resource, which cdk-nag reads the policy on
    nagResource: (added) => added.policyDependable as IConstruct | undefined,
  });
}
