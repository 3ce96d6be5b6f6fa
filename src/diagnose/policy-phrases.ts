import { DenyingPolicyType, MissingPolicy } from './diagnosis';

// AWS's own words for each policy type, as its access-denied messages write them ("because no
// <phrase> allows", "with an explicit deny in a <phrase>"), in one table for reading and writing.

const PHRASES: ReadonlyArray<readonly [string, MissingPolicy, DenyingPolicyType]> = [
  ['identity-based policy', MissingPolicy.IDENTITY, DenyingPolicyType.IDENTITY_BASED_POLICY],
  ['resource-based policy', MissingPolicy.RESOURCE, DenyingPolicyType.RESOURCE_BASED_POLICY],
  ['permissions boundary', MissingPolicy.PERMISSIONS_BOUNDARY, DenyingPolicyType.PERMISSIONS_BOUNDARY],
  ['session policy', MissingPolicy.SESSION_POLICY, DenyingPolicyType.SESSION_POLICY],
  ['VPC endpoint policy', MissingPolicy.VPC_ENDPOINT_POLICY, DenyingPolicyType.VPC_ENDPOINT_POLICY],
  ['service control policy', MissingPolicy.SERVICE_CONTROL_POLICY, DenyingPolicyType.SERVICE_CONTROL_POLICY],
  ['resource control policy', MissingPolicy.RESOURCE_CONTROL_POLICY, DenyingPolicyType.RESOURCE_CONTROL_POLICY],
];

/** A regular-expression alternation of every phrase, for the parser (a capturing group). */
export const POLICY_PHRASE_PATTERN = `(${PHRASES.map(([phrase]) => phrase).join('|')})`;

/** The missing policy AWS names with this phrase. */
export function missingPolicyOfPhrase(phrase: string): MissingPolicy | undefined {
  return PHRASES.find(([p]) => p.toLowerCase() === phrase.toLowerCase())?.[1];
}

/** The denying policy type AWS names with this phrase. */
export function denyingPolicyOfPhrase(phrase: string): DenyingPolicyType | undefined {
  return PHRASES.find(([p]) => p.toLowerCase() === phrase.toLowerCase())?.[2];
}

/** AWS's phrase for a missing policy (`both` has none: it is this library's conclusion). */
export function phraseOfMissing(policy: MissingPolicy | undefined): string {
  return PHRASES.find(([, m]) => m === policy)?.[0] ?? 'policy';
}

/** AWS's phrase for a denying policy type. */
export function phraseOfDenying(type: DenyingPolicyType): string {
  return PHRASES.find(([, , d]) => d === type)?.[0] ?? type;
}
