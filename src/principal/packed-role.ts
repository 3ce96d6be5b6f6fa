import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, DependencyGroup } from 'constructs';
import { POLICY_QUOTAS, PolicySizer } from '../policy/policy-size';
import { watchPolicyQuotas } from '../policy/quota-check';
import { layOutStatements, StatementPacker } from '../policy/statement-packer';
import { beforeSynth } from '../private/before-synth';

/**
 * An IAM role whose identity statements are packed before synthesis: every grant's resources are
 * collected, written once each in one statement per distinct action set, and laid out over the
 * role's `DefaultPolicy` (inline, within IAM's 10,240 characters for all inline policies of a role)
 * and, when that is full, `OverflowPolicy<n>` managed policies (6,144 characters each).
 *
 * aws-cdk-lib's own `Role` keeps one statement per grant and merges them at synth in time
 * quadratic in their number; here each grant is a constant-time insertion.
 */
export class PackedRole extends iam.Role {
  private readonly packer = new StatementPacker();
  private readonly other: iam.PolicyStatement[] = [];
  private readonly aliases = new Map<string, string>();
  private readonly policyDependable = new DependencyGroup();
  private readonly attachedInline = new Set<iam.Policy>();
  private defaultDocument?: iam.PolicyDocument;
  private laidOut = false;

  constructor(scope: Construct, id: string, props: iam.RoleProps) {
    super(scope, id, props);
    beforeSynth(this, () => this.layOut());
    watchPolicyQuotas(this);
  }

  /**
   * Writes statements on `resource` as statements on `instead` (a repository as its namespace),
   * for grants made from now on.
   */
  public writeResourceAs(resource: string, instead: string): void {
    this.aliases.set(resource, instead);
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (this.laidOut) {
      // a statement added during synthesis (by another aspect): written as it is
      this.ensureDefaultDocument().addStatements(statement);
    } else if (StatementPacker.canPack(statement)) {
      this.packer.add(statement.actions, this.aliases.size === 0 ? statement.resources : statement.resources.map((r) => this.aliases.get(r) ?? r));
    } else {
      this.other.push(statement);
    }
    return { statementAdded: true, policyDependable: this.policyDependable };
  }

  public attachInlinePolicy(policy: iam.Policy): void {
    this.attachedInline.add(policy);
    super.attachInlinePolicy(policy);
  }

  private layOut(): void {
    if (this.laidOut) return;
    this.laidOut = true;
    if (this.packer.isEmpty && this.other.length === 0) return;

    const sizer = PolicySizer.of(Stack.of(this));
    let otherInline = 0;
    for (const policy of this.attachedInline) otherInline += sizer.size(policy.document);
    const documents = layOutStatements(this.other, this.packer.groups(), sizer, {
      first: POLICY_QUOTAS.roleInline - otherInline,
      rest: POLICY_QUOTAS.managedPolicy,
    });

    if (documents[0].length > 0) this.ensureDefaultDocument().addStatements(...documents[0]);
    documents.slice(1).forEach((statements, i) => {
      this.policyDependable.add(new iam.ManagedPolicy(this, `OverflowPolicy${i + 1}`, {
        description: `Part of the policies for ${this.node.path}`,
        document: new iam.PolicyDocument({ statements, minimize: false }),
        roles: [this],
      }));
    });
  }

  private ensureDefaultDocument(): iam.PolicyDocument {
    if (!this.defaultDocument) {
      // the statements are packed already; aws-cdk-lib's minimizePolicies would only compare them again
      this.defaultDocument = new iam.PolicyDocument({ minimize: false });
      this.policyDependable.add(new iam.Policy(this, 'DefaultPolicy', { document: this.defaultDocument, roles: [this] }));
    }
    return this.defaultDocument;
  }
}
