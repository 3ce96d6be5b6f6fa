import { EcrCheckLevel } from '../../src';
import { Acknowledgment } from '../../src/analysis/template-set';
import { RULES } from '../../src/checks/rule-pack';
import { knownRuleIds, RuleSettings, runChecks } from '../../src/checks/run-checks';
import { policyDocument, stackTemplate, templateSet } from '../analysis/templates';

// The engine both ways share: every enabled rule at its level, acknowledged findings dropped, the
// same finding once, and anything that throws turned into "not checked" instead of a failed synth.

const ALL: RuleSettings = { enabled: new Set(knownRuleIds()), levels: new Map() };

/** A role whose inline policy misspells an action (unknown-action) and grants ecr:* (ecr-wildcard-without-condition). */
function mistakes(acknowledgments: Acknowledgment[] = []) {
  const stack = stackTemplate('Registry', {
    Ci: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: policyDocument({ Effect: 'Allow', Action: ['ecr:GetAuthToken', 'ecr:*'], Resource: '*' }) }] } },
  });
  return { ...templateSet(stack), acknowledgments };
}

test('every rule of the pack, in its order, at its level', () => {
  // WHEN
  const findings = runChecks(mistakes(), ALL);
  // THEN
  expect(findings.map((f) => [f.ruleId, f.level, f.resource.path, f.location])).toEqual([
    ['unknown-action', EcrCheckLevel.ERROR, 'Registry/Ci/Resource', 'Properties/Policies/0/PolicyDocument/Statement/0/Action/0'],
    ['ecr-wildcard-without-condition', EcrCheckLevel.WARNING, 'Registry/Ci/Resource', 'Properties/Policies/0/PolicyDocument/Statement/0/Action/1'],
  ]);
  expect(findings[0].why).toBe(RULES.find((r) => r.id === 'unknown-action')!.why);
  expect(findings[0].message).toMatch(/^'ecr:GetAuthToken' in statement 0/);
});

test('disabled rules do not run; configured levels replace the rules\' own', () => {
  // GIVEN
  const settings: RuleSettings = {
    enabled: new Set(knownRuleIds().filter((id) => id !== 'unknown-action')),
    levels: new Map([['ecr-wildcard-without-condition', EcrCheckLevel.ERROR]]),
  };
  // WHEN
  const findings = runChecks(mistakes(), settings);
  // THEN
  expect(findings.map((f) => [f.ruleId, f.level])).toEqual([['ecr-wildcard-without-condition', EcrCheckLevel.ERROR]]);
});

test('an acknowledgment with a reason on the construct or above it drops the finding; one without says it does not count', () => {
  // WHEN
  const above = runChecks(mistakes([{ path: 'Registry', id: 'annotation::cdk-ecr-access:unknown-action', reason: 'known' }]), ALL);
  const sibling = runChecks(mistakes([{ path: 'Registry/Cix', id: 'cdk-ecr-access:unknown-action', reason: 'known' }]), ALL);
  const noReason = runChecks(mistakes([{ path: '', id: 'cdk-ecr-access:unknown-action', reason: '' }]), ALL);
  // THEN
  expect(above.map((f) => f.ruleId)).toEqual(['ecr-wildcard-without-condition']);
  expect(sibling.map((f) => f.ruleId)).toEqual(['unknown-action', 'ecr-wildcard-without-condition']);
  expect(noReason[0].message).toMatch(/\(An acknowledgment without a reason at '\(the app\)' does not count\.\)$/);
});

test('a rule that throws is reported as not checked, and the others still run', () => {
  // GIVEN
  const rule = RULES.find((r) => r.id === 'ecr-wildcard-without-condition')!;
  const spy = jest.spyOn(rule, 'check').mockImplementation(() => {
    throw new Error('boom');
  });
  try {
    // WHEN
    const findings = runChecks(mistakes(), ALL);
    // THEN
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['unknown-action', expect.stringMatching(/^'ecr:GetAuthToken'/)],
      ['not-checked', 'Not checked: rule ecr-wildcard-without-condition stopped (boom).'],
    ]);
  } finally {
    spy.mockRestore();
  }
});

test('what the templates cannot give is reported once, as not checked', () => {
  // GIVEN
  const set = { ...templateSet(stackTemplate('Registry', {})), unreadable: [{ stackId: 'Registry', logicalId: 'Odd', constructPath: 'Registry/Odd', error: 'no' }] };
  // WHEN
  const findings = runChecks(set, ALL);
  // THEN
  expect(findings.map((f) => [f.ruleId, f.resource.path, f.message])).toEqual([['not-checked', 'Registry/Odd', 'Not checked: the resource could not be resolved (no).']]);
});

test('the rule ids settings may name are the pack\'s', () => {
  expect(knownRuleIds()).toEqual(RULES.map((r) => r.id));
});
