import { actionsOf, EcrCapability, requiredActionsOf } from '../actions/capabilities';

// The report's capabilities as its matrix shows them: a letter each, in a fixed order. A principal
// has a capability when every action AWS documents for the task is allowed (the pull is the two
// calls a pull makes, as the checks read it); the rest of the named set a grant writes is counted
// as part of the capability, not as another action (`+`).

/** A capability, the letter the matrix shows for it, the actions it takes, and those of its named set. */
export interface CapabilityDefinition {
  readonly capability: EcrCapability;
  readonly letter: string;
  /** Every one allowed: the principal has the capability. */
  readonly actions: readonly string[];
  /** The named set grants write (a superset of `actions`): with the capability, none of these is "other". */
  readonly covers: readonly string[];
}

function shownAs(letter: string, capability: EcrCapability): CapabilityDefinition {
  return { capability, letter, actions: requiredActionsOf(capability), covers: actionsOf(capability) };
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

/** Every capability in report order: login, then the repository ones. */
export const ALL_CAPABILITIES: readonly CapabilityDefinition[] = [LOGIN_CAPABILITY, ...REPOSITORY_CAPABILITIES];

const BY_NAME = new Map(ALL_CAPABILITIES.map((c) => [c.capability as string, c]));

/** The matrix letter of a capability as the JSON names it (`pull` → `R`); undefined for an unknown name. */
export function letterOf(capability: string): string | undefined {
  return BY_NAME.get(capability)?.letter;
}

/** The actions a capability accounts for: its named set (a pull's BatchCheckLayerAvailability is no `+`). */
export function coveredActionsOf(capability: string): readonly string[] {
  return BY_NAME.get(capability)?.covers ?? [];
}

const COVERED = new Map(ALL_CAPABILITIES.map((c) => [c.capability as string, new Set(c.covers)]));

/** True when the capability (as the JSON names it) accounts for the action: it is in its named set. */
export function coversAction(capability: string, action: string): boolean {
  return COVERED.get(capability)?.has(action) ?? false;
}

/** What the letters and marks of the matrix mean, for the Markdown and the terminal. */
export const LEGEND = {
  letters: ALL_CAPABILITIES.map((c) => `${c.letter} ${c.capability}`).join(', ') + ', + other ECR actions (listed in the JSON report)',
  conditional: 'X? conditional: a condition decides (listed under the matrix)',
  open: 'X! wider than a condition reads: some of its actions are allowed with no condition, or an AWS service may do it acting for any account (listed under the matrix)',
  otherSide: '(X) cross-account: needs the other side, which is not in this app (the identity policy in the principal\'s account, or the repository policy)',
};
