import { Annotations, App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { warn } from '../../src/warnings/warn';

// aws-cdk-lib on its own drops a warning acknowledged on a scope strictly above the construct only;
// `warn` also honours the construct itself and the app, whatever the order.

const ID = 'cdk-ecr-access:testWarning';

function warningsOf(construct: Construct): string[] {
  return construct.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
}

test.each([
  ['nothing', (_app: App, _c: Construct) => undefined, [`a message [ack: ${ID}]`]],
  ['the construct itself', (_app: App, c: Construct) => Annotations.of(c).acknowledgeWarning(ID), []],
  ['its stack', (_app: App, c: Construct) => Annotations.of(Stack.of(c)).acknowledgeWarning(ID), []],
  ['the app', (app: App) => Annotations.of(app).acknowledgeWarning(ID), []],
  ['another id on the construct', (_app: App, c: Construct) => Annotations.of(c).acknowledgeWarning(`${ID}2`), [`a message [ack: ${ID}]`]],
  ['a child of the construct', (_app: App, c: Construct) => Annotations.of(new Construct(c, 'Child')).acknowledgeWarning(ID), [`a message [ack: ${ID}]`]],
])('acknowledged on %s before the warning', (_where, acknowledge, expected) => {
  // GIVEN
  const app = new App();
  const construct = new Construct(new Stack(app, 'Stack'), 'Construct');
  acknowledge(app, construct);
  // WHEN
  warn(construct, ID, 'a message');
  // THEN
  expect(warningsOf(construct)).toEqual(expected);
});

test('outside an app (no acknowledgements recorded), the warning is added as aws-cdk-lib adds it', () => {
  // GIVEN
  const root = new Construct(undefined as unknown as Construct, '');
  const construct = new Construct(root, 'Construct');
  // WHEN
  warn(construct, ID, 'a message');
  // THEN
  expect(warningsOf(construct)).toEqual([`a message [ack: ${ID}]`]);
});
