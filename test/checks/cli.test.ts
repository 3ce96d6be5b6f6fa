import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as iam from 'aws-cdk-lib/aws-iam';
import { corpusEntry } from './corpus';
import { registryApp } from './fixtures';
import { runCommand } from '../helpers/command';

// `cdk-ecr-access check` on what people have outside an app: templates, policy documents, and
// cloud assemblies. Documents come from the corpus (test/checks/corpus/policies.json, sources inside).

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'check-cli-'));
}

function write(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

test('a clean policy document: no findings, exit 0', () => {
  // GIVEN AWS's documented cross-account Lambda repository policy
  const entry = corpusEntry('awsdocs-lambda-cross-account');
  const text = JSON.stringify(entry.policy, undefined, 2).split('<account>').join('123456789012').split('<region>').join('us-east-1');
  const file = write(tempDir(), 'repository-policy.json', text);
  // WHEN
  const run = runCommand(['check', file]);
  // THEN
  expect(run).toEqual({ code: 0, out: 'No findings.\n', err: '' });
});

test('a YAML template with short-form intrinsics: the finding on its file and line, exit 1', () => {
  // GIVEN the aws-modern-application-workshop CodeBuild role (a stray InitiateLayerUpload)
  const file = write(tempDir(), 'core.yml', corpusEntry('aws-workshop-codebuild-role-partial-push').yaml!);
  const line = corpusEntry('aws-workshop-codebuild-role-partial-push').yaml!.split('\n').findIndex((l) => l.includes('ecr:InitiateLayerUpload')) - 1;
  // WHEN
  const run = runCommand(['check', file]);
  // THEN
  expect(run.code).toBe(1);
  expect(run.out).toContain(`${file}:${line}: error: [cdk-ecr-access:incomplete-push] Role 'MythicalMysfitsServiceCodeBuildServiceRole' may call`);
  expect(run.out).toMatch(/\n1 finding\(s\), 1 at error level\.\n$/);
});

test.each([
  ['seed-004-amazonecrfullaccess', [], 'unknown-managed-policy'],
  ['gitlab-auth-aud-only-trust', ['--kind', 'trust'], 'web-identity-trust-unpinned'],
  ['pulumi-registry-policy-no-resource', ['--kind=registry'], 'invalid-policy-shape'],
])('a policy document (corpus %s), kind detected or given: JSON output', (id, options, rule) => {
  // GIVEN
  const entry = corpusEntry(id);
  let text = JSON.stringify(entry.policy, undefined, 2);
  for (const [from, to] of Object.entries(entry.placeholders ?? {})) text = text.split(from).join(to);
  const file = write(tempDir(), 'policy.json', text);
  // WHEN
  const run = runCommand(['check', '--format', 'json', ...options, file]);
  // THEN
  const findings = JSON.parse(run.out);
  expect(findings.map((f: { ruleId: string }) => f.ruleId)).toContain(rule);
  expect(findings[0]).toEqual({
    ruleId: expect.any(String),
    level: expect.any(String),
    file,
    line: expect.any(Number),
    path: file,
    location: expect.any(String),
    message: expect.any(String),
    why: expect.any(String),
    fix: expect.any(String),
  });
});

test('a cloud assembly: every stack template, findings on the template file', () => {
  // GIVEN an app synthesized to a directory
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:Get*', 'ecr:Describe*'], resources: ['*'] }));
  const synthesized = app.synth();
  // WHEN
  const run = runCommand(['check', synthesized.directory]);
  // THEN
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/Registry\.template\.json:\d+: warning: \[cdk-ecr-access:incomplete-pull\] Role 'Registry\/Ci'/);
  expect(run.out).toMatch(/\n1 finding\(s\), 0 at error level\.\n$/);
});

test.each([
  [['--format', 'xml'], "--format takes one of text, json, sarif, got 'xml'"],
  [['--kind'], '--kind takes one of identity, repository, registry, trust, got nothing'],
  [['--strict'], "unknown option '--strict'"],
])('usage errors exit 2: %j', (args, message) => {
  const run = runCommand(['check', ...args]);
  expect(run).toMatchObject({ code: 2, out: '', err: expect.stringContaining(message) });
});

test('paths that cannot be read exit 2, each named with the reason', () => {
  // GIVEN
  const dir = tempDir();
  const broken = write(dir, 'broken.yaml', 'Resources: [unclosed');
  // WHEN
  const run = runCommand(['check', path.join(dir, 'missing.json'), broken, dir]);
  // THEN
  expect(run.code).toBe(2);
  expect(run.err).toContain(`'${path.join(dir, 'missing.json')}' does not exist`);
  expect(run.err).toContain(`'${broken}' is not valid YAML`);
  expect(run.err).toContain(`'${dir}' holds no cloud assembly (no manifest.json)`);
});

test('--help', () => {
  expect(runCommand(['check', '--help'])).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: cdk-ecr-access check/) });
});
