import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { readReportSource } from '../../src/report/report-source';

// One side of a diff: a report JSON written by this version or the one before (format 1), or an
// assembly directory; anything else is named with what was expected.

const dir = mkdtempSync(path.join(tmpdir(), 'report-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
};

test('a format 1 report is read whole; its notes are what it does not cover', () => {
  // GIVEN
  const at = file('v1.json', JSON.stringify({ format: 'cdk-ecr-access/access-report@1', principals: [], repositories: [], access: [], notes: ['not evaluated: x'] }));
  // WHEN
  const source = readReportSource(at);
  // THEN
  expect(source.error).toBeUndefined();
  expect(source.report?.format).toBe('cdk-ecr-access/access-report@1');
  expect(source.incomplete).toEqual(['not evaluated: x']);
});

test.each([
  ['not JSON', '{', 'is not valid JSON'],
  ['a report without its lists', JSON.stringify({ format: 'cdk-ecr-access/access-report@2' }), 'is not a whole access report: principals, repositories and access must be lists'],
  ['another file', JSON.stringify([1]), 'is not an access report (its format is undefined'],
])('%s: named, with what was expected', (name, content, message) => {
  expect(readReportSource(file(`${name}.json`, content)).error).toContain(message);
});

test('a directory with no cloud assembly', () => {
  expect(readReportSource(dir).error).toBe(`'${dir}' holds no cloud assembly (no manifest.json); run \`cdk synth\` first, or name the directory`);
});
