import { App } from 'aws-cdk-lib';
import { Json, SynthesizedApp } from '../test/helpers/assembly';

// AWS quotas a synthesized app must fit to deploy, measured as IAM and ECR count them: the policy
// JSON without whitespace, after CloudFormation has resolved every reference (for the stack's own
// account and region, or 111111111111 / us-east-1 when the stack has none).

export const QUOTAS = {
  roleInlineTotal: 10_240,
  userInlineTotal: 2_048,
  managedPolicy: 6_144,
  managedPoliciesPerRoleDefault: 10,
  managedPoliciesPerRoleMax: 20,
  repositoryPolicy: 10_240,
  resourcesPerStack: 500,
};

export interface QuotaReport {
  /** Largest policy relative to its quota, e.g. "role inline 9,812/10,240". */
  readonly largest: string;
  readonly largestRatio: number;
  /** Every quota met, the adjustable ones at their default. */
  readonly deployable: boolean;
  /** Deployable once the adjustable quotas are raised (managed policies per role or user: 10 by default, 20 at most). */
  readonly deployableWithQuotaIncrease: boolean;
  /** The most managed policies attached to one role or user. */
  readonly maxManagedPolicies: number;
  /** Every quota not met, hard ones and adjustable ones. */
  readonly problems: string[];
}

const size = (doc: Json) => JSON.stringify(doc).length;
const count = (n: number) => n.toLocaleString('en-US');

export function checkQuotas(app: App): QuotaReport {
  const synth = new SynthesizedApp(app);
  const hard: string[] = [];
  const adjustable: string[] = [];
  let largest = 'none';
  let largestRatio = 0;
  let maxManagedPolicies = 0;
  const note = (what: string, used: number, quota: number) => {
    if (used / quota > largestRatio) {
      largestRatio = used / quota;
      largest = `${what} ${count(used)}/${count(quota)}`;
    }
    if (used > quota) hard.push(`${what}: ${count(used)} > ${count(quota)}`);
  };

  for (const info of synth.stacks) {
    const resources = Object.entries<Json>(info.template.Resources ?? {});
    if (resources.length > QUOTAS.resourcesPerStack) hard.push(`${info.stack.stackName}: ${count(resources.length)} resources > ${QUOTAS.resourcesPerStack}`);

    // which policies each role or user has, found in one pass over the stack
    const inline = new Map<string, number>();
    const managed = new Map<string, number>();
    const attach = (map: Map<string, number>, names: Json, amount: number) => {
      for (const name of (synth.resolve(info, names ?? []) as string[])) map.set(name, (map.get(name) ?? 0) + amount);
    };
    for (const [id, r] of resources) {
      if (r.Type === 'AWS::IAM::Policy') {
        const used = size(synth.resolve(info, r.Properties.PolicyDocument));
        attach(inline, r.Properties.Roles, used);
        attach(inline, r.Properties.Users, used);
      } else if (r.Type === 'AWS::IAM::ManagedPolicy') {
        note(`managed policy ${id}`, size(synth.resolve(info, r.Properties.PolicyDocument)), QUOTAS.managedPolicy);
        attach(managed, r.Properties.Roles, 1);
        attach(managed, r.Properties.Users, 1);
      } else if (r.Type === 'AWS::ECR::Repository' && r.Properties?.RepositoryPolicyText) {
        note(`repository policy ${id}`, size(synth.resolve(info, r.Properties.RepositoryPolicyText)), QUOTAS.repositoryPolicy);
      }
    }

    for (const [id, r] of resources) {
      if (r.Type !== 'AWS::IAM::Role' && r.Type !== 'AWS::IAM::User') continue;
      const kind = r.Type === 'AWS::IAM::Role' ? 'role' : 'user';
      const name = synth.physicalName(info, id);
      const own = (r.Properties.Policies ?? []).reduce((n: number, p: Json) => n + size(synth.resolve(info, p.PolicyDocument)), 0);
      note(`${kind} ${id} inline`, own + (inline.get(name) ?? 0), kind === 'role' ? QUOTAS.roleInlineTotal : QUOTAS.userInlineTotal);
      const attached = (r.Properties.ManagedPolicyArns ?? []).length + (managed.get(name) ?? 0);
      maxManagedPolicies = Math.max(maxManagedPolicies, attached);
      if (attached > QUOTAS.managedPoliciesPerRoleMax) {
        hard.push(`${kind} ${id}: ${attached} managed policies > ${QUOTAS.managedPoliciesPerRoleMax} (the most IAM allows)`);
      } else if (attached > QUOTAS.managedPoliciesPerRoleDefault) {
        adjustable.push(`${kind} ${id}: ${attached} managed policies > ${QUOTAS.managedPoliciesPerRoleDefault} (default quota; ${QUOTAS.managedPoliciesPerRoleMax} at most)`);
      }
    }
  }
  return {
    largest,
    largestRatio,
    deployable: hard.length === 0 && adjustable.length === 0,
    deployableWithQuotaIncrease: hard.length === 0,
    maxManagedPolicies,
    problems: [...hard, ...adjustable],
  };
}
