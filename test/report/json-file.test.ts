import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { writeJsonFile } from '../../src/report/json-file';

// The report's JSON file, written in pieces, must be the file one JSON.stringify would write: byte
// for byte, whatever the lists' lengths (a piece boundary falls anywhere) and whatever the fields hold.

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'json-file-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const entry = (i: number) => ({ name: `role Stack${i}/Role`, kind: 'role', actions: [{ actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], access: 'allowed' }], note: i % 3 === 0 ? 'a "quoted" → note' : undefined });

test.each([
  ['no fields', {}],
  ['empty lists and a string', { format: 'f@2', principals: [], notes: [] }],
  ['a short list', { access: [entry(0), entry(1)] }],
  ['a list one piece long', { access: Array.from({ length: 100 }, (_, i) => entry(i)) }],
  ['a list one entry longer than a piece', { access: Array.from({ length: 101 }, (_, i) => entry(i)) }],
  ['long lists between other fields, an undefined field left out', {
    format: 'f', principals: Array.from({ length: 237 }, (_, i) => entry(i)), skipped: undefined, access: Array.from({ length: 100 }, (_, i) => entry(i)), notes: ['n'],
  }],
  ['a key to escape, nulls and numbers in a long list', { 'a "key"': Array.from({ length: 120 }, (_, i) => (i % 2 ? null : i)) }],
])('%s: the same bytes as JSON.stringify with a newline', (_, value) => {
  // GIVEN
  const file = path.join(directory, 'report.json');
  // WHEN
  writeJsonFile(file, value);
  // THEN
  expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(value, undefined, 2)}\n`);
});
