import { accessDenied } from './access-denied';
import { encodedAuthorizationMessage } from './encoded-authorization-message';
import { explicitDeny } from './explicit-deny';
import { forbidden } from './forbidden';
import { invalidCredentials } from './invalid-credentials';
import { AdviceInput, Advice, KindAdvice } from './kind-advice';
import { lambdaImageAccess } from './lambda-image-access';
import { notLoggedIn } from './not-logged-in';
import { unrecognized } from './unrecognized';
import { DiagnosisKind } from '../diagnosis';

/** The advice for every kind of error a diagnosis tells apart, in the order DiagnosisKind lists them. */
export const KIND_ADVICE: readonly KindAdvice[] = [
  accessDenied,
  explicitDeny,
  notLoggedIn,
  invalidCredentials,
  lambdaImageAccess,
  forbidden,
  encodedAuthorizationMessage,
  unrecognized,
];

/** The advice for a kind; text no kind explains is unrecognized. */
export function adviceFor(kind: DiagnosisKind): KindAdvice {
  return KIND_ADVICE.find((k) => k.kind === kind) ?? unrecognized;
}

/** Writes the explanation and the fix, and says which values of the message could not be used. */
export function advise(input: AdviceInput): Advice {
  const advice = adviceFor(input.facts.kind);
  const unusable = input.facts.unusable.length > 0 ? ` Not taken from the message: ${input.facts.unusable.join('; ')}.` : '';
  return { explanation: advice.explanation(input) + unusable, fix: advice.fix(input) };
}
