import { DenyingPolicyType, MissingPolicy } from '../../src';
import { denyingPolicyOfPhrase, missingPolicyOfPhrase, phraseOfDenying, phraseOfMissing, POLICY_PHRASE_PATTERN } from '../../src/diagnose/policy-phrases';

// AWS's words for each policy type, read from messages and written back in explanations, in any case.

test.each([
  ['identity-based policy', MissingPolicy.IDENTITY, DenyingPolicyType.IDENTITY_BASED_POLICY],
  ['resource-based policy', MissingPolicy.RESOURCE, DenyingPolicyType.RESOURCE_BASED_POLICY],
  ['permissions boundary', MissingPolicy.PERMISSIONS_BOUNDARY, DenyingPolicyType.PERMISSIONS_BOUNDARY],
  ['session policy', MissingPolicy.SESSION_POLICY, DenyingPolicyType.SESSION_POLICY],
  ['VPC endpoint policy', MissingPolicy.VPC_ENDPOINT_POLICY, DenyingPolicyType.VPC_ENDPOINT_POLICY],
  ['service control policy', MissingPolicy.SERVICE_CONTROL_POLICY, DenyingPolicyType.SERVICE_CONTROL_POLICY],
  ['resource control policy', MissingPolicy.RESOURCE_CONTROL_POLICY, DenyingPolicyType.RESOURCE_CONTROL_POLICY],
])('%s', (phrase, missing, denying) => {
  expect(missingPolicyOfPhrase(phrase.toUpperCase())).toBe(missing);
  expect(denyingPolicyOfPhrase(phrase)).toBe(denying);
  expect(phraseOfMissing(missing)).toBe(phrase);
  expect(phraseOfDenying(denying)).toBe(phrase);
  expect(new RegExp(`^${POLICY_PHRASE_PATTERN}$`).test(phrase)).toBe(true);
});

test('"both" is this library\'s conclusion, not AWS\'s phrase; unknown phrases are unknown', () => {
  expect(phraseOfMissing(MissingPolicy.BOTH)).toBe('policy');
  expect(missingPolicyOfPhrase('bucket policy')).toBeUndefined();
});
