import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct, IValidation } from 'constructs';
import { POLICY_QUOTAS, PolicySizer } from './policy-size';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

// Fails synth, instead of the deployment, when a policy this library writes would be over an AWS
// quota: the inline policies of a role or user together, a managed policy, the number of managed
// policies of a role or user, a repository policy. Sizes come from PolicySizer (an upper bound).

const IDENTITY_FIX = 'Fix: grant namespaces instead of listing repositories one by one: EcrCiPrincipal.allowPushToNamespace(\'team-a/\') '
  + 'or allowPullFromNamespace(\'team-a/\') (one statement on repository/team-a/*), or foldIntoNamespaces: [\'team-a/\'] on the EcrCiPrincipal '
  + 'so that its grants on repositories under team-a/ are written that way';
const REPOSITORY_FIX = 'Fix: trust an AWS Organization (allowOrganizationPull(\'o-…\'), one statement with an aws:PrincipalOrgID condition) '
  + 'instead of listing accounts one by one, or allow the accounts once for a whole namespace in the registry policy '
  + '(EcrRegistry.allowAccountPull(accountId, { namespace: \'team-a/\' }), which covers every repository under it)';

/** Something whose repository policy is measured: returns its size, or undefined when it has none. */
export type RepositoryPolicyMeasure = () => number | undefined;

/** Checks the identity policies of a role or user of this app at synth. */
export function watchPolicyQuotas(principal: iam.Role | iam.User): void {
  QuotaCheck.of(Stack.of(principal)).principals.add(principal);
}

/** Checks a repository policy at synth. */
export function watchRepositoryPolicy(repository: IConstruct, measure: RepositoryPolicyMeasure): void {
  QuotaCheck.of(Stack.of(repository)).repositories.set(repository, measure);
}

/** One validation per stack, so the policies attached to each principal are found in one pass over the stack. */
class QuotaCheck implements IValidation {
  public static of(stack: Stack): QuotaCheck {
    let check = QuotaCheck.checks.get(stack);
    if (!check) {
      check = new QuotaCheck(stack);
      QuotaCheck.checks.set(stack, check);
      stack.node.addValidation(check);
    }
    return check;
  }

  private static readonly checks = new WeakMap<Stack, QuotaCheck>();

  public readonly principals = new Set<iam.Role | iam.User>();
  public readonly repositories = new Map<IConstruct, RepositoryPolicyMeasure>();

  private constructor(private readonly stack: Stack) {}

  public validate(): string[] {
    const errors: string[] = [];
    if (this.principals.size > 0) this.checkPrincipals(errors);
    for (const [repository, measure] of this.repositories) {
      const size = measure();
      if (size !== undefined && size > POLICY_QUOTAS.repositoryPolicy) {
        errors.push(`The repository policy of '${repository.node.path}' is ${count(size)} characters at most (statements with the same actions ` +
          `and conditions merged), over ECR's quota of ${count(POLICY_QUOTAS.repositoryPolicy)} per repository policy. ${REPOSITORY_FIX}.`);
      }
    }
    return errors;
  }

  private checkPrincipals(errors: string[]): void {
    const stack = this.stack;
    const sizer = PolicySizer.of(stack);
    // roles and users are matched by the references that name them
    const key = (value: unknown) => JSON.stringify(sizer.resolve(value));
    const inline = new Map<string, iam.CfnPolicy[]>();
    const managed = new Map<string, iam.CfnManagedPolicy[]>();
    const add = <T>(map: Map<string, T[]>, names: string[] | undefined, item: T) => {
      const resolved = names === undefined ? undefined : sizer.resolve(names);
      if (!Array.isArray(resolved)) return;
      for (const name of resolved) {
        const k = JSON.stringify(name);
        const list = map.get(k);
        if (list) list.push(item);
        else map.set(k, [item]);
      }
    };
    for (const construct of stack.node.findAll()) {
      if (Stack.of(construct) !== stack) continue;
      if (construct instanceof iam.CfnPolicy && !isEmptyDocument(construct.policyDocument)) {
        add(inline, construct.roles, construct);
        add(inline, construct.users, construct);
      } else if (construct instanceof iam.CfnManagedPolicy) {
        add(managed, construct.roles, construct);
        add(managed, construct.users, construct);
      }
    }

    const managedSizes = new Map<iam.CfnManagedPolicy, number>();
    for (const principal of this.principals) {
      const resource = principal.node.defaultChild as iam.CfnRole | iam.CfnUser;
      const kind = principal instanceof iam.Role ? 'role' : 'user';
      const name = key(resource.ref);
      const what = `The ${kind} '${principal.node.path}'`;

      let inlineSize = 0;
      for (const policy of inline.get(name) ?? []) inlineSize += sizer.size(policy.policyDocument);
      const own = resource.policies === undefined ? undefined : sizer.resolve(resource.policies);
      for (const policy of Array.isArray(own) ? own : []) inlineSize += sizer.size(policy.PolicyDocument);
      const inlineQuota = kind === 'role' ? POLICY_QUOTAS.roleInline : POLICY_QUOTAS.userInline;
      if (inlineSize > inlineQuota) {
        errors.push(`${what}: its inline policies add up to ${count(inlineSize)} characters at most, over IAM's quota of ` +
          `${count(inlineQuota)} for all inline policies of a ${kind} together. ${IDENTITY_FIX}.`);
      }

      const arns = resource.managedPolicyArns === undefined ? undefined : sizer.resolve(resource.managedPolicyArns);
      const attached = new Set<string>(Array.isArray(arns) ? arns.map((arn) => JSON.stringify(arn)) : []);
      for (const policy of managed.get(name) ?? []) {
        attached.add(key(policy.ref));
        let size = managedSizes.get(policy);
        if (size === undefined) {
          size = sizer.size(policy.policyDocument);
          managedSizes.set(policy, size);
          if (size > POLICY_QUOTAS.managedPolicy) {
            errors.push(`The managed policy '${policy.node.path}' is ${count(size)} characters at most, over IAM's quota of ` +
              `${count(POLICY_QUOTAS.managedPolicy)} per managed policy. ${IDENTITY_FIX}.`);
          }
        }
      }
      if (attached.size > POLICY_QUOTAS.managedPoliciesMax) {
        errors.push(`${what} has ${attached.size} managed policies attached, over IAM's maximum of ${POLICY_QUOTAS.managedPoliciesMax} per ${kind} ` +
          `(identity statements that do not fit in ${count(inlineQuota)} characters of inline policy go to managed policies of ` +
          `${count(POLICY_QUOTAS.managedPolicy)} characters each). ${IDENTITY_FIX}.`);
      } else if (attached.size > POLICY_QUOTAS.managedPoliciesDefault) {
        warn(principal, EcrWarnings.MANAGED_POLICY_QUOTA,
          `${what} has ${attached.size} managed policies attached; IAM allows ${POLICY_QUOTAS.managedPoliciesDefault} per ${kind} ` +
          `unless the account's quota "Managed policies per ${kind}" was raised (up to ${POLICY_QUOTAS.managedPoliciesMax}), ` +
          `so the deployment fails without that increase. ${IDENTITY_FIX}.`);
      }
    }
  }
}

function isEmptyDocument(document: unknown): boolean {
  return document instanceof iam.PolicyDocument && document.isEmpty;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
