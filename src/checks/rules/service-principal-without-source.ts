import { displayValue } from '../../analysis/cfn-values';
import { statementActionsText, statementLabel } from '../../analysis/describe';
import { ECR_RESOURCE_POLICY_KINDS } from '../../analysis/policy-view';
import { conditionPinsSource, SOURCE_KEYS_TEXT } from '../../analysis/source-conditions';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

/**
 * Catches an AWS service principal (`lambda.amazonaws.com`, `codebuild.amazonaws.com` …) allowed in a
 * repository, registry or creation template policy without a condition on `aws:SourceAccount`,
 * `aws:SourceArn` (or `aws:SourceOrgID`/`aws:SourceOrgPaths`) that names whom the service acts for.
 */
export const servicePrincipalWithoutSource: Rule = {
  id: 'service-principal-without-source',
  level: EcrCheckLevel.ERROR,
  summary: 'An AWS service principal allowed in a repository, registry or creation template policy without `aws:SourceAccount` or `aws:SourceArn`',
  why: 'A service principal without a source condition is the service acting for any AWS account: a function or build project of '
    + 'someone else\'s account that names this repository gets the images through the service (the confused deputy problem), '
    + 'and the conditioned statements beside it limit nothing.',
  fix: 'Add a condition that names the accounts (and resources) the service acts for: `aws:SourceAccount`, and `aws:SourceArn` where '
    + 'the consumer is known; for Lambda, `PushableRepository.allowLambdaPull({ accounts, functionNamePattern })` writes both',
  check({ model, report }) {
    // indexed loops over every policy and statement of the app: run once per synth, unoptimized, for…of allocates per step
    for (let policyIndex = 0; policyIndex < model.policies.length; policyIndex++) {
      const policy = model.policies[policyIndex];
      if (!ECR_RESOURCE_POLICY_KINDS.has(policy.kind)) continue;
      const account = displayValue(model.accountOf(policy.resource.stack));
      for (let statementIndex = 0; statementIndex < policy.statements.length; statementIndex++) {
        const statement = policy.statements[statementIndex];
        if (statement.effect !== 'Allow' || conditionPinsSource(statement.condition)) continue;
        const services = (statement.principals?.get('Service') ?? []).filter((s) => s.value !== '*');
        if (services.length === 0) continue;
        const names = services.map((s) => displayValue(s.value));
        const lambda = names.some((n) => n.startsWith('lambda.'));
        report({
          resource: policy.resource,
          location: services[0].location,
          message: `${statementLabel(statement)} allows ${statementActionsText(statement)} to ${names.join(', ')} with no condition on `
            + `${SOURCE_KEYS_TEXT}${statement.condition ? ' (its Condition does not name the account the service acts for)' : ''}: `
            + 'the service acting for any AWS account may do it.',
          fix: `add to the statement {"StringEquals": {"aws:SourceAccount": "${account}"}} (the accounts the service acts for), `
            + 'and {"ArnLike": {"aws:SourceArn": "<the function or project ARN>"}} where the consumer is known'
            + (lambda ? '; PushableRepository.allowLambdaPull({ accounts, functionNamePattern }) writes both' : ''),
        });
      }
    }
  },
};
