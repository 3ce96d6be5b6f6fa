import { didYouMean } from '../../actions/action-suggestions';
import { findEcrAction, matchEcrActions, matchesEcsAction, qualifyEcrAction } from '../../actions/catalog';
import { splitAction } from '../../analysis/action-patterns';
import { isKnown } from '../../analysis/cfn-values';
import { quote, statementLabel } from '../../analysis/describe';
import { actionValues, PolicyKind } from '../../analysis/policy-view';
import { perText } from '../../analysis/text-memo';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

/**
 * Catches ECR action names that are not actions: misspellings (`ecr:GetAuthToken`), wildcards that
 * match nothing (`ecr:Pussh*`), ECR actions written with the ECS prefix (`ecs:DeleteRepository`,
 * as in AWS's own ECR user guide) and ECR action names without a prefix.
 */
export const unknownAction: Rule = {
  id: 'unknown-action',
  level: EcrCheckLevel.ERROR,
  summary: 'An action that is not an Amazon ECR action: a misspelt name, a wildcard that matches nothing, an ECR action with the `ecs:` prefix',
  why: 'IAM accepts a policy with a misspelt action and never matches it, so the request the author meant fails later with AccessDenied.',
  fix: 'Use the exact `ecr:` name, or a named set of `EcrActions`',
  check({ model, report }) {
    // indexed loops: run once per synth, unoptimized, each for…of step over the app's values allocates
    const policies = model.policies;
    for (let p = 0; p < policies.length; p++) {
      const policy = policies[p];
      if (policy.kind === PolicyKind.TRUST) continue;
      const statements = policy.statements;
      for (let s = 0; s < statements.length; s++) {
        const statement = statements[s];
        // `location` only for a finding: each value writes its location out when asked
        const actions = actionValues(statement);
        for (let a = 0; a < actions.length; a++) {
          const action = actions[a];
          const value = action.value;
          if (!isKnown(value) || value === '*') continue;
          const problem = knownProblem(value);
          if (problem) {
            report({ resource: policy.resource, location: action.location, message: `${quote(value)} in ${statementLabel(statement)} ${problem.what}.`, fix: problem.fix });
          }
        }
      }
    }
  },
};

interface ActionProblem {
  readonly what: string;
  readonly fix: string;
}

// Policies repeat the same few action names thousands of times: each spelling is judged once
const problemOf = perText((value) => actionProblem(value) ?? null);

function knownProblem(value: string): ActionProblem | undefined {
  return problemOf(value) ?? undefined;
}

function actionProblem(value: string): ActionProblem | undefined {
  const { service, name } = splitAction(value);
  const wildcard = /[*?]/.test(name);
  if (service === '') {
    const action = findEcrAction(name);
    return action ? { what: 'has no service prefix, which IAM rejects', fix: `write '${qualifyEcrAction(action.name)}'` } : undefined;
  }
  if (service === 'ecr') {
    if (matchEcrActions(name).length > 0) return undefined;
    return { what: wildcard ? 'matches no Amazon ECR action' : 'is not an Amazon ECR action', fix: suggestionFix(name) };
  }
  if (service === 'ecs' && !matchesEcsAction(name)) {
    const ecr = matchEcrActions(name);
    if (ecr.length === 0) return undefined;
    const intended = wildcard ? `ecr:${name}` : qualifyEcrAction(ecr[0].name);
    return {
      what: `is not an Amazon ECS action: ${wildcard ? 'it matches Amazon ECR actions' : `${ecr[0].name} is an Amazon ECR action`}, whose prefix is 'ecr:'`,
      fix: `write '${intended}'`,
    };
  }
  return undefined;
}

function suggestionFix(name: string): string {
  const suggestion = didYouMean(name);
  const named = 'or use a named set such as EcrActions.PULL, EcrActions.PUSH or EcrActions.LOGIN';
  // the catalogue is AWS's service-authorization data as of this release: say so, in case AWS added the action since
  const newer = ' (if AWS added this action after this release of cdk-ecr-access, acknowledge this finding)';
  return (suggestion ? `${suggestion} Write the exact name, ${named}` : `write an existing action name, ${named}`) + newer;
}
