import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { InputError, InputProblems } from '../../src/private/input-problems';

// Bad input is reported as users read it: every problem at once, the property, the value and the fix,
// and of the stack only the line of their code that passed the input.

function thrown(f: () => void): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('nothing was thrown');
}

test('every problem at once, after the subject, each with its value and fix', () => {
  // GIVEN
  const problems = new InputProblems("Example props at 'App/Example'");
  problems.add('name', 'A B', 'is not a name', "use 'a-b'");
  problems.add('size', undefined, 'must be given', 'pass a number');
  // WHEN
  const error = thrown(() => problems.throwIfAny());
  // THEN
  expect(error).toBeInstanceOf(InputError);
  expect(error.message).toBe([
    "Invalid Example props at 'App/Example' (2 problems):",
    "  - name: got 'A B': is not a name. Fix: use 'a-b'",
    '  - size: is missing and must be given. Fix: pass a number',
  ].join('\n'));
});

test('no problem, no error', () => {
  expect(() => new InputProblems('Example').throwIfAny()).not.toThrow();
});

test('the stack is the message and the caller\'s line, never a line of the library', () => {
  // GIVEN
  const problems = new InputProblems('Example');
  problems.add('x', 1, 'is wrong', 'fix it');
  // WHEN
  const stack = thrown(() => problems.throwIfAny()).stack!;
  // THEN
  const [first, ...frames] = stack.split('\n    at ');
  expect(first).toBe('ValidationError: Invalid Example (1 problem):\n  - x: got 1: is wrong. Fix: fix it');
  expect(frames).toEqual([expect.stringMatching(/test\/private\/input-problems\.test\.ts:\d+:\d+\)?$/)]);
});

test('Node prints it as "ValidationError: …" and the caller\'s line, without "[InputError [ValidationError]: …]"', () => {
  // GIVEN a program that passes bad input and does not catch the error
  const dir = mkdtempSync(path.join(tmpdir(), 'input-error-'));
  const program = path.join(dir, 'app.js');
  const library = path.join(__dirname, '..', '..', 'src', 'private', 'input-problems.ts');
  writeFileSync(program, [
    `require(${JSON.stringify(require.resolve('ts-node/register/transpile-only'))});`,
    `const { InputProblems } = require(${JSON.stringify(library)});`,
    "const problems = new InputProblems('Example props');",
    "problems.add('name', 'A B', 'is not a name', \"use 'a-b'\");",
    'problems.throwIfAny();',
  ].join('\n'));
  try {
    // WHEN
    let printed = '';
    try {
      execFileSync(process.execPath, [program], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      printed = (e as { stderr: string }).stderr;
    }
    // THEN
    expect(printed).toContain("ValidationError: Invalid Example props (1 problem):\n  - name: got 'A B': is not a name. Fix: use 'a-b'\n    at ");
    expect(printed).toMatch(/app\.js:5:\d+\)?\n/);
    expect(printed).not.toContain('[InputError');
    expect(printed).not.toMatch(/^\[ValidationError/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
