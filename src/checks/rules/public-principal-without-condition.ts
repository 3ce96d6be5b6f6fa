import { statementActionsText, statementLabel } from '../../analysis/describe';
import { Located, PolicyKind, StatementView } from '../../analysis/policy-view';
import { conditionKeys, conditionLimitsWho } from '../../analysis/who-conditions';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

const RESOURCE_POLICY_KINDS = new Set([PolicyKind.REPOSITORY, PolicyKind.CREATION_TEMPLATE, PolicyKind.REGISTRY, PolicyKind.TRUST]);

/**
 * Catches `Principal: "*"` (or `{"AWS": "*"}`) with no `Condition` that limits who (`aws:SourceIp`,
 * `aws:SecureTransport` and dates do not) in a repository, registry or trust policy: every AWS
 * account in the world is allowed.
 */
export const publicPrincipalWithoutCondition: Rule = {
  id: 'public-principal-without-condition',
  level: EcrCheckLevel.ERROR,
  summary: '`Principal: "*"` without a `Condition` that limits who (`aws:SourceIp` does not) in a repository, registry or trust policy',
  why: '"*" without a condition means any principal of any AWS account: anyone can pull (or push to) the repository, or assume the role.',
  fix: 'Name the accounts (`allowAccountPull`) or limit "*" with a condition such as `aws:PrincipalOrgID` (`allowOrganizationPull`)',
  check({ model, report }) {
    // indexed loops over every policy and statement of the app: run once per synth, unoptimized, for…of allocates per step
    for (let policyIndex = 0; policyIndex < model.policies.length; policyIndex++) {
      const policy = model.policies[policyIndex];
      if (!RESOURCE_POLICY_KINDS.has(policy.kind)) continue;
      for (let statementIndex = 0; statementIndex < policy.statements.length; statementIndex++) {
        const statement = policy.statements[statementIndex];
        if (statement.effect !== 'Allow' || conditionLimitsWho(statement.condition)) continue;
        const star = everyonePrincipal(statement);
        if (!star) continue;
        report({
          resource: policy.resource,
          location: star.location,
          message: `${statementLabel(statement)} allows ${statementActionsText(statement)} to Principal "*" with no Condition`
            + (statement.condition ? ` that limits who (${conditionKeys(statement.condition).join(', ')} limits only where from or when)` : '') + ': every AWS account.',
          fix: policy.kind === PolicyKind.TRUST
            ? 'name the principal that assumes the role (an account, a role ARN, a service, or an OIDC provider with pinned aud and sub)'
            : 'name the accounts (PushableRepository.allowAccountPull/allowAccountPush), or add a condition such as {"StringEquals": {"aws:PrincipalOrgID": "o-…"}} (allowOrganizationPull)',
        });
      }
    }
  },
};

/** The first `"*"` among the statement's principals, of any type (read in place: every statement of the app is asked). */
function everyonePrincipal(statement: StatementView): Located | undefined {
  for (const values of statement.principals?.values() ?? []) {
    for (const principal of values) if (principal.value === '*') return principal;
  }
  return undefined;
}
