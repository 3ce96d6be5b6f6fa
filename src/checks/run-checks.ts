import { EcrCheckLevel } from './check-level';
import { Finding } from './finding';
import { FindingDraft, Rule, RuleContext } from './rule';
import { RULES } from './rule-pack';
import { notChecked } from './rules/not-checked';
import { suppressionFor } from './suppression';
import { AccessModel } from '../analysis/access-model';
import { ResourceRef } from '../analysis/policy-view';
import { accessModelOf } from '../analysis/shared-reads';
import { TemplateSet } from '../analysis/template-set';

// The engine both ways of running the checks share: read the templates into one access model, run
// every enabled rule with its configured level, drop acknowledged findings, and turn any exception
// into a "not checked" finding, so the checks never break a synth.

export interface RuleSettings {
  /** Ids of the rules to run. */
  readonly enabled: ReadonlySet<string>;
  /** Levels that replace the rules' own. */
  readonly levels: ReadonlyMap<string, EcrCheckLevel>;
}

/** What one run of the checks saw and found. */
export interface CheckRun {
  readonly findings: Finding[];
  /** How many policy documents (identity, trust, repository, registry) the rules read. */
  readonly policiesChecked: number;
}

export function runChecks(templates: TemplateSet, settings: RuleSettings): Finding[] {
  return checkTemplates(templates, settings).findings;
}

export function checkTemplates(templates: TemplateSet, settings: RuleSettings): CheckRun {
  const findings: Finding[] = [];
  const seen = new Set<string>();

  const add = (rule: Rule, draft: FindingDraft) => {
    if (!settings.enabled.has(rule.id)) return;
    const suppression = suppressionFor(templates.acknowledgments, rule.id, draft.resource.path);
    if (suppression.suppressed) return;
    const key = [rule.id, draft.resource.stack.id, draft.resource.logicalId, draft.location, draft.message].join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    const ignored = suppression.withoutReason.length > 0
      ? ` (An acknowledgment without a reason at '${suppression.withoutReason.join("', '")}' does not count.)`
      : '';
    findings.push({
      ruleId: rule.id,
      level: settings.levels.get(rule.id) ?? rule.level,
      resource: draft.resource,
      location: draft.location,
      message: draft.message.charAt(0).toUpperCase() + draft.message.slice(1) + ignored,
      why: rule.why,
      fix: draft.fix,
    });
  };
  const reportNotChecked = (resource: ResourceRef, location: string, what: string) =>
    add(notChecked, { resource, location, message: `Not checked: ${what}.`, fix: notChecked.fix });

  let model: AccessModel;
  try {
    model = accessModelOf(templates);
  } catch (e) {
    const stack = templates.stacks[0];
    if (stack) reportNotChecked({ stack, logicalId: '', type: '', path: stack.id }, '', `the templates could not be read (${errorText(e)})`);
    return { findings, policiesChecked: 0 };
  }

  for (const rule of RULES) {
    if (!settings.enabled.has(rule.id)) continue;
    const context: RuleContext = {
      model,
      report: (draft) => add(rule, draft),
      notChecked: reportNotChecked,
      guard: (resource, location, check) => {
        try {
          check();
        } catch (e) {
          reportNotChecked(resource, location, `rule ${rule.id} stopped on this resource (${errorText(e)})`);
        }
      },
    };
    try {
      rule.check(context);
    } catch (e) {
      const stack = templates.stacks[0];
      if (stack) reportNotChecked({ stack, logicalId: '', type: '', path: stack.id }, '', `rule ${rule.id} stopped (${errorText(e)})`);
    }
  }
  return { findings, policiesChecked: model.policies.length };
}

/** The rule ids of the pack, for validating settings. */
export function knownRuleIds(): string[] {
  return RULES.map((r) => r.id);
}


function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
