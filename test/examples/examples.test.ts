import { readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { cfnLint, controlTowerViolations, synthesizeWithValidators, ValidatedApp } from '../helpers/outside-validators';

// Every example app, synthesized once with validators plugged in the way users plug them in:
// - no error annotation;
// - cdk-nag's AwsSolutions pack: no unacknowledged finding;
// - this library's EcrAccessChecks (validation-plugin mode): no finding on what the library writes;
// - the AWS Control Tower proactive controls bundled with cfn-guard: no CT.ECR.* / CT.IAM.* finding;
// - cfn-lint, where installed.
// Our own opinion of our policies is not evidence; tools other people wrote are. Each outside
// validator also runs on a negative control, so a validator that silently checks nothing fails.
// `npm run synth:examples` runs the same apps through the real CDK CLI.

const dir = path.join(__dirname, '..', '..', 'examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (file: string) => (require(path.join(dir, file)) as { build: (app: App) => void }).build;

/** A plain ecr.Repository and a plain aws-cdk-lib grant: what the validators must catch. */
function plainApp(app: App): void {
  const stack = new Stack(app, 'Plain', { env: { account: '111111111111', region: 'us-east-1' } });
  const repository = new ecr.Repository(stack, 'Repo');
  repository.grantPull(new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() }));
}

const runs: Array<{ file: string } & ValidatedApp> = examples.map((file) => ({ file, ...synthesizeWithValidators(load(file)) }));
const plain = synthesizeWithValidators(plainApp);
// one cfn-lint run over every example template, started now so it works while the other tests run,
// with a known-bad template as its negative control
const knownBad = path.join(plain.outdir, 'known-bad.json');
writeFileSync(knownBad, JSON.stringify({ Resources: { Repo: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: 'SOMETIMES' } } } }));
const linted = cfnLint([...runs.flatMap((run) => run.templatePaths), knownBad]);
afterAll(async () => {
  await linted;
  [...runs, plain].forEach((run) => run.cleanup());
});

test('there are examples to check', () => {
  expect(examples.length).toBeGreaterThanOrEqual(10);
});

describe.each(runs.map((run) => [run.file, run] as const))('%s', (_file, run) => {
  test('synthesizes with no error annotation', () => {
    expect(run.assembly.stacks.length).toBeGreaterThan(0);
    const errors = run.assembly.stacks.flatMap((s) => s.messages).filter((m) => m.level === 'error');
    expect(errors.map((m) => `${m.id}: ${m.entry.data}`)).toEqual([]);
  });

  test('cdk-nag AwsSolutions and EcrAccessChecks find nothing', () => {
    expect(run.violations).toEqual([]);
  });
});

test('cdk-nag does flag a plain repository grant (negative control)', () => {
  expect(plain.violations.map((v) => v.rule)).toContain('AwsSolutions-IAM5[Resource::*]');
});

test('Control Tower (cfn-guard): no CT.ECR or CT.IAM finding in any example; the plain repository fails CT.ECR.PR.1–3', () => {
  const violations = controlTowerViolations([...runs.flatMap((run) => run.templatePaths), ...plain.templatePaths]);
  const inPlain = (v: { templates: string[] }) => v.templates.some((t) => plain.templatePaths.includes(t));
  // controls for other services (a Lambda function in a VPC, a key policy) judge the examples' own
  // resources, not this library; the ECR and IAM controls judge what this library writes
  const ours = violations.filter((v) => !inPlain(v) && /\[CT\.(ECR|IAM)\./.test(v.description));
  expect(ours).toEqual([]);
  const caught = violations.filter(inPlain).map((v) => v.description).join('\n');
  expect(caught).toMatch(/CT\.ECR\.PR\.1/);
  expect(caught).toMatch(/CT\.ECR\.PR\.2/);
  expect(caught).toMatch(/CT\.ECR\.PR\.3/);
});

test('cfn-lint finds nothing in any example template (skipped, with a notice, where cfn-lint is not installed)', async () => {
  const output = await linted;
  if (output === undefined) {
    console.log('cfn-lint is not installed on this machine: example templates not linted');
    return;
  }
  const findings = output.split('\n').filter((line) => line.trim() !== '');
  expect(findings.length).toBeGreaterThan(0);
  expect(findings.filter((line) => !line.startsWith(knownBad))).toEqual([]);
});
