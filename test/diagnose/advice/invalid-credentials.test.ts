import { diagnose } from '../../../src';
import * as M from '../messages';

// AWS rejected the credentials themselves: no grant changes that, new credentials do.

test.each([
  ['expired', M.EXPIRED_SECURITY_TOKEN, /^The AWS credentials \(calling GetAuthorizationToken\) have expired\./],
  ['invalid', M.INVALID_SECURITY_TOKEN, /^AWS did not accept the credentials.*: the access key or session token is invalid/],
  ['none found', 'Unable to locate credentials. You can configure credentials by running "aws configure".', /^The client found no AWS credentials\./],
])('%s', (_, text, explanation) => {
  // WHEN
  const d = diagnose(text);
  // THEN
  expect(d.kind).toBe('invalid-credentials');
  expect(d.explanation).toMatch(explanation);
  expect(d.explanation).toMatch(/ Not a policy problem: no grant changes this\.$/);
  expect(d.fix).toEqual({ steps: [expect.stringMatching(/^Check which credentials are in use/), expect.stringMatching(/^Refresh them/), expect.stringMatching(/^Regions that are disabled by default/)] });
});
