import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parseJsonFile, readAssemblyFiles, readJsonFile, readTextFile } from '../../src/analysis/assembly-files';

// The files of a cloud assembly on disk: what cannot be read is said, file by file, with the reason,
// so a report made from fewer templates than the app has never looks complete.

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new directory holding these files. */
function directory(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assembly-files-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const stack = (file: string) => ({ type: 'aws:cloudformation:stack', properties: { templateFile: file } });
const nested = (dir: string) => ({ type: 'cdk:cloud-assembly', properties: { directoryName: dir } });

test('a JSON file, or why not: missing, a directory, not JSON', () => {
  // GIVEN
  const dir = directory({ 'ok.json': '{"a":1}', 'bad.json': '{nope' });
  // WHEN / THEN
  expect(readJsonFile(path.join(dir, 'ok.json'))).toEqual({ json: { a: 1 } });
  expect(readJsonFile(path.join(dir, 'gone.json'))).toEqual({ error: `cannot read ${path.join(dir, 'gone.json')}: no such file` });
  expect(readJsonFile(dir)).toEqual({ error: `cannot read ${dir}: it is a directory` });
  expect(readJsonFile(path.join(dir, 'bad.json')).error).toMatch(/bad\.json is not valid JSON \(.+\)$/);
});

test('a text read once parses to what reading the JSON file gives, errors included', () => {
  // GIVEN
  const dir = directory({ 'ok.json': '{"a":1}', 'bad.json': '{nope' });
  const files = ['ok.json', 'bad.json', 'gone.json'].map((name) => path.join(dir, name));
  // WHEN
  const texts = files.map(readTextFile);
  // THEN
  expect(texts[0]).toEqual({ text: '{"a":1}' });
  expect(texts[2]).toEqual({ error: `cannot read ${files[2]}: no such file` });
  expect(files.map((file, i) => parseJsonFile(file, texts[i]))).toEqual(files.map(readJsonFile));
});

test('every stack template the manifests list, nested assemblies included', () => {
  // GIVEN
  const dir = directory({
    'manifest.json': JSON.stringify({ artifacts: { A: stack('A.template.json'), Tree: { type: 'cdk:tree' }, Prod: nested('assembly-Prod') } }),
    'assembly-Prod/manifest.json': JSON.stringify({ artifacts: { B: stack('B.template.json') } }),
  });
  // WHEN
  const files = readAssemblyFiles(dir);
  // THEN
  expect(files).toEqual({ templatePaths: [path.join(dir, 'A.template.json'), path.join(dir, 'assembly-Prod', 'B.template.json')], problems: [] });
});

test('no manifest.json: no cloud assembly at all', () => {
  expect(readAssemblyFiles(directory({}))).toBeUndefined();
});

test('a manifest that is not one, a nested assembly without one, and a nested assembly that refers back', () => {
  // GIVEN
  const notManifest = directory({ 'manifest.json': '{"version":"1"}' });
  const missingNested = directory({ 'manifest.json': JSON.stringify({ artifacts: { Prod: nested('assembly-Prod') } }) });
  const cycle = directory({ 'manifest.json': JSON.stringify({ artifacts: { A: stack('A.template.json'), Self: nested('.') } }) });
  // WHEN / THEN
  expect(readAssemblyFiles(notManifest)?.problems).toEqual([`${path.join(notManifest, 'manifest.json')} is not a cloud assembly manifest (no "artifacts")`]);
  expect(readAssemblyFiles(missingNested)?.problems).toEqual([`cannot read ${path.join(missingNested, 'assembly-Prod', 'manifest.json')}: no such file`]);
  const read = readAssemblyFiles(cycle)!;
  expect(read.templatePaths).toEqual([path.join(cycle, 'A.template.json')]);
  expect(read.problems).toEqual([expect.stringMatching(/^the nested assembly 'Self' in .*manifest\.json refers back to .*, which is being read \(a cycle\): not read again$/)]);
});
