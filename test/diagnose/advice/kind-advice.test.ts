import { withoutUndefined } from '../../../src/diagnose/advice/kind-advice';

// Absent means absent: a diagnosis has no `"field": undefined`, so equality and JSON agree.

test('fields that are undefined are left out; everything else stays, in order', () => {
  // WHEN
  const value = withoutUndefined({ a: 1, b: undefined, c: null, d: '', e: false });
  // THEN
  expect(Object.keys(value)).toEqual(['a', 'c', 'd', 'e']);
  expect(value).toEqual({ a: 1, c: null, d: '', e: false });
});
