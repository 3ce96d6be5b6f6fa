import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions } from '../../../src';
import { deployTimeValue, displayJson } from '../../../src/analysis/cfn-values';
import { PolicyKind, readPolicy, ResourceRef } from '../../../src/analysis/policy-view';
import { policyCharacters } from '../../../src/checks/rules/policy-size';
import { stackTemplate } from '../../analysis/templates';
import { REGION, REGISTRY_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// Policies over AWS's size quotas fail at deployment; IAM counts the characters without whitespace.
// aws-cdk-lib splits a role's default policy, but not inline policies written by hand.

const RULE = 'policy-size';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

test('compliant 1: aws-cdk-lib splits a role\'s default policy over managed policies under the quotas (60 repositories)', () => {
  // GIVEN
  const { app, stack, role } = registryApp();
  for (let i = 0; i < 60; i++) ecr.Repository.fromRepositoryName(stack, `Imported${i}`, `team-a/service-${i}`).grantPullPush(role);
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings).toEqual([]);
  // the split is what keeps it under the quota: the case would prove nothing without it
  const resources = Object.values<{ Type: string }>(app.synth().getStackByName('Registry').template.Resources);
  expect(resources.filter((r) => r.Type === 'AWS::IAM::ManagedPolicy').length).toBeGreaterThanOrEqual(1);
});

test('non-compliant 1: a role\'s inline policies over 10,240 characters (inlinePolicies are not split)', () => {
  // GIVEN
  const { app, stack } = registryApp();
  const arns = Array.from({ length: 200 }, (_, i) => `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/service-${i}`);
  new iam.Role(stack, 'Big', {
    assumedBy: new iam.AccountRootPrincipal(),
    inlinePolicies: { Pull: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: [...EcrActions.LOGIN], resources: ['*'] }), new iam.PolicyStatement({ actions: EcrActions.PULL, resources: arns })] }) },
  });
  // WHEN
  const [finding, ...rest] = only(aspectFindings(app));
  // THEN
  expect(rest).toEqual([]);
  expect(finding.path).toEqual('Registry/Big/Resource');
  expect(finding.text).toMatch(/The inline policies of role 'Registry\/Big' add up to about [\d,]+ characters .* over IAM's 10,240 for a role/);
});

test('non-compliant 2: a managed policy over 6,144 characters and a repository policy over 10,240', () => {
  // GIVEN
  const { app, stack } = registryApp();
  // written by hand on a plain ecr.Repository: PushableRepository packs its own policy under the quota
  const hand = new ecr.Repository(stack, 'Hand', { repositoryName: 'team-a/hand' });
  for (let i = 0; i < 70; i++) {
    hand.addToResourcePolicy(new iam.PolicyStatement({ sid: `Pull${i}`, actions: EcrActions.PULL, principals: [new iam.AccountPrincipal(String(100000000000 + i))] }));
  }
  const arns = Array.from({ length: 100 }, (_, i) => `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/team-a/service-${i}`);
  new iam.ManagedPolicy(stack, 'Wide', { statements: [new iam.PolicyStatement({ actions: EcrActions.PULL, resources: arns })] });
  // WHEN
  const findings = only(aspectFindings(app));
  // THEN
  expect(findings.map((f) => f.path)).toEqual(['Registry/Hand/Resource', 'Registry/Wide/Resource']);
  expect(findings[0].text).toMatch(/The repository policy of 'Registry\/Hand' is about [\d,]+ characters, over the 10,240 AWS allows/);
  expect(findings[1].text).toMatch(/The managed policy of 'Registry\/Wide' is about [\d,]+ characters, over the 6,144 AWS allows/);
});

describe('the size counted without building the JSON text', () => {
  const resource: ResourceRef = { stack: stackTemplate('Registry', {}), logicalId: 'Policy', type: 'AWS::IAM::ManagedPolicy', path: 'Registry/Policy' };
  const policy = (document: unknown) => readPolicy(PolicyKind.MANAGED, resource, 'Properties/PolicyDocument', document);

  test.each([
    ['plain strings', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecr:BatchGetImage'], Resource: '*' }] }],
    ['quotes, backslashes and control characters JSON escapes', { Statement: [{ Sid: 'a"b\\c\nd\u0001', Effect: 'Allow', Action: '*', Resource: '*' }] }],
    ['lone and paired surrogates', { Statement: [{ Sid: '\ud800 \ud83d\ude00', Effect: 'Allow', Action: '*', Resource: '*' }] }],
    ['numbers, booleans, null and holes', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { NumericLessThan: { n: [1.5e-300, -12, true, null, undefined] } } }] }],
    ['a deploy-time value', { Statement: [{ Effect: 'Allow', Action: '*', Resource: deployTimeValue('Fn::GetAtt Repo.Arn') }] }],
    ['a key that JSON escapes', { 'Sta"tement': [] }],
  ])('%s: never below the JSON length, so a policy it puts under the quota is under it', (_, document) => {
    // WHEN
    const size = policyCharacters(policy(document), Number.MAX_SAFE_INTEGER);
    // THEN
    expect(size).toBeGreaterThanOrEqual(JSON.stringify(document).length);
    expect(size).toBeLessThanOrEqual(6 * JSON.stringify(document).length);
  });

  test('over the limit, the count AWS makes: whitespace left out, deploy-time values as written', () => {
    // GIVEN
    const document = { Statement: [{ Sid: 'with space', Effect: 'Allow', Action: '*', Resource: deployTimeValue('Fn::GetAtt Repo.Arn') }] };
    // WHEN
    const size = policyCharacters(policy(document), 0);
    // THEN
    expect(size).toBe(JSON.stringify(displayJson(document)).replace(/\s/g, '').length);
    expect(size).toBeLessThan(policyCharacters(policy(document), Number.MAX_SAFE_INTEGER));
  });
});
