import { diagnose } from '../../../src';

// A wrong clock, not wrong keys: even when the error code is SignatureDoesNotMatch.

test.each([
  ['InvalidSignatureException', 'InvalidSignatureException: Signature expired: 20170111T204052Z is now earlier than 20170111T225449Z (20170111T230949Z - 15 min.)', undefined],
  ['SignatureDoesNotMatch from the CLI', 'An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)', 'sts:GetCallerIdentity'],
])('%s', (_, text, action) => {
  // WHEN (github.com/upmc-enterprises/registry-creds; github.com/aws/aws-cli/issues/6676)
  const d = diagnose(text);
  // THEN
  expect([d.kind, d.action]).toEqual(['clock-skew', action]);
  expect(d.explanation).toMatch(/the clock of the machine that signed it is off\. Not a credentials or policy problem\.$/);
  expect(d.fix?.steps[0]).toMatch(/^Synchronise the clock/);
});
