import { StatementView } from '../../src/analysis/policy-view';
import { anyMayApply } from '../../src/checks/rule';

// A rule's quick test decides whether its guarded check runs at all: a test that throws must not
// skip the item silently, so that the guarded check reports it as not checked.

const statement = (effect: string) => ({ effect }) as StatementView;

test.each([
  ['no statement passes', [statement('Deny'), statement('Deny')], false],
  ['one statement passes', [statement('Deny'), statement('Allow')], true],
  ['no statements', [], false],
])('anyMayApply: %s', (_, statements, expected) => {
  // WHEN
  const applies = anyMayApply(statements, (s) => s.effect === 'Allow');
  // THEN
  expect(applies).toBe(expected);
});

test('anyMayApply: a test that throws lets the guarded check run', () => {
  // WHEN
  const applies = anyMayApply([statement('Allow')], () => {
    throw new Error('unreadable');
  });
  // THEN
  expect(applies).toBe(true);
});
