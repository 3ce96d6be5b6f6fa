import { EcrActions, EcrCapability } from '../../src';
import { actionsOf } from '../../src/actions/capabilities';
import { ALL_CAPABILITIES, LEGEND, repositoryCapabilities } from '../../src/report/capability';

// The report's capabilities as its matrix shows them: a letter each, in a fixed order, the actions
// of the shared capability model, and a legend that says what the letters and marks mean.

test('the letters, in the matrix\'s order, each with the named set of its capability', () => {
  // WHEN
  const shown = ALL_CAPABILITIES.map((c) => [c.letter, c.capability, c.actions]);
  // THEN
  expect(shown).toEqual([
    ['L', EcrCapability.LOGIN, EcrActions.LOGIN],
    ['R', EcrCapability.PULL, EcrActions.PULL],
    ['W', EcrCapability.PUSH, EcrActions.PUSH],
    ['C', EcrCapability.CREATE, EcrActions.CREATE],
    ['D', EcrCapability.DELETE, EcrActions.DELETE],
    ['A', EcrCapability.ADMIN, EcrActions.ADMIN],
  ]);
  expect(ALL_CAPABILITIES.map((c) => c.actions)).toEqual(ALL_CAPABILITIES.map((c) => actionsOf(c.capability)));
});

test('an AWS service pulls with the two calls Lambda documents; the other capabilities are the same', () => {
  // WHEN
  const [pull, ...rest] = repositoryCapabilities(true);
  // THEN
  expect(pull).toEqual({ capability: EcrCapability.PULL, letter: 'R', actions: EcrActions.LAMBDA_PULL });
  expect(rest).toEqual(repositoryCapabilities(false).slice(1));
});

test('the legend, pinned: it is part of every report', () => {
  expect(LEGEND).toEqual({
    letters: 'L login, R pull, W push, C create, D delete, A admin, + other ECR actions (listed in the JSON report)',
    conditional: 'X? conditional: a condition decides (listed under the matrix)',
    open: 'X! wider than a condition reads: some of its actions are allowed with no condition, or an AWS service may do it acting for any account (listed under the matrix)',
    otherSide: '(X) cross-account: needs the other side, which is not in this app (the identity policy in the principal\'s account, or the repository policy)',
  });
});
