import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CreationTemplateScenario, EcrActions, EcrRegistry } from '../../../src';
import { WORKLOAD_ACCOUNT, crossAccountPull } from '../../helpers/scenarios';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// Login (and other registry-level actions) in a repository policy has no effect: login is allowed by
// identity policies on `Resource: "*"` only. Seeds are marked.

const RULE = 'registry-action-in-repository-policy';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: cross-account grants and account trust keep login on the identity side', () => {
  // GIVEN
  const { app } = crossAccountPull();
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
});

test('non-compliant 1 (seed: "ecr:GetAuthorizationToken is not included in these repository policies"): login in a repository policy', () => {
  // GIVEN
  const { app, repository } = registryApp();
  repository.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
    actions: ['ecr:GetAuthorizationToken', ...EcrActions.PULL],
  }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'error', path: 'Registry/Api/Resource' });
  expect(finding.text).toContain("'ecr:GetAuthorizationToken' in statement 0 of the repository policy of 'Registry/Api' has no effect");
  expect(finding.text).toContain('{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}');
});

test('non-compliant 2: a registry-level wildcard in a raw CfnRepository policy', () => {
  // GIVEN
  const { app, stack } = registryApp();
  new ecr.CfnRepository(stack, 'Raw', {
    repositoryPolicyText: { Statement: [{ Effect: 'Allow', Principal: { AWS: WORKLOAD_ACCOUNT }, Action: ['ecr:Get*Token', 'ecr:BatchGetImage'] }] },
  });
  // WHEN
  const [finding] = only(aspectFindings(app));
  // THEN
  expect(finding.text).toContain("'ecr:Get*Token' in statement 0 of the repository policy of 'Registry/Raw' has no effect");
});

test('non-compliant 3: login in the repository policy a creation template gives the repositories it creates', () => {
  // GIVEN
  const { app, stack } = registryApp();
  const template = new EcrRegistry(stack, 'Registry').addCreationTemplate('TeamA', { prefix: 'team-a', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] });
  template.addToRepositoryPolicy(new iam.PolicyStatement({
    principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
    actions: ['ecr:GetAuthorizationToken', ...EcrActions.PULL],
  }));
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding.text).toContain("'ecr:GetAuthorizationToken' in statement 0 of the creation template's repository policy of 'Registry/Registry/TeamA' has no effect");
});
