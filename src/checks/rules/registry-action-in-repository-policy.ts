import { EcrActions } from '../../actions/action-sets';
import { matchesOnlyRegistryActions } from '../../analysis/action-patterns';
import { quote, statementJson, statementLabel } from '../../analysis/describe';
import { PolicyKind } from '../../analysis/policy-view';
import { loginStatement } from '../../policy/statements';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

/**
 * Catches `ecr:GetAuthorizationToken` (or another registry-level action) in a repository policy,
 * where it has no effect: a principal in another account still cannot log in.
 */
export const registryActionInRepositoryPolicy: Rule = {
  id: 'registry-action-in-repository-policy',
  level: EcrCheckLevel.ERROR,
  summary: '`ecr:GetAuthorizationToken` (or another registry-level action) in a repository policy',
  why: 'A repository policy governs actions on that repository; login and registry settings act on the registry ("*"), so a repository policy cannot grant them and the principal still fails at docker login.',
  fix: 'Remove it from the repository policy; grant it in the principal\'s identity policy on `Resource: "*"`',
  check({ model, report }) {
    // indexed loops over every policy and statement of the app: run once per synth, unoptimized, for…of allocates per step
    for (let policyIndex = 0; policyIndex < model.policies.length; policyIndex++) {
      const policy = model.policies[policyIndex];
      if (policy.kind !== PolicyKind.REPOSITORY && policy.kind !== PolicyKind.CREATION_TEMPLATE) continue;
      for (let statementIndex = 0; statementIndex < policy.statements.length; statementIndex++) {
        const statement = policy.statements[statementIndex];
        if (statement.effect !== 'Allow') continue;
        const actions = statement.actions ?? [];
        for (let i = 0; i < actions.length; i++) {
          const action = actions[i];
          const value = action.value;
          if (!matchesOnlyRegistryActions(value)) continue;
          const login = EcrActions.LOGIN.some((a) => a.toLowerCase() === value.toLowerCase());
          report({
            resource: policy.resource,
            location: action.location,
            message: `${quote(value)} in ${statementLabel(statement)} has no effect: a repository policy cannot grant a registry-level action.`,
            fix: 'remove it from the repository policy and give the principals, in their own account, the identity statement ' +
              `${login ? statementJson(loginStatement()) : `allowing ${quote(value)} on "*"`}`,
          });
        }
      }
    }
  },
};
