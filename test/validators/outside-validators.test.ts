import { readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { cfnLint, validate, Violation } from '../helpers/outside-validators';

// Our own opinion of our policies is not evidence; tools other people wrote are. Every example app
// must pass cdk-nag's AwsSolutions pack (no unacknowledged finding), the AWS Control Tower proactive
// controls bundled with cfn-guard (no CT.ECR.* / CT.IAM.* finding), and cfn-lint where installed.

const dir = path.join(__dirname, '..', '..', 'examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (file: string) => (require(path.join(dir, file)) as { build: (app: App) => void }).build;

const runs = examples.map((file) => ({ file, ...validate(load(file)) }));
afterAll(() => runs.forEach((run) => run.cleanup()));

// Control Tower controls for other services (Lambda in a VPC, …) judge the examples' own resources,
// not this library; the ECR and IAM controls judge what this library writes.
const OURS = (v: Violation) => v.validator !== 'cdk-validator-cfnguard' || /\[CT\.(ECR|IAM)\./.test(v.description) || v.rule === 'plugin-error';

test.each(runs.map((run) => [run.file, run] as const))('%s: no cdk-nag AwsSolutions finding, no CT.ECR/CT.IAM finding', (_file, run) => {
  expect(run.violations.filter(OURS)).toEqual([]);
});

test('cfn-lint finds nothing in any example template (skipped, with a notice, where cfn-lint is not installed)', () => {
  // one run (cfn-lint starts slowly), with a known-bad template as the negative control
  const bad = path.join(runs[0].outdir, 'known-bad.json');
  writeFileSync(bad, JSON.stringify({ Resources: { Repo: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: 'SOMETIMES' } } } }));
  const output = cfnLint(runs.map((run) => run.outdir), [bad]);
  if (output === undefined) {
    console.log('cfn-lint is not installed on this machine: example templates not linted');
    return;
  }
  const findings = output.split('\n').filter((line) => line.trim() !== '');
  expect(findings.length).toBeGreaterThan(0);
  expect(findings.filter((line) => !line.startsWith(bad))).toEqual([]);
});

describe('the validators do catch what we avoid (negative controls)', () => {
  test('a plain ecr.Repository fails the Control Tower ECR controls; a plain grant trips cdk-nag IAM5', () => {
    const run = validate((app) => {
      const stack = new Stack(app, 'Plain', { env: { account: '111111111111', region: 'us-east-1' } });
      const repository = new ecr.Repository(stack, 'Repo');
      repository.grantPull(new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() }));
    });
    run.cleanup();
    const rules = run.violations.map((v) => `${v.rule} ${v.description}`).join('\n');
    expect(rules).toMatch(/CT\.ECR\.PR\.1/);
    expect(rules).toMatch(/CT\.ECR\.PR\.2/);
    expect(rules).toMatch(/CT\.ECR\.PR\.3/);
    expect(rules).toMatch(/AwsSolutions-IAM5\[Resource::\*\]/);
  });
});
