import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../actions/action-sets';
import { ecrActionsMatching, matchesOnlyRegistryActions } from '../../analysis/action-patterns';
import { isKnown } from '../../analysis/cfn-values';
import { quote, statementJson, statementLabel } from '../../analysis/describe';
import { identityStatements } from '../../analysis/identity-scopes';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

/**
 * Catches actions that AWS accepts only with `Resource: "*"` (login, registry settings) scoped to a
 * repository ARN, as in AWS's own "ManageRepositoryContents" example.
 */
export const registryActionOnRepositoryArn: Rule = {
  id: 'registry-action-on-repository-arn',
  level: EcrCheckLevel.ERROR,
  summary: 'An action that works only on `Resource: "*"` (`ecr:GetAuthorizationToken`, registry settings) scoped to a repository ARN',
  why: 'Registry-level actions have no resource-level permissions: a request for them is always on "*", so a statement that names a repository never allows them (docker login fails with "not authorized to perform: ecr:GetAuthorizationToken on resource: *").',
  fix: 'Allow the action in its own statement with `Resource: "*"` (`EcrActions.LOGIN` for login)',
  check({ model, report }) {
    for (const statement of identityStatements(model)) {
      if (statement.effect !== 'Allow' || !statement.resources || statement.resources.length === 0) continue;
      if (statement.resources.some(({ value }) => value === '*' || !isKnown(value))) continue;
      for (const action of statement.actions ?? []) {
        const value = action.value;
        if (!matchesOnlyRegistryActions(value)) continue;
        const actions = ecrActionsMatching(value).map((a) => `ecr:${a.name}`);
        const resources = statement.resources.map((r) => quote(r.value)).join(', ');
        const login = actions.every((a) => EcrActions.LOGIN.includes(a));
        report({
          resource: statement.policy.resource,
          location: action.location,
          message: `${quote(value)} in ${statementLabel(statement)} is scoped to ${resources}, but AWS accepts ${actions.length === 1 ? 'it' : 'these actions'} only with Resource "*", so this statement never allows ${login ? 'login' : 'it'}.`,
          fix: `remove it from this statement and add ${statementJson(new iam.PolicyStatement({ actions, resources: ['*'] }))}` +
            (login ? ' (every grant of PushableRepository writes exactly this, also on a repository imported with PushableRepository.fromRepositoryArn(...))' : ''),
        });
      }
    }
  },
};
