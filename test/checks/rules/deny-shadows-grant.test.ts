import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../../src';
import { REGION, REGISTRY_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, Reported } from '../findings';
import { registryApp, twoAccountApp } from '../fixtures';

// A Deny with no condition that takes back a grant of this library: the grant does nothing, which is
// either a mistake or a guardrail worth acknowledging.

const RULE = 'deny-shadows-grant';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: a guardrail Deny on other actions; a conditional Deny', () => {
  // GIVEN
  const { app, repository, role } = registryApp();
  repository.grantPush(role);
  role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: EcrActions.DELETE, resources: ['*'] }));
  role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:*'], resources: ['*'], conditions: { StringNotEquals: { 'aws:RequestedRegion': REGION } } }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1: a Deny in the role\'s own policy takes away grantPush', () => {
  // GIVEN
  const { app, stack, repository, role } = registryApp();
  repository.grantPush(role);
  role.attachInlinePolicy(new iam.Policy(stack, 'Guardrail', { statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:PutImage'], resources: ['*'] })] }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'warning', path: 'Registry/Guardrail/Resource' });
  expect(finding.text).toContain("The Deny in statement 0 of the inline policy of 'Registry/Guardrail' has no condition and denies ecr:PutImage");
  expect(finding.text).toContain(`allows on 'arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/api': that grant has no effect`);
});

test('non-compliant 2: a Deny for everyone in the repository policy takes away a cross-account pull', () => {
  // GIVEN
  const { app, repository, taskRole: role } = twoAccountApp();
  repository.grantPull(role);
  repository.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.StarPrincipal()], actions: ['ecr:BatchGetImage'] }));
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Registry/Api/Resource', 'Registry/Api/Resource']);
  expect(findings[0].text).toContain('allows on this repository');
  expect(findings[1].text).toContain("of the inline policy of 'Workload/TaskRole/DefaultPolicy' allows on repository");
});
