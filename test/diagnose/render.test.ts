import { DiagnosisKind, EcrErrorDiagnosis, MissingPolicy } from '../../src';
import { renderDiagnosis } from '../../src/diagnose/render';

// The diagnosis as text for a terminal: title, explanation, the facts, then the fix to copy. Every
// message of the table is pinned by the snapshot of diagnose.test.ts; these are the rules of the layout.

test('title and kind, explanation, the known facts aligned, each part of the fix under its heading', () => {
  // GIVEN
  const text = renderDiagnosis({
    kind: DiagnosisKind.ACCESS_DENIED,
    action: 'ecr:PutImage',
    principalArn: 'arn:aws:sts::222222222222:assumed-role/ci/gh-42',
    policyPrincipalArn: 'arn:aws:iam::222222222222:role/ci',
    repositoryName: 'api',
    missingPolicy: MissingPolicy.IDENTITY,
    explanation: 'What happened.',
    fix: { identityPolicy: { Statement: [] }, cdk: 'repository.grantPush(role);', steps: ['Do this.', 'Then that.'] },
  });
  // THEN
  expect(text).toBe([
    'Access denied (access-denied)',
    '',
    'What happened.',
    '',
    '  Action:      ecr:PutImage',
    '  Caller:      arn:aws:sts::222222222222:assumed-role/ci/gh-42',
    '  In a policy: arn:aws:iam::222222222222:role/ci',
    '  Repository:  api',
    '  Missing:     identity policy of the caller (identity)',
    '',
    'Identity policy for arn:aws:iam::222222222222:role/ci:',
    '  {',
    '    "Statement": []',
    '  }',
    '',
    'With cdk-ecr-access:',
    '  repository.grantPush(role);',
    '',
    'Steps:',
    '  1. Do this.',
    '  2. Then that.',
    '',
  ].join('\n'));
});

test('a boundary\'s statements are headed as the boundary\'s; a kind nothing names keeps its own word', () => {
  // WHEN
  const boundary = renderDiagnosis({ kind: DiagnosisKind.ACCESS_DENIED, missingPolicy: MissingPolicy.PERMISSIONS_BOUNDARY, explanation: 'x', fix: { identityPolicy: {}, steps: [] } });
  const odd = renderDiagnosis({ kind: 'odd' as DiagnosisKind, explanation: 'x' });
  // THEN
  expect(boundary).toContain('Statements the permissions boundary of the caller must allow:');
  expect(odd).toBe('odd (odd)\n\nx\n');
});

test('EcrErrorDiagnosis.render is this function', () => {
  const d = { kind: DiagnosisKind.UNRECOGNIZED, explanation: 'Nothing.' };
  expect(EcrErrorDiagnosis.render(d)).toBe(renderDiagnosis(d));
});
