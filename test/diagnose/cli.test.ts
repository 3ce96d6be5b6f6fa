import { spawnSync } from 'child_process';
import { readFileSync, rmSync } from 'fs';
import * as path from 'path';
import * as M from './messages';
import { transpileTree } from '../../scripts/transpile-tree';
import { main } from '../../src/cli';
import { CommandIo } from '../../src/private/command-io';

// `cdk-ecr-access diagnose` as a user runs it: a separate node process running the command compiled
// from src/ (as jsii compiles it to lib/cli.js; a clean clone has no lib/ before `npm test`), with the
// text as an argument, on standard input, and with --json. Option handling is covered in-process.

const ROOT = path.join(__dirname, '..', '..');
const CLI_SOURCE = path.join(ROOT, 'src', 'cli.ts');
/** Processes that each load aws-cdk-lib, on a machine that may be busy. */
const PROCESS_TIMEOUT = 30_000;

/** Transpiles src/ to JavaScript under .tmp/ (git-ignored); returns the compiled cli.js. */
function compileCli(outDir: string): string {
  transpileTree(ROOT, ['src'], outDir);
  return path.join(outDir, 'src', 'cli.js');
}

interface Run { readonly code: number; readonly stdout: string; readonly stderr: string }

/**
 * Runs the command in a process of its own and waits for it. Synchronously: an asynchronous child
 * left its handle in jest's worker after it had exited, so the worker could not exit at the end of
 * `npm test` and jest force-killed it ("A worker process has failed to exit gracefully").
 */
function runCli(cli: string, args: string[], stdin?: string): Run {
  const child = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, timeout: PROCESS_TIMEOUT, input: stdin ?? '', encoding: 'utf8' });
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

describe('cdk-ecr-access diagnose (process)', () => {
  const outDir = path.join(ROOT, '.tmp', `cli-test-${process.pid}`);
  const cli = compileCli(outDir);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  test('text as an argument: human output with the side, the policy JSON and the code', () => {
    const argument = runCli(cli, ['diagnose', M.ROOT_CROSS_ACCOUNT_PUSH]);
    expect(argument.stderr).toBe('');
    expect(argument.code).toBe(0);
    expect(argument.stdout).toMatch(/^Access denied \(access-denied\)\n/);
    expect(argument.stdout).toMatch(/Missing: +repository policy \(resource\)/);
    expect(argument.stdout).toMatch(/Repository policy of celeba-spoof-challenge-871259748386 in 692230297653:\n {2}\{/);
    expect(argument.stdout).toContain('"AWS": "arn:aws:iam::871259748386:root"');
    expect(argument.stdout).toContain('repository.allowAccountPush(\'871259748386\')');
  }, PROCESS_TIMEOUT);

  test('--json with the text on standard input (-): the Diagnosis object', () => {
    const json = runCli(cli, ['diagnose', '--json', '-'], M.PYTORCH_CROSS_ACCOUNT);
    expect(json.code).toBe(0);
    const diagnosis = JSON.parse(json.stdout);
    expect(diagnosis).toMatchObject({
      kind: 'access-denied',
      action: 'ecr:InitiateLayerUpload',
      policyPrincipalArn: 'arn:aws:iam::391835788720:role/ghci-lf-github-action-runners-runner-role',
      callerAccount: '391835788720',
      resourceAccount: '308535385114',
      crossAccount: true,
      missingPolicy: 'resource',
    });
    expect(diagnosis.fix.repositoryPolicy.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::391835788720:role/ghci-lf-github-action-runners-runner-role' });
  }, PROCESS_TIMEOUT);

  test('the packaged bin starts with a node shebang, which the compiler keeps', () => {
    expect(readFileSync(CLI_SOURCE, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'cdk-ecr-access': 'lib/cli.js' });
  });
});

describe('cdk-ecr-access options (in-process)', () => {
  function run(args: string[], stdin = '', stdinIsTerminal = false) {
    let out = '';
    let err = '';
    const io: CommandIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, readStdin: () => stdin, stdinIsTerminal };
    const code = main(args, io);
    return { code, out, err };
  }

  test.each([
    [['--help'], 0, /^Usage: cdk-ecr-access <command>[\s\S]*diagnose +explain an ECR access error/],
    [['diagnose', '--help'], 0, /^Usage: cdk-ecr-access diagnose \[--json\] \[--assembly DIR\] \[TEXT \| -\]/],
  ])('%j prints help', (args, code, text) => {
    const r = run(args);
    expect(r.code).toBe(code);
    expect(r.out).toMatch(text);
  });

  test.each([
    [[], /^Usage: cdk-ecr-access <command>/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['diagnose', '--yaml', 'x'], /unknown option '--yaml'/],
    [['diagnose', '-', 'also text'], /not both/],
    [['diagnose', '--assembly'], /--assembly needs the cloud assembly directory/],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  test('no text and a terminal on standard input: usage, not a hang', () => {
    const r = run(['diagnose'], 'never read', true);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no error text given/);
  });

  test('unquoted words are joined; --json may come after the text', () => {
    const words = M.GITHUB_ACTIONS_IDENTITY.split(' ');
    const r = run(['diagnose', ...words, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ kind: 'access-denied', missingPolicy: 'identity', repositoryName: 'laa-pcuam/csv-converter' });
  });

  test('piped input without "-" is read; unrecognized text exits 1', () => {
    const r = run(['diagnose'], M.UNRELATED, false);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Not recognized as an ECR access error \(unrecognized\)/);
  });

  test.each([
    ['an immutable tag', 'tag invalid: The image tag \'v1\' already exists in the \'api\' repository and cannot be overwritten because the tag is immutable.', 'immutable-tag'],
    ['a network timeout', 'Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 10.0.0.1:443: i/o timeout', 'network'],
    ['a wrong clock', 'InvalidSignatureException: Signature expired: 20170111T204052Z is now earlier than 20170111T225449Z', 'clock-skew'],
  ])('recognized, not an access error: %s exits 0 with its kind', (_, text, kind) => {
    const r = run(['diagnose', '--json', text]);
    expect([r.code, JSON.parse(r.out).kind]).toEqual([0, kind]);
  });

  test('--assembly: the app part is printed, and a missing assembly is said', () => {
    const r = run(['diagnose', '--assembly', 'no-such-cdk-out', M.GITHUB_ACTIONS_IDENTITY]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\nNo cloud assembly in no-such-cdk-out \(no manifest\.json\): run `cdk synth` first/);
  });

  test('text after "--" may start with a dash', () => {
    const r = run(['diagnose', '--json', '--', '--> denied: no basic auth credentials']);
    expect(JSON.parse(r.out).kind).toBe('not-logged-in');
  });

  test('--version', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('README', () => {
  test('the CLI transcript in "Diagnose an ECR error" is what the command prints', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const transcript = /```console\n\$ npx cdk-ecr-access diagnose '([^']+)'\n([\s\S]*?)\n\n\$ /.exec(readme);
    expect(transcript).not.toBeNull();
    let out = '';
    const io: CommandIo = { out: (t) => { out += t; }, err: () => undefined, readStdin: () => '', stdinIsTerminal: true };
    expect(main(['diagnose', transcript![1]], io)).toBe(0);
    expect(out.trimEnd()).toBe(transcript![2]);
  });
});
