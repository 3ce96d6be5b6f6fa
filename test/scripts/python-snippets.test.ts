import { readFileSync } from 'fs';
import * as path from 'path';
import { MARKER, markedSnippets, withPython } from '../../scripts/python-snippets';

// The Markdown side of `docs:python`: which blocks are marked, and where their Python goes. The
// translation itself is jsii-rosetta's, checked against the compiled library by `docs:python:check`.

const page = (after: string) => ['# Page', '', MARKER, '```ts', 'const a = 1;', '```', after, 'text', ''].join('\n');

test('a marked TypeScript block gets its Python block right under it', () => {
  // GIVEN
  const markdown = page('');
  // WHEN
  const updated = withPython(markdown, () => 'a = 1\n');
  // THEN
  expect(updated).toBe(['# Page', '', MARKER, '```ts', 'const a = 1;', '```', '', '```python', 'a = 1', '```', '', 'text', ''].join('\n'));
});

test('writing again replaces the Python block instead of adding one, and the same input writes nothing new', () => {
  // GIVEN
  const once = withPython(page(''), () => 'old = 1');
  // WHEN
  const twice = withPython(once, () => 'a = 1');
  // THEN
  expect(twice.match(/```python/g)).toHaveLength(1);
  expect(twice).toContain('a = 1');
  expect(twice).not.toContain('old = 1');
  expect(withPython(twice, () => 'a = 1')).toBe(twice);
});

test('only marked blocks are translated; each is found with its line', () => {
  // GIVEN
  const markdown = ['```ts', 'const unmarked = 1;', '```', '', MARKER, '```ts', 'const marked = 2;', '```', ''].join('\n');
  // WHEN
  const snippets = markedSnippets('page.md', markdown);
  // THEN
  expect(snippets).toEqual([{ file: 'page.md', line: 6, typescript: 'const marked = 2;' }]);
});

test.each(['README.md', 'docs/repository.md', 'docs/ci-principal.md', 'docs/scale.md'])('%s marks its main snippet and holds a Python block for it', (file) => {
  // GIVEN
  const markdown = readFileSync(path.join(__dirname, '..', '..', file), 'utf8');
  // WHEN
  const snippets = markedSnippets(file, markdown);
  // THEN: the block under each marked snippet is Python (docs:python:check proves it is the current translation)
  expect(snippets.length).toBeGreaterThan(0);
  expect(withPython(markdown, () => 'x').match(/```python/g)?.length).toBe(markdown.match(/```python/g)?.length);
});
