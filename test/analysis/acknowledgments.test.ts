import { App, Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgmentsInTree, collectAcknowledgments } from '../../src/analysis/acknowledgments';
import { Acknowledgment } from '../../src/analysis/template-set';

// Acknowledgments recorded with `Validations.of(scope).acknowledge(...)`, read where they were
// recorded: the construct path says what they cover.

function app() {
  const root = new App();
  const stack = new Stack(root, 'Registry');
  const role = new Construct(stack, 'Role');
  return { root, stack, role };
}

test('the acknowledgments recorded on one construct, with its path and the reason', () => {
  // GIVEN
  const { role } = app();
  Validations.of(role).acknowledge({ id: 'cdk-ecr-access:deny-shadows-grant', reason: 'release freeze' });
  // WHEN
  const found: Acknowledgment[] = [];
  collectAcknowledgments(role, found);
  // THEN
  expect(found).toEqual([{ path: 'Registry/Role', id: expect.stringMatching(/^annotation::cdk-ecr-access:deny-shadows-grant$/i), reason: 'release freeze' }]);
});

test('every acknowledgment of a tree, the root\'s included (its path is \'\')', () => {
  // GIVEN
  const { root, stack } = app();
  Validations.of(root).acknowledge({ id: 'cdk-ecr-access:not-checked', reason: 'sandbox' });
  Validations.of(stack).acknowledge({ id: 'cdk-ecr-access:policy-size', reason: 'split later' });
  // WHEN
  const found = acknowledgmentsInTree(root);
  // THEN
  expect(found.map((a) => [a.path, a.reason])).toEqual([['', 'sandbox'], ['Registry', 'split later']]);
});
