import { CfnCondition, CfnParameter, Fn } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../../src';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// What the checks cannot read at synth (a parameter, Fn::If) is reported as not checked, never
// guessed; deploy-time parts that do not decide anything stay silent.

const RULE = 'not-checked';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: deploy-time parts of resources and principals do not stop the checks', () => {
  // GIVEN
  const { app, stack, repository, role } = registryApp();
  const name = new CfnParameter(stack, 'RepositoryName');
  repository.grantPull(role);
  role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: name.valueAsString })] }));
  repository.allowAccountPull(new CfnParameter(stack, 'Account').valueAsString);
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1: an action list and a repository policy known only at deploy time', () => {
  // GIVEN
  const { app, stack, role } = registryApp();
  const actions = new CfnParameter(stack, 'Actions', { type: 'CommaDelimitedList' });
  role.addToPolicy(new iam.PolicyStatement({ actions: [Fn.select(0, actions.valueAsList)], resources: ['*'] }));
  const isProd = new CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals('a', 'b') });
  new ecr.CfnRepository(stack, 'Conditional', {
    repositoryPolicyText: Fn.conditionIf(isProd.logicalId, { Statement: [] }, { Statement: [] }),
  });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => [f.level, f.path])).toEqual([['warning', 'Registry/Conditional'], ['warning', 'Registry/Ci/DefaultPolicy/Resource']]);
  expect(findings[0].text).toContain('Not checked: the repository policy is not a policy document at synth');
  expect(findings[1].text).toMatch(/Not checked: the action '\$\{.*\}' in statement 0 of the inline policy of 'Registry\/Ci\/DefaultPolicy' is known only at deploy time/);
});
