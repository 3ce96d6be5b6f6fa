import { diagnose } from '../../../src';
import * as M from '../messages';

// The details are inside the encoded message: decode it with STS, then diagnose the result.

test('the message to decode, and the command that decodes it', () => {
  // WHEN
  const d = diagnose(M.ENCODED_MESSAGE);
  // THEN
  expect(d.kind).toBe('encoded-authorization-message');
  expect(d.explanation).toBe('AWS returned an encoded authorization failure message: who was denied what, and by which statements, is inside it.');
  expect(d.fix?.steps[0]).toMatch(/^Decode it: `aws sts decode-authorization-message --encoded-message [A-Za-z0-9_-]{16,} --query DecodedMessage --output text`/);
  expect(d.fix?.steps[1]).toBe('Diagnose the decoded JSON: `cdk-ecr-access diagnose -` reads it from standard input.');
});
