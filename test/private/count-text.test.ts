import { countOf } from '../../src/private/count-text';

test.each([
  [0, 'policy', 'policies', '0 policies'],
  [1, 'policy', 'policies', '1 policy'],
  [1100, 'policy', 'policies', '1,100 policies'],
  [2, 'error', undefined, '2 errors'],
  [1, 'warning', undefined, '1 warning'],
])('countOf(%d, %s, %s) is %s', (n, one, many, text) => {
  expect(countOf(n, one, many)).toBe(text);
});
