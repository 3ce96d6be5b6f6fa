import { perText } from '../../src/analysis/text-memo';

test('each distinct text is judged once, null answers included', () => {
  // GIVEN
  const judged: string[] = [];
  const lengthOrNull = perText((text) => { judged.push(text); return text.length > 3 ? text.length : null; });
  // WHEN
  const answers = ['ecr:*', 'a', 'ecr:*', 'a'].map(lengthOrNull);
  // THEN
  expect(answers).toEqual([5, null, 5, null]);
  expect(judged).toEqual(['ecr:*', 'a']);
});

test('after 10,000 texts the memory starts again, and answers stay right', () => {
  // GIVEN
  let calls = 0;
  const upper = perText((text) => { calls++; return text.toUpperCase(); });
  // WHEN
  for (let i = 0; i <= 10_000; i++) upper(`t${i}`);
  // THEN the first text was forgotten with the rest and is judged again
  expect(upper('t0')).toBe('T0');
  expect(calls).toBe(10_002);
});
