import { MAX_TEXT_LENGTH, normalizeText, trimToken } from '../../src/diagnose/text';

// What people paste, made one line of plain text: log prefixes, JSON escaping, HTML entities, smart
// quotes and line numbers go; nothing throws, whatever the input.

test.each([
  ['GitHub Actions timestamps', '2024-05-01T12:00:00.1234567Z denied: User: a\n2024-05-01T12:00:00.1234568Z is not authorized', 'denied: User: a is not authorized'],
  ['CodeBuild prefixes', '[Container] 2024/05/01 12:00:00.123456 User: a\n[Container] 2024/05/01 12:00:00.123457 is not authorized', 'User: a is not authorized'],
  ['journald prefixes', 'May  1 12:00:00 host kubelet[123]: E0501 failed', 'E0501 failed'],
  ['quoted replies', '> > User: a\n> is not authorized', 'User: a is not authorized'],
  ['line numbers of a code block', '1\nUser: a\n2\nis not authorized', 'User: a is not authorized'],
  ['JSON escaping', String.raw`{\"msg\":\"User: a\\nis not authorized\"}`, '{"msg":"User: a is not authorized"}'],
  ['HTML entities and smart quotes', 'name &quot;api&quot; &amp; \u201capi\u201d \u2018x\u2019', 'name "api" & "api" \'x\''],
])('%s', (_, input, text) => {
  expect(normalizeText(input)).toBe(text);
});

test('input that is not text, and text longer than a megabyte (its end is kept)', () => {
  expect(normalizeText(undefined)).toBe('');
  expect(normalizeText(true)).toBe('true');
  expect(normalizeText({ toString: () => { throw new Error('no'); } })).toBe('');
  const long = 'x'.repeat(MAX_TEXT_LENGTH) + ' the end';
  expect(normalizeText(long).endsWith('the end')).toBe(true);
  expect(normalizeText(long).length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
});

test('a token copied from prose loses the quotes and punctuation around it', () => {
  expect(trimToken('"arn:aws:iam::1:role/ci".')).toBe('arn:aws:iam::1:role/ci');
  expect(trimToken('(ecr:PutImage),')).toBe('ecr:PutImage');
});
