import * as iam from 'aws-cdk-lib/aws-iam';
import { aspectFindings, ruleIds } from './findings';
import { registryApp } from './fixtures';
import { EcrCheckLevel } from '../../src';
import { ResourceRef } from '../../src/analysis/policy-view';
import { Finding, findingText, qualifiedRuleId, sentence } from '../../src/checks/finding';

// How a finding reads: the qualified rule id users acknowledge, what and where, why, and the fix as a
// sentence.

const resource = { stack: { id: 'Registry', template: {}, constructPaths: new Map() }, logicalId: 'Role', type: 'AWS::IAM::Role', path: 'Registry/Role/Resource' } as ResourceRef;

test('the qualified id is the one users acknowledge', () => {
  expect(qualifiedRuleId('unknown-action')).toBe('cdk-ecr-access:unknown-action');
});

test.each([
  ['write \'ecr:PutImage\'', 'Write \'ecr:PutImage\'.'],
  ['did you mean \'ecr:GetAuthorizationToken\'?', 'Did you mean \'ecr:GetAuthorizationToken\'?'],
  ['Already a sentence.', 'Already a sentence.'],
])('a fix as a sentence: %j', (fix, expected) => {
  expect(sentence(fix)).toBe(expected);
});

test('the full text: id, message, where, why and the fix', () => {
  // GIVEN
  const finding: Finding = {
    ruleId: 'unknown-action',
    level: EcrCheckLevel.ERROR,
    resource,
    location: 'Properties/Policies/0',
    message: 'Something is wrong.',
    why: 'AWS says no.',
    fix: 'change it',
  };
  // WHEN
  const text = findingText(finding);
  // THEN
  expect(text).toBe('[cdk-ecr-access:unknown-action] Something is wrong. (at \'Registry/Role/Resource\', Properties/Policies/0) Why: AWS says no. Fix: Change it.');
});

test('findings name the rule, so a suppression can be written from the message', () => {
  // GIVEN
  const { app, role } = registryApp();
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DeleteRepository'], resources: ['*'] }));
  // WHEN
  const findings = aspectFindings(app);
  // THEN
  expect(ruleIds(findings)).toEqual(['unknown-action']);
  expect(findings[0].text.startsWith(`[${qualifiedRuleId('unknown-action')}] `)).toBe(true);
});
