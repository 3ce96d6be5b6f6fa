import { EcrActions } from './action-sets';
import { didYouMean } from './action-suggestions';
import { ECR_SERVICE_PREFIX, findEcrAction, matchEcrActions, qualifyEcrAction } from './catalog';
import { InputProblems, isToken } from '../private/input-problems';

// What a grant on one repository gives for the actions a user asked for. A pattern is expanded
// through the generated catalogue rather than written as it is: `ecr:Get*` on a repository ARN never
// covers login, which AWS accepts only on "*", and the expanded list is what a reviewer, the checks
// and the report see. An action AWS adds later needs a catalogue regeneration before a pattern
// covers it, which is the point: nothing is granted that the catalogue has not named.

/** The actions a grant on one repository writes, and what a pattern matched that it leaves out. */
export interface RepositoryGrantActions {
  /**
   * Qualified actions as AWS spells them, each once, in the order asked for (a pattern's actions in
   * catalogue order at its place): repository actions, login, and `*`-only actions named one by one.
   * Deploy-time values are kept as they are.
   */
  readonly actions: string[];
  /** `*`-only actions a pattern matched that are registry settings, not a repository's to give. */
  readonly registryActionsLeftOut: string[];
}

/**
 * Validates the actions a user asked a repository to grant and expands every pattern through the
 * catalogue. Problems (no action, an unknown or misspelt action, another service's action, a pattern
 * that matches nothing) are added to `problems` under `property` (`actions[1]`).
 */
export function repositoryGrantActions(problems: InputProblems, property: string, requested: readonly string[]): RepositoryGrantActions {
  if (requested.length === 0) {
    problems.add(property, [], 'names no action, so nothing would be granted',
      'name the actions (\'ecr:DescribeImages\'), or use grantPull, grantPush or grantPullPush');
  }
  const actions = new Set<string>();
  const leftOut = new Set<string>();
  requested.forEach((action, i) => {
    if (isToken(action)) {
      actions.add(action);
      return;
    }
    if (typeof action !== 'string') {
      problems.add(`${property}[${i}]`, action, 'is not an action name', 'write the action as \'ecr:ActionName\'');
      return;
    }
    const problem = actionProblem(action);
    if (problem) {
      problems.add(`${property}[${i}]`, action, problem.what, problem.fix);
      return;
    }
    const name = action.slice(action.indexOf(':') + 1);
    if (!/[*?]/.test(name)) {
      actions.add(qualifyEcrAction(findEcrAction(name)!.name));
      return;
    }
    for (const matched of matchEcrActions(name)) {
      const qualified = qualifyEcrAction(matched.name);
      // login is the one `*`-only action a repository grant gives; the rest configure the registry
      if (matched.wildcardOnly && !EcrActions.LOGIN.includes(qualified)) leftOut.add(qualified);
      else actions.add(qualified);
    }
  });
  return { actions: [...actions], registryActionsLeftOut: [...leftOut].filter((a) => !actions.has(a)) };
}

function actionProblem(action: string): { what: string; fix: string } | undefined {
  const colon = action.indexOf(':');
  const service = colon < 0 ? '' : action.slice(0, colon).toLowerCase();
  const name = action.slice(colon + 1);
  const ecrName = firstEcrMatch(name);
  if (service === ECR_SERVICE_PREFIX) {
    if (ecrName !== undefined) return undefined;
    const suggestion = didYouMean(name);
    return {
      what: /[*?]/.test(name) ? 'matches no Amazon ECR action' : 'is not an Amazon ECR action',
      fix: `${suggestion ? `${suggestion} Write the exact name` : 'write an existing ECR action name'}, or use grantPull, grantPush or grantPullPush`,
    };
  }
  if (action === '*') {
    return { what: 'is every action of every service', fix: 'write \'ecr:*\' for every Amazon ECR action on this repository, or name the actions' };
  }
  if (colon < 0) {
    return { what: 'has no service prefix, which IAM rejects', fix: ecrName ? `write '${ecrName}'` : 'write the action as \'ecr:ActionName\'' };
  }
  if (/[*?]/.test(service)) {
    return { what: 'names several services\' actions', fix: `write the 'ecr:' prefix${ecrName ? ` ('${ecrName}')` : ''}` };
  }
  if (ecrName !== undefined && !/[*?]/.test(name)) {
    return { what: 'is not an Amazon ECR action (their prefix is \'ecr:\')', fix: `write '${ecrName}'` };
  }
  return {
    what: `is an action of another service (${service}), and a repository grants only Amazon ECR actions`,
    fix: 'grant it on its own resource (that resource\'s grant methods, or an iam.PolicyStatement on the grantee)',
  };
}

/** The qualified catalogue name of the first ECR action a name or pattern matches. */
function firstEcrMatch(name: string): string | undefined {
  const matched = matchEcrActions(name);
  if (matched.length === 0) return undefined;
  return /[*?]/.test(name) ? `${ECR_SERVICE_PREFIX}:${name}` : qualifyEcrAction(matched[0].name);
}
