import { EcrActions } from '../actions/action-sets';
import { actionsOf, EcrCapability } from '../actions/capabilities';

// The report's capabilities as its matrix shows them: a letter each, in a fixed order.

/** A capability, the letter the matrix shows for it, and the actions it takes. */
export interface CapabilityDefinition {
  readonly capability: EcrCapability;
  readonly letter: string;
  readonly actions: readonly string[];
}

function shownAs(letter: string, capability: EcrCapability): CapabilityDefinition {
  return { capability, letter, actions: actionsOf(capability) };
}

export const LOGIN_CAPABILITY: CapabilityDefinition = shownAs('L', EcrCapability.LOGIN);

/** The capabilities on a repository, in the order the matrix shows them. */
export const REPOSITORY_CAPABILITIES: readonly CapabilityDefinition[] = [
  shownAs('R', EcrCapability.PULL),
  shownAs('W', EcrCapability.PUSH),
  shownAs('C', EcrCapability.CREATE),
  shownAs('D', EcrCapability.DELETE),
  shownAs('A', EcrCapability.ADMIN),
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
