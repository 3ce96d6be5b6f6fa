import { allEcrActions } from '../../actions/catalog';
import { isAllEcrActions } from '../../analysis/action-patterns';
import { quote, statementLabel } from '../../analysis/describe';
import { PolicyKind } from '../../analysis/policy-view';
import { conditionKeys, conditionLimitsWho } from '../../analysis/who-conditions';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

const CHECKED_KINDS = new Set([PolicyKind.INLINE, PolicyKind.MANAGED, PolicyKind.REPOSITORY]);

/**
 * Catches `ecr:*` allowed with no `Condition`: every ECR action, including deleting repositories and
 * rewriting their policies, where a named set would do.
 */
export const ecrWildcardWithoutCondition: Rule = {
  id: 'ecr-wildcard-without-condition',
  level: EcrCheckLevel.WARNING,
  summary: '`ecr:*` allowed without a `Condition` that limits who or what (`aws:SourceIp` does not)',
  why: `"ecr:*" allows all ${allEcrActions().length} ECR actions, including DeleteRepository, BatchDeleteImage and SetRepositoryPolicy; a principal that needs to pull or push gets far more.`,
  fix: 'Grant a named set (`EcrActions.PULL`, `PUSH`, `READ`, `CREATE` …) or the grant methods; keep `ecr:*` for administrators, with a condition',
  check({ model, report }) {
    // indexed loops: run once per synth, unoptimized, each for…of step over the app's statements allocates
    const policies = model.policies;
    for (let p = 0; p < policies.length; p++) {
      const policy = policies[p];
      if (!CHECKED_KINDS.has(policy.kind)) continue;
      const statements = policy.statements;
      for (let s = 0; s < statements.length; s++) {
        const statement = statements[s];
        const actions = statement.actions;
        if (statement.effect !== 'Allow' || actions === undefined || conditionLimitsWho(statement.condition)) continue;
        for (let a = 0; a < actions.length; a++) {
          const action = actions[a];
          const value = action.value;
          if (!isAllEcrActions(value)) continue;
          report({
            resource: policy.resource,
            location: action.location,
            message: `${quote(value)} in ${statementLabel(statement)} allows every ECR action with no condition`
              + (statement.condition ? ` that limits who or what (${conditionKeys(statement.condition).join(', ')} limits only where from or when)` : '') + '.',
            fix: 'replace it with the actions the principal needs: EcrActions.PULL to pull, EcrActions.PUSH to push (or repository.grantPull/grantPush)',
          });
        }
      }
    }
  },
};
