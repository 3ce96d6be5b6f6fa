import { isKnown } from '../../analysis/cfn-values';
import { quote, statementLabel } from '../../analysis/describe';
import { actionValues, PolicyKind, ResourceRef } from '../../analysis/policy-view';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

/** The id other rules and the runner report unjudgeable values under. */
export const NOT_CHECKED_ID = 'not-checked';

/**
 * Reports what the checks could not read at synth (an action list known only at deploy time, a
 * policy built with `Fn::If`, a resource that would not resolve), so silence never means "checked".
 */
export const notChecked: Rule = {
  id: NOT_CHECKED_ID,
  level: EcrCheckLevel.WARNING,
  summary: 'A policy value the checks cannot read at synth (a deploy-time action list, a conditional document)',
  why: 'The checks judge only what is known at synth; this part of the policy is decided at deploy time and was not checked.',
  fix: 'Write the value in code if you can; otherwise review it yourself and acknowledge this warning with the reason',
  check({ model, notChecked: report }) {
    for (const unreadable of model.unreadable) {
      const stack = model.templates.stacks.find((s) => s.id === unreadable.stackId);
      if (!stack) continue;
      const resource: ResourceRef = { stack, logicalId: unreadable.logicalId, type: '', path: unreadable.constructPath };
      report(resource, 'Properties', `the resource could not be resolved (${unreadable.error})`);
    }
    for (let policyIndex = 0; policyIndex < model.policies.length; policyIndex++) {
      const policy = model.policies[policyIndex];
      // indexed loops: this runs once per synth, unoptimized, where each for…of step over every
      // policy, statement and action of the app allocates
      for (let i = 0; i < policy.unreadable.length; i++) {
        const part = policy.unreadable[i];
        report(policy.resource, part.location, `the ${policy.kind} is not a policy document at synth (${quote(part.value)})`);
      }
      for (let statementIndex = 0; statementIndex < policy.statements.length; statementIndex++) {
        const statement = policy.statements[statementIndex];
        if (policy.kind !== PolicyKind.TRUST) {
          const actions = actionValues(statement);
          for (let i = 0; i < actions.length; i++) {
            const action = actions[i];
            if (!isKnown(action.value)) report(policy.resource, action.location, `the action ${quote(action.value)} in ${statementLabel(statement)} is known only at deploy time`);
          }
        }
      }
    }
  },
};
