import { displayValue } from '../../analysis/cfn-values';
import { constructLabel } from '../../analysis/describe';
import { awsManagedPolicyExists, awsManagedPolicyName, suggestAwsManagedPolicy } from '../../analysis/managed-policies';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

/**
 * Catches an AWS managed policy ARN (`arn:aws:iam::aws:policy/…`) that AWS does not publish:
 * `AmazonECRReadOnlyAccess` for `AmazonEC2ContainerRegistryReadOnly`, a missing `service-role/`
 * path, a retired policy. Names are checked against the published list the library is built with.
 */
export const unknownManagedPolicy: Rule = {
  id: 'unknown-managed-policy',
  level: EcrCheckLevel.ERROR,
  summary: 'An AWS managed policy ARN that does not exist (`AmazonECRReadOnlyAccess`, a missing `service-role/` path, a retired policy)',
  why: 'IAM cannot attach a policy that does not exist: the deploy fails with "Policy arn:aws:iam::aws:policy/… does not exist or is not attachable" '
    + '(NoSuchEntity), and the role never gets the access the name promised.',
  fix: 'Use the name AWS publishes (the ECR ones are `AmazonEC2ContainerRegistry…`; some live under `service-role/`), '
    + 'e.g. `iam.ManagedPolicy.fromAwsManagedPolicyName(\'AmazonEC2ContainerRegistryReadOnly\')`',
  check(context) {
    const { model } = context;
    // indexed: run once per synth, unoptimized, where each for…of step over the app's principals allocates
    for (let p = 0; p < model.principals.length; p++) {
      const principal = model.principals[p];
      const raw = principal.resource.stack.template.Resources?.[principal.resource.logicalId]?.Properties?.ManagedPolicyArns;
      const arns = model.resolver.resolve(principal.resource.stack, raw);
      if (!Array.isArray(arns)) continue;
      arns.forEach((arn: unknown, i: number) => {
        if (typeof arn !== 'string') return;
        const name = awsManagedPolicyName(arn);
        if (name === undefined || awsManagedPolicyExists(name)) return;
        const real = suggestAwsManagedPolicy(name);
        context.report({
          resource: principal.resource,
          location: `Properties/ManagedPolicyArns/${i}`,
          message: `${principal.type} '${constructLabel(principal.resource)}' attaches '${displayValue(arn)}', which is not an AWS managed policy`
            + (real ? `; AWS publishes '${real}'.` : '.'),
          fix: real
            ? `attach arn:aws:iam::aws:policy/${real} (iam.ManagedPolicy.fromAwsManagedPolicyName('${real}'))`
            : 'look the policy up in the IAM console or `aws iam list-policies --scope AWS` and use its exact name and path',
        });
      });
    }
  },
};
