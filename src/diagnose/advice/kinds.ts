import { accessDenied } from './access-denied';
import { clockSkew } from './clock-skew';
import { encodedAuthorizationMessage } from './encoded-authorization-message';
import { explicitDeny } from './explicit-deny';
import { federation } from './federation';
import { forbidden } from './forbidden';
import { imageAlreadyExists } from './image-already-exists';
import { imageNotFound } from './image-not-found';
import { immutableTag } from './immutable-tag';
import { invalidCredentials } from './invalid-credentials';
import { AdviceInput, Advice, KindAdvice } from './kind-advice';
import { kms } from './kms';
import { lambdaImageAccess } from './lambda-image-access';
import { layerDownloadDenied } from './layer-download-denied';
import { network } from './network';
import { notLoggedIn } from './not-logged-in';
import { pullThroughCache } from './pull-through-cache';
import { repositoryNotFound } from './repository-not-found';
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
  repositoryNotFound,
  imageNotFound,
  immutableTag,
  imageAlreadyExists,
  network,
  layerDownloadDenied,
  pullThroughCache,
  kms,
  clockSkew,
  federation,
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
