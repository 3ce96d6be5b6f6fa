import type { Capability } from '../capability';
import type { DiagnosisFix, DiagnosisKind } from '../diagnosis';
import type { FixTarget } from '../fix';
import type { ErrorFacts } from '../parse';
import type { MissingPolicyConclusion } from '../reasoning';

// The shape of the advice for one kind of error. Each kind lives in advice/<kind>.ts and only
// writes words and fixes from what the message says; advice/kinds.ts lists them.

/** Everything the advice is written from. */
export interface AdviceInput {
  readonly facts: ErrorFacts;
  readonly capability: Capability;
  readonly conclusion: MissingPolicyConclusion;
  readonly policyPrincipalArn?: string;
  /** The principal a fix names: the policy principal, or the same ARN with `<account-id>` when the message masks the account. */
  readonly fixPrincipalArn?: string;
  readonly crossAccount?: boolean;
  readonly target: FixTarget;
}

/** The explanation and the fix for a diagnosis. */
export interface Advice {
  readonly explanation: string;
  readonly fix?: DiagnosisFix;
}

/** The advice for one kind of error. */
export interface KindAdvice {
  /** The kind, the advice's file name. */
  readonly kind: DiagnosisKind;
  /** The heading of the diagnosis as text. */
  readonly title: string;
  /** What happened, and why. */
  explanation(input: AdviceInput): string;
  /** The policies, the cdk-ecr-access code and the steps that fix it; undefined when there is nothing to fix. */
  fix(input: AdviceInput): DiagnosisFix | undefined;
}

/** Absent means absent: no `"field": undefined` in the object, so equality and JSON agree. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
