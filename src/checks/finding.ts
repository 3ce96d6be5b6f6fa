import { EcrCheckLevel } from './check-level';
import { ResourceRef } from '../analysis/policy-view';

/** A finding of one rule, ready to report as an annotation or a validation-report violation. */
export interface Finding {
  readonly ruleId: string;
  readonly level: EcrCheckLevel;
  readonly resource: ResourceRef;
  readonly location: string;
  readonly message: string;
  readonly why: string;
  readonly fix: string;
}

/** The qualified id users see and acknowledge: `cdk-ecr-access:<rule id>`. */
export function qualifiedRuleId(ruleId: string): string {
  return `cdk-ecr-access:${ruleId}`;
}

/** The full text of a finding: id, what and where, why, fix. */
export function findingText(finding: Finding): string {
  return `[${qualifiedRuleId(finding.ruleId)}] ${finding.message} ` +
    `(at '${finding.resource.path}', ${finding.location}) Why: ${finding.why} Fix: ${sentence(finding.fix)}`;
}

/** A fix as a sentence: capitalised, with a final full stop. */
export function sentence(text: string): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.?!]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
