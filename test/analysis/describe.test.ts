import { stackTemplate } from './templates';
import { deployTimeValue } from '../../src/analysis/cfn-values';
import { actionList, constructLabel, pathLabel, quote, statementActionsText, statementLabel } from '../../src/analysis/describe';
import { PolicyKind, readPolicy, ResourceRef } from '../../src/analysis/policy-view';

// How findings and the report name things: constructs by the path users know, statements by index
// and Sid, values as the template writes them.

const resource: ResourceRef = { stack: stackTemplate('Registry', {}), logicalId: 'CiDefaultPolicy', type: 'AWS::IAM::Policy', path: 'Registry/Ci/DefaultPolicy/Resource' };

test('a construct is named without the trailing /Resource of its L1 child', () => {
  expect(constructLabel(resource)).toBe('Registry/Ci/DefaultPolicy');
  expect(pathLabel('Registry/Raw')).toBe('Registry/Raw');
});

test('a statement by index, with its Sid when it has one, in the kind of policy and the construct', () => {
  // GIVEN
  const policy = readPolicy(PolicyKind.INLINE, resource, 'Properties/PolicyDocument', { Statement: [{ Effect: 'Allow', Action: 'ecr:*' }, { Sid: 'Push', Effect: 'Allow', Action: 'ecr:PutImage' }] });
  // WHEN / THEN
  expect(statementLabel(policy.statements[0])).toBe('statement 0 of the inline policy of \'Registry/Ci/DefaultPolicy\'');
  expect(statementLabel(policy.statements[1])).toBe('statement 1 (Sid "Push") of the inline policy of \'Registry/Ci/DefaultPolicy\'');
});

test('what a statement\'s Action or NotAction covers', () => {
  // GIVEN
  const policy = readPolicy(PolicyKind.INLINE, resource, 'Properties/PolicyDocument', {
    Statement: [{ Effect: 'Allow', Action: ['ecr:PutImage', 'ecr:BatchGetImage'] }, { Effect: 'Allow', NotAction: 'ecr:Delete*' }],
  });
  // WHEN / THEN
  expect(statementActionsText(policy.statements[0])).toBe('ecr:BatchGetImage, ecr:PutImage');
  expect(statementActionsText(policy.statements[1])).toBe('everything but ecr:Delete*');
});

test('values quoted as written, deploy-time parts as ${...}', () => {
  expect(quote(`arn:aws:ecr:us-east-1:${deployTimeValue('AWS::AccountId')}:repository/api`)).toBe('\'arn:aws:ecr:us-east-1:${AWS::AccountId}:repository/api\'');
});

test('action lists are sorted, without repeats, and shortened after eight', () => {
  expect(actionList(['b', 'a', 'b'])).toBe('a, b');
  expect(actionList(Array.from({ length: 10 }, (_, i) => `ecr:A${i}`))).toBe('ecr:A0, ecr:A1, ecr:A2, ecr:A3, ecr:A4, ecr:A5, ecr:A6, ecr:A7 and 2 more');
});
