import { hasWildcard, parseArn } from '../arn-pattern';
import { displayValue, isKnown } from '../cfn-values';
import { EcrCheckLevel } from '../check-level';
import { statementActionsText, statementLabel } from '../describe';
import { ECR_RESOURCE_POLICY_KINDS, StatementView } from '../policy-view';
import { Rule } from '../rule';

// The global condition keys that tell a service which account (or organization) it acts for.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
const SOURCE_KEYS = new Set(['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths']);
// operators that require the key to match: a negated operator, or one that passes when the key is
// absent (…IfExists), lets the service act for accounts nobody named
const LIMITING_OPERATORS = /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/;

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
    for (const policy of model.policies) {
      if (!ECR_RESOURCE_POLICY_KINDS.has(policy.kind)) continue;
      const account = displayValue(model.accountOf(policy.resource.stack));
      for (const statement of policy.statements) {
        if (statement.effect !== 'Allow' || limitsSource(statement)) continue;
        const services = (statement.principals?.get('Service') ?? []).filter((s) => s.value !== '*');
        if (services.length === 0) continue;
        const names = services.map((s) => displayValue(s.value));
        const lambda = names.some((n) => n.startsWith('lambda.'));
        report({
          resource: policy.resource,
          location: services[0].location,
          message: `${statementLabel(statement)} allows ${statementActionsText(statement)} to ${names.join(', ')} with no condition on `
            + `aws:SourceAccount or aws:SourceArn${statement.condition ? ' (its Condition does not name the account the service acts for)' : ''}: `
            + 'the service acting for any AWS account may do it.',
          fix: `add to the statement {"StringEquals": {"aws:SourceAccount": "${account}"}} (the accounts the service acts for), `
            + 'and {"ArnLike": {"aws:SourceArn": "<the function or project ARN>"}} where the consumer is known'
            + (lambda ? '; PushableRepository.allowLambdaPull({ accounts, functionNamePattern }) writes both' : ''),
        });
      }
    }
  },
};

/** True when the statement's condition pins the account (or organization) the service acts for. */
function limitsSource(statement: StatementView): boolean {
  for (const [operator, block] of Object.entries(statement.condition ?? {})) {
    if (!LIMITING_OPERATORS.test(operator) || !block || typeof block !== 'object') continue;
    for (const [key, raw] of Object.entries(block)) {
      const lower = key.toLowerCase();
      if (!SOURCE_KEYS.has(lower)) continue;
      const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
      if (values.length > 0 && values.every((v) => pinsSource(lower, v))) return true;
    }
  }
  return false;
}

/** A value that pins something: not only wildcards; for a source ARN, its account (or, for S3 and others with none, its resource). */
function pinsSource(key: string, value: string): boolean {
  if (!isKnown(value)) return true; // known at deploy time: never report what might be fine
  if (/^[*?]*$/.test(value)) return false;
  if (key !== 'aws:sourcearn') return true;
  const arn = parseArn(value);
  if (!arn) return false;
  return arn.account !== '' ? !hasWildcard(arn.account) : !hasWildcard(arn.resource);
}
