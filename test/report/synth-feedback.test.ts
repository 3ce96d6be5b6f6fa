import * as path from 'path';
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrAccessReport, EcrCapability, PushableRepository } from '../../src';

// A passing synth used to print nothing about the report: users had to know where to look. Each run
// now says where it wrote the report and what it covers, in one info line (Aspect) or the validation
// report's metadata (plugin); a failed expectation is printed after the report's name, not after '[]'.

function app() {
  const root = new App();
  const stack = new Stack(root, 'Registry', { env: { account: '111111111111', region: 'us-east-1' } });
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const puller = new iam.Role(stack, 'Puller', { assumedBy: new iam.AccountRootPrincipal() });
  api.grantPull(puller);
  return { root, stack, api, puller };
}

test('as an Aspect: one info line with what the report covers and the files it wrote', () => {
  // GIVEN
  const { root, stack } = app();
  Aspects.of(root).add(new EcrAccessReport());
  // WHEN
  root.synth();
  // THEN: one principal (the role) and one repository
  const file = (ext: string) => path.join(root.outdir, `ecr-access-report.${ext}`);
  Annotations.fromStack(stack).hasInfo('/Registry', `[EcrAccessReport] 1 principal × 1 repository, written to ${file('json')} and ${file('md')}`);
});

test('as an Aspect: a failed expectation reads "[EcrAccessReport] Expected …", with no stray "[]"', () => {
  // GIVEN
  const { root, api, puller } = app();
  const report = new EcrAccessReport();
  report.expect(puller, api, [EcrCapability.LOGIN, EcrCapability.PUSH]);
  Aspects.of(root).add(report);
  // WHEN / THEN
  expect(() => root.synth()).toThrow(/^Validation failed with the following errors:\n {2}\[EcrAccessReport\] Expected login, push for role Registry\/Puller/);
});

test('as a validation plugin: the same line in the report\'s metadata, which CDK prints with the report', () => {
  // GIVEN
  const { root } = app();
  Validations.of(root).addPlugins(new EcrAccessReport());
  const printed = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const cdkOutput = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    // WHEN
    root.synth();
    // THEN
    const file = (ext: string) => path.join(root.outdir, `ecr-access-report.${ext}`);
    expect(printed.mock.calls.map((c) => String(c[0]))).toContain(`[EcrAccessReport] 1 principal × 1 repository, written to ${file('json')} and ${file('md')}\n`);
  } finally {
    printed.mockRestore();
    cdkOutput.mockRestore();
  }
});
