import { EcrCheckLevel } from './check-level';
import { AccessModel } from '../analysis/access-model';
import { ResourceRef, StatementView } from '../analysis/policy-view';

// The shape of one rule of the pack. Each rule lives in rules/<id>.ts and only reads the model;
// the runner adds the level, the construct path, suppression and crash isolation.

/** What a rule found, before the runner adds id, level, path and the rule's "why". */
export interface FindingDraft {
  readonly resource: ResourceRef;
  /** Where in the resource (`Properties/PolicyDocument/Statement/0/Action/1`). */
  readonly location: string;
  /** What is wrong, quoting the offending value. */
  readonly message: string;
  /** How to fix this occurrence. */
  readonly fix: string;
}

export interface RuleContext {
  readonly model: AccessModel;
  report(finding: FindingDraft): void;
  /** Reports a value this rule cannot judge at synth, under the `not-checked` rule. */
  notChecked(resource: ResourceRef, location: string, what: string): void;
  /** Runs the check of one item; if it throws, the item is reported as not checked and the rule goes on. */
  guard(resource: ResourceRef, location: string, check: () => void): void;
}

export interface Rule {
  /** Kebab-case id, the rule's file name; acknowledged as `cdk-ecr-access:<id>`. */
  readonly id: string;
  readonly level: EcrCheckLevel;
  /** What the rule catches, one line. */
  readonly summary: string;
  /** Why it matters: what AWS does with such a policy. */
  readonly why: string;
  /** The general fix (each finding carries its own, more specific one). */
  readonly fix: string;
  check(context: RuleContext): void;
}

/**
 * Whether any statement passes a rule's quick test, asked before its guarded check so that the
 * items nothing could be found in cost no closure. True when the test throws: the guarded check
 * then runs, and reports the item as not checked.
 */
export function anyMayApply(statements: readonly StatementView[], test: (statement: StatementView) => boolean): boolean {
  try {
    return statements.some(test);
  } catch {
    return true;
  }
}
