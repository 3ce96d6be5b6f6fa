import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../actions/action-sets';
import { ecrActionsMatching, matchesOnlyRegistryActions } from '../../analysis/action-patterns';
import { isKnown } from '../../analysis/cfn-values';
import { quote, statementJson, statementLabel } from '../../analysis/describe';
import { identityStatements } from '../../analysis/identity-scopes';
import { Located } from '../../analysis/policy-view';
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
    // indexed loops: run once per synth, unoptimized, each for…of step over the app's values allocates
    const statements = identityStatements(model);
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s];
      if (statement.effect !== 'Allow' || !statement.resources || statement.resources.length === 0) continue;
      if (statement.resources.some(isStarOrDeployTime)) continue;
      const written = statement.actions ?? NO_ACTIONS;
      for (let i = 0; i < written.length; i++) {
        const action = written[i];
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

const NO_ACTIONS: readonly Located[] = [];

/** A resource of `*` (or one known only at deploy time): the action is not confined to repository ARNs. */
function isStarOrDeployTime(resource: Located): boolean {
  return resource.value === '*' || !isKnown(resource.value);
}
