import { Aspects, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { twoAccountApp } from './fixtures';
import { EcrAccessChecks, EcrActions } from '../../src';
import { sameAccountPush } from '../helpers/scenarios';

// A passing synth used to print nothing about the checks: users could not tell they ran. Each run now
// says how many policies it read and what it found, in one info line (Aspect) or the validation
// report's metadata (plugin).

test('as an Aspect on the app: one info line on the first stack, with the policies read and no findings', () => {
  // GIVEN
  const { app, stack } = sameAccountPush();
  Aspects.of(app).add(new EcrAccessChecks());
  // WHEN
  app.synth();
  // THEN: the role's EcrLoginPolicy, its DefaultPolicy and its trust policy
  Annotations.fromStack(stack).hasInfo('/Registry', '[EcrAccessChecks] 3 policies checked: no findings');
});

test('as an Aspect: the line counts the findings by level', () => {
  // GIVEN a missing login (error) and an ecr:* without a condition (warning)
  const { app, stack, repository, taskRole } = twoAccountApp();
  repository.grantPull(new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() }));
  taskRole.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn] }));
  new iam.User(stack, 'Admin').addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] }));
  Aspects.of(app).add(new EcrAccessChecks());
  // WHEN
  app.synth();
  // THEN
  Annotations.fromStack(stack).hasInfo('/Registry', Match.stringLikeRegexp('^\\[EcrAccessChecks\\] \\d+ policies checked: \\d+ errors?, 1 warning$'));
});

test('as an Aspect on one stack: the line is on that stack', () => {
  // GIVEN
  const { app, workload, stack } = twoAccountApp();
  Aspects.of(workload).add(new EcrAccessChecks());
  // WHEN
  app.synth();
  // THEN
  Annotations.fromStack(workload).hasInfo('/Workload', Match.stringLikeRegexp('^\\[EcrAccessChecks\\] \\d+ policies checked: no findings$'));
  Annotations.fromStack(stack).hasNoInfo('*', Match.stringLikeRegexp('EcrAccessChecks'));
});

test('as a validation plugin: the same line in the report\'s metadata, which CDK prints with the report', () => {
  // GIVEN
  const { app } = sameAccountPush();
  Validations.of(app).addPlugins(new EcrAccessChecks());
  const printed = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const cdkOutput = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    // WHEN
    app.synth();
    // THEN
    expect(printed.mock.calls.map((c) => String(c[0]))).toContain('[EcrAccessChecks] 3 policies checked: no findings\n');
  } finally {
    printed.mockRestore();
    cdkOutput.mockRestore();
  }
});
