import { EcrActions, LAYER_UPLOAD_ACTIONS } from '../../actions/action-sets';
import { patternMatches, UnknownParts } from '../../analysis/arn-pattern';
import { statementJson, statementLabel } from '../../analysis/describe';
import { identityScopes } from '../../analysis/identity-scopes';
import { PrincipalType } from '../../analysis/model-views';
import { ecrActionsOf, StatementView } from '../../analysis/policy-view';
import { loginStatement } from '../../policy/statements';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

const [LOGIN] = EcrActions.LOGIN;
// a registry client (docker) logs in; the API calls of a retag (BatchGetImage, PutImage) or a
// manifest read do not need login, so a layer download or a layer upload means "docker" (a partial
// pull fails at login first)
const [LAYER_DOWNLOAD] = EcrActions.LAMBDA_PULL.filter((a) => a.endsWith('GetDownloadUrlForLayer'));
const UPLOADS = LAYER_UPLOAD_ACTIONS;

/**
 * Catches a role or user of the app that may pull (download layers) or push (upload layers) but has
 * no `ecr:GetAuthorizationToken` on `*` in any of its policies, AWS managed ones included. Principals
 * with managed policies whose content is unknown (another app's) are skipped: those may grant login.
 */
export const missingLogin: Rule = {
  id: 'missing-login',
  level: EcrCheckLevel.ERROR,
  summary: 'A role or user that may pull (a layer download) or push (a layer upload) but nowhere gets `ecr:GetAuthorizationToken` on `Resource: "*"`',
  why: 'docker (and every registry client) logs in before it pulls or pushes; without login the first call fails with "not authorized to perform: ecr:GetAuthorizationToken on resource: *".',
  fix: 'Add `ecr:GetAuthorizationToken` on `Resource: "*"` to the principal\'s identity policy (`EcrActions.LOGIN`); PushableRepository grants include it',
  check(context) {
    // indexed loops here and below: asked once per synth, this code runs unoptimized, where each step of
    // for…of over an array allocates
    const scopes = identityScopes(context.model);
    for (let i = 0; i < scopes.length; i++) {
      const scope = scopes[i];
      const principal = scope.principal;
      if (!principal || principal.type === PrincipalType.GROUP || principal.unknownManagedPolicies.length > 0) continue;
      context.guard(scope.resource, 'Properties', () => {
        // asked of every role and user of the app, and most log in: answered from the shared action
        // sets, statement by statement, before anything is built for a message
        let pulls = false;
        let pushes = false;
        const statements = scope.statements;
        for (let j = 0; j < statements.length; j++) {
          const statement = statements[j];
          if (statement.effect !== 'Allow') continue;
          const actions = ecrActionsOf(statement);
          pulls ||= actions.has(LAYER_DOWNLOAD);
          pushes ||= uploads(actions);
        }
        if (!pulls && !pushes) return;
        if (scope.statements.some(logsIn)) return;
        const allows = scope.statements.filter((s) => s.effect === 'Allow')
          .map((s) => ({ statement: s, actions: ecrActionsOf(s) }));
        const first = allows.find((a) => [LAYER_DOWNLOAD, ...UPLOADS].some((x) => a.actions.has(x)))!;
        // `ecr:Get*` (or `ecr:*`) on a repository ARN names GetAuthorizationToken, which is only ever requested on "*"
        const inNameOnly = allows.find(({ actions }) => actions.has(LOGIN));
        context.report({
          resource: first.statement.policy.resource,
          location: first.statement.location,
          message: `${scope.label} may ${pushes ? 'push' : 'pull'} images (${statementLabel(first.statement)}) ` +
            'but no policy of it allows ecr:GetAuthorizationToken on "*", so it cannot log in to the registry' +
            (inNameOnly ? ` (${statementLabel(inNameOnly.statement)} covers it on a repository ARN, where login never matches).` : '.'),
          fix: `add ${statementJson(loginStatement())} to its identity policy (every PushableRepository grant adds it, also on a repository imported with PushableRepository.fromRepositoryArn(...))`,
        });
      });
    }
  },
};

function uploads(actions: ReadonlySet<string>): boolean {
  for (let i = 0; i < UPLOADS.length; i++) if (actions.has(UPLOADS[i])) return true;
  return false;
}

/** An allowed statement with login on `*` (or on everything but some resources). */
function logsIn(statement: StatementView): boolean {
  return statement.effect === 'Allow' && ecrActionsOf(statement).has(LOGIN)
    && (statement.notResources !== undefined || (statement.resources ?? []).some((r) => patternMatches(r.value, '*', UnknownParts.OPTIMISTIC)));
}
