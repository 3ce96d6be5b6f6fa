import { EcrActions, EcrCapability } from '../../src';
import { actionsOf, requiredActionsOf } from '../../src/actions/capabilities';
import { ALL_CAPABILITIES, LEGEND } from '../../src/report/capability';
import { LAMBDA_PULL, PULL } from '../helpers/expected-actions';

// The report's capabilities as its matrix shows them: a letter each, in a fixed order, the actions
// of the shared capability model, and a legend that says what the letters and marks mean.

test('the letters, in the matrix\'s order, each with the actions it takes and the named set it covers', () => {
  // WHEN
  const shown = ALL_CAPABILITIES.map((c) => [c.letter, c.capability, c.actions, c.covers]);
  // THEN
  expect(shown).toEqual([
    ['L', EcrCapability.LOGIN, EcrActions.LOGIN, EcrActions.LOGIN],
    ['R', EcrCapability.PULL, EcrActions.LAMBDA_PULL, EcrActions.PULL],
    ['W', EcrCapability.PUSH, EcrActions.PUSH, EcrActions.PUSH],
    ['C', EcrCapability.CREATE, EcrActions.CREATE, EcrActions.CREATE],
    ['D', EcrCapability.DELETE, EcrActions.DELETE, EcrActions.DELETE],
    ['A', EcrCapability.ADMIN, EcrActions.ADMIN, EcrActions.ADMIN],
  ]);
  const model = ALL_CAPABILITIES.map((c) => [requiredActionsOf(c.capability), actionsOf(c.capability)]);
  expect(ALL_CAPABILITIES.map((c) => [c.actions, c.covers])).toEqual(model);
});

test('R is what AWS documents a pull needs, for every principal; the layer check a grant adds is covered, not required', () => {
  // WHEN
  const pull = ALL_CAPABILITIES.find((c) => c.letter === 'R')!;
  // THEN
  expect([...pull.actions].sort()).toEqual(LAMBDA_PULL);
  expect([...pull.covers].sort()).toEqual(PULL);
  expect(pull.covers.filter((a) => !pull.actions.includes(a))).toEqual(['ecr:BatchCheckLayerAvailability']);
});

test('the legend, pinned: it is part of every report', () => {
  expect(LEGEND).toEqual({
    letters: 'L login, R pull, W push, C create, D delete, A admin, + other ECR actions (listed in the JSON report)',
    conditional: 'X? conditional: a condition decides (listed under the matrix)',
    open: 'X! wider than a condition reads: some of its actions are allowed with no condition, or an AWS service may do it acting for any account (listed under the matrix)',
    otherSide: '(X) cross-account: needs the other side, which is not in this app (the identity policy in the principal\'s account, or the repository policy)',
  });
});
