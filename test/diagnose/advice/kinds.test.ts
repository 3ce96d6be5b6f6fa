import { readdirSync } from 'fs';
import * as path from 'path';
import { DiagnosisKind } from '../../../src';
import { adviceFor, KIND_ADVICE } from '../../../src/diagnose/advice/kinds';

// The advice is laid out like the rules: one object per kind in advice/<kind>.ts, listed in order.
// Adding a kind is adding one file and one entry; these tests say which are missing.

const ADVICE_DIR = path.join(__dirname, '..', '..', '..', 'src', 'diagnose', 'advice');
// files that hold no kind: the shape, the list, the shared phrases, the code snippets, the access-denied
// sides, the ECR upstream of pull-through-cache
const NOT_KINDS = ['kind-advice', 'kinds', 'missing-policy-sides', 'ecr-upstream-cache', 'snippets', 'words'];

test('one advice per kind, in the order DiagnosisKind lists them', () => {
  expect(KIND_ADVICE.map((k) => k.kind)).toEqual(Object.values(DiagnosisKind));
});

test('each kind\'s advice is in a file named by the kind', () => {
  // WHEN
  const files = readdirSync(ADVICE_DIR).map((f) => f.replace(/\.ts$/, '')).filter((f) => !NOT_KINDS.includes(f));
  // THEN
  expect(files.sort()).toEqual(KIND_ADVICE.map((k) => k.kind).sort());
});

test('each kind has a title for the text output, and its own', () => {
  const titles = KIND_ADVICE.map((k) => k.title);
  expect(titles.every((t) => /^[A-Z]/.test(t) && !t.endsWith('.'))).toBe(true);
  expect(new Set(titles).size).toBe(titles.length);
});

test('a kind nothing advises on is advised as unrecognized', () => {
  expect(adviceFor('no-such-kind' as DiagnosisKind).kind).toBe(DiagnosisKind.UNRECOGNIZED);
});
