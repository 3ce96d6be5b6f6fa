import { App } from 'aws-cdk-lib';
import { Json, SynthesizedApp } from '../test/helpers/assembly';

// AWS quotas a synthesized app must fit to deploy, measured as IAM and ECR count them: the policy
// JSON without whitespace, after CloudFormation has resolved every reference.

export const QUOTAS = {
  roleInlineTotal: 10_240,
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
  readonly deployable: boolean;
  readonly problems: string[];
}

const size = (doc: Json) => JSON.stringify(doc).length;

export function checkQuotas(app: App): QuotaReport {
  const synth = new SynthesizedApp(app);
  const problems: string[] = [];
  let largest = 'none';
  let largestRatio = 0;
  const note = (what: string, used: number, quota: number) => {
    if (used / quota > largestRatio) {
      largestRatio = used / quota;
      largest = `${what} ${used.toLocaleString('en-US')}/${quota.toLocaleString('en-US')}`;
    }
    if (used > quota) problems.push(`${what}: ${used} > ${quota}`);
  };

  for (const info of synth.stacks) {
    const resources = Object.entries<Json>(info.template.Resources ?? {});
    if (resources.length > QUOTAS.resourcesPerStack) problems.push(`${info.stack.stackName}: ${resources.length} resources > ${QUOTAS.resourcesPerStack}`);
    for (const [id, r] of resources) {
      if (r.Type === 'AWS::IAM::ManagedPolicy') note(`managed policy ${id}`, size(synth.resolve(info, r.Properties.PolicyDocument)), QUOTAS.managedPolicy);
      if (r.Type === 'AWS::ECR::Repository' && r.Properties?.RepositoryPolicyText) {
        note(`repository policy ${id}`, size(synth.resolve(info, r.Properties.RepositoryPolicyText)), QUOTAS.repositoryPolicy);
      }
      if (r.Type !== 'AWS::IAM::Role') continue;
      const name = synth.physicalName(info, id);
      let inline = (r.Properties.Policies ?? []).reduce((n: number, p: Json) => n + size(synth.resolve(info, p.PolicyDocument)), 0);
      let managed = (r.Properties.ManagedPolicyArns ?? []).length;
      for (const [, other] of resources) {
        const attached = (list: Json) => (synth.resolve(info, list ?? []) as string[]).includes(name);
        if (other.Type === 'AWS::IAM::Policy' && attached(other.Properties.Roles)) inline += size(synth.resolve(info, other.Properties.PolicyDocument));
        if (other.Type === 'AWS::IAM::ManagedPolicy' && attached(other.Properties.Roles)) managed++;
      }
      note(`role ${id} inline`, inline, QUOTAS.roleInlineTotal);
      if (managed > QUOTAS.managedPoliciesPerRoleDefault) {
        problems.push(`role ${id}: ${managed} managed policies > ${QUOTAS.managedPoliciesPerRoleDefault} (default quota; ${QUOTAS.managedPoliciesPerRoleMax} at most)`);
      }
    }
  }
  return { largest, largestRatio, deployable: problems.length === 0, problems };
}
