import { EcrActions } from '../actions/action-sets';

/**
 * What a principal can do with ECR, as {@link EcrAccessReport} classifies it. Each capability is a
 * named action set of {@link EcrActions}: a principal has it when every action of the set is allowed.
 */
export enum EcrCapability {
  /** Log in to the registry: `EcrActions.LOGIN` on `*` (a property of the principal, not of a repository). */
  LOGIN = 'login',
  /** Pull images: `EcrActions.PULL` (for an AWS service principal, `EcrActions.LAMBDA_PULL`). */
  PULL = 'pull',
  /** Push images: `EcrActions.PUSH`. */
  PUSH = 'push',
  /** Create the repository (or repositories matching a name pattern): `EcrActions.CREATE`. */
  CREATE = 'create',
  /** Delete images or the repository: `EcrActions.DELETE`. */
  DELETE = 'delete',
  /** Change the repository's policy, lifecycle, tag mutability or scanning: `EcrActions.ADMIN`. */
  ADMIN = 'admin',
}

/** A capability, the letter the matrix shows for it, and the actions it takes. */
export interface CapabilityDefinition {
  readonly capability: EcrCapability;
  readonly letter: string;
  readonly actions: readonly string[];
}

export const LOGIN_CAPABILITY: CapabilityDefinition = { capability: EcrCapability.LOGIN, letter: 'L', actions: EcrActions.LOGIN };

/** The capabilities on a repository, in the order the matrix shows them. */
export const REPOSITORY_CAPABILITIES: readonly CapabilityDefinition[] = [
  { capability: EcrCapability.PULL, letter: 'R', actions: EcrActions.PULL },
  { capability: EcrCapability.PUSH, letter: 'W', actions: EcrActions.PUSH },
  { capability: EcrCapability.CREATE, letter: 'C', actions: EcrActions.CREATE },
  { capability: EcrCapability.DELETE, letter: 'D', actions: EcrActions.DELETE },
  { capability: EcrCapability.ADMIN, letter: 'A', actions: EcrActions.ADMIN },
];

// An AWS service reads an image with the two calls Lambda documents; the layer check is what a
// registry client (docker) adds, and services do not log in.
const SERVICE_PULL: CapabilityDefinition = { ...REPOSITORY_CAPABILITIES[0], actions: EcrActions.LAMBDA_PULL };

/** The repository capabilities as they apply to a principal (an AWS service pulls with fewer actions). */
export function repositoryCapabilities(isService: boolean): readonly CapabilityDefinition[] {
  return isService ? [SERVICE_PULL, ...REPOSITORY_CAPABILITIES.slice(1)] : REPOSITORY_CAPABILITIES;
}

/** Every capability in report order: login, then the repository ones. */
export const ALL_CAPABILITIES: readonly CapabilityDefinition[] = [LOGIN_CAPABILITY, ...REPOSITORY_CAPABILITIES];

/** What the letters and marks of the matrix mean, for the Markdown and the terminal. */
export const LEGEND = {
  letters: ALL_CAPABILITIES.map((c) => `${c.letter} ${c.capability}`).join(', ') + ', + other ECR actions (listed in the JSON report)',
  conditional: 'X? conditional: a condition decides (listed under the matrix)',
  open: 'X! wider than a condition reads: some of its actions are allowed with no condition, or an AWS service may do it acting for any account (listed under the matrix)',
  otherSide: '(X) cross-account: needs the other side, which is not in this app (the identity policy in the principal\'s account, or the repository policy)',
};
