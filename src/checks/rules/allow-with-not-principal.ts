import { displayValue } from '../../analysis/cfn-values';
import { statementActionsText, statementLabel } from '../../analysis/describe';
import { ECR_RESOURCE_POLICY_KINDS, PolicyKind } from '../../analysis/policy-view';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

/**
 * Catches `"Effect": "Allow"` with `NotPrincipal` in a repository, registry or creation template
 * policy: the statement allows every principal it does not name, in every AWS account.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
export const allowWithNotPrincipal: Rule = {
  id: 'allow-with-not-principal',
  level: EcrCheckLevel.ERROR,
  summary: '`"Effect": "Allow"` with `NotPrincipal` in a repository, registry or creation template policy',
  why: 'Allow with NotPrincipal allows every principal the statement does not name: every role and user of every AWS account, '
    + 'AWS services and anonymous callers; AWS documents it as unsupported and recommends against it.',
  fix: 'Name the principals that may (`Principal` with accounts or roles, `allowAccountPull`); to keep one of their principals out, '
    + 'add a `Deny` for `"Principal": "*"` with a condition on `aws:PrincipalArn`',
  check({ model, report }) {
    // indexed loops over every policy and statement of the app: run once per synth, unoptimized, for…of allocates per step
    for (let policyIndex = 0; policyIndex < model.policies.length; policyIndex++) {
      const policy = model.policies[policyIndex];
      if (!ECR_RESOURCE_POLICY_KINDS.has(policy.kind)) continue;
      for (let statementIndex = 0; statementIndex < policy.statements.length; statementIndex++) {
        const statement = policy.statements[statementIndex];
        if (statement.effect !== 'Allow' || !statement.notPrincipals) continue;
        const named = [...statement.notPrincipals.values()].flat();
        report({
          resource: policy.resource,
          location: named[0]?.location ?? `${statement.location}/NotPrincipal`,
          message: `${statementLabel(statement)} allows ${statementActionsText(statement)} to every principal except ${named.map((n) => `'${displayValue(n.value)}'`).join(', ')}: `
            + `every other role and user of every AWS account${statement.condition ? ', limited only by its Condition' : ''}.`,
          fix: `write "Principal" with the accounts or roles that may (${policy.kind === PolicyKind.REGISTRY ? 'EcrRegistry grants' : 'PushableRepository.allowAccountPull/allowAccountPush, grantPull/grantPush'}); `
            + 'to keep out a principal of an account you name, add a Deny for "Principal": "*" with {"ArnEquals": {"aws:PrincipalArn": "<its ARN>"}}',
        });
      }
    }
  },
};
