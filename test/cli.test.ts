import { readFileSync } from 'fs';
import * as path from 'path';
import { runCommand } from './helpers/command';

// `cdk-ecr-access`: a table of subcommands, each with its own tests (test/diagnose/cli.test.ts,
// test/report/cli.test.ts); here, the dispatcher.

test('no command: the usage on standard error, exit 2', () => {
  // WHEN
  const run = runCommand([]);
  // THEN
  expect(run).toMatchObject({ code: 2, out: '' });
  expect(run.err).toMatch(/^Usage: cdk-ecr-access <command> \[options\]\n\nCommands:\n {2}diagnose {2}explain an ECR access error/);
});

test.each([['--help'], ['-h'], ['help']])('%s: the usage with every command, exit 0', (flag) => {
  // WHEN
  const run = runCommand([flag]);
  // THEN
  expect(run.code).toBe(0);
  expect([...run.out.matchAll(/^ {2}(\w+) {2,}\S/gm)].map((m) => m[1])).toEqual(['diagnose', 'report', 'check']);
});

test('an unknown command is named, with the usage; exit 2', () => {
  expect(runCommand(['audit'])).toMatchObject({ code: 2, err: expect.stringMatching(/^cdk-ecr-access: unknown command 'audit'\n\nUsage:/) });
});

test('--version prints the package\'s version', () => {
  // GIVEN
  const version = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;
  // WHEN / THEN
  expect(runCommand(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
});

test('a command gets the arguments after its name', () => {
  // WHEN
  const run = runCommand(['report', '--help']);
  // THEN
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/^Usage: cdk-ecr-access report/);
});
