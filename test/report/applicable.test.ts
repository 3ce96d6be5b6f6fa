import { PolicyKind, readPolicy, ResourceRef, StatementView } from '../../src/analysis/policy-view';
import { allowed, allowingStatements, Applicable, candidateActions, denied, hasDeny, NO_APPLICABLE } from '../../src/report/applicable';
import { ALWAYS, ConditionTerm, isAlways, isNever } from '../../src/report/conditions';
import { stackTemplate } from '../analysis/templates';

// What a cell asks of the statements that apply to a requester, per action: the candidate actions
// (sorted, once each, in scope), whether an Allow or a Deny matches and under what condition, and
// the statements named as provenance (one entry per statement and side, shared across asks).

const resource: ResourceRef = { stack: stackTemplate('App', {}), logicalId: 'Policy', type: 'AWS::IAM::Policy', path: 'App/Ci/Policy/Resource' };
const SCOPE: ReadonlySet<string> = new Set(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:PutImage']);
const TERM: ConditionTerm = { operator: 'StringEquals', key: 'aws:SourceAccount', values: ['111111111111'] };

function statementOf(effect: string, actions: string[]): StatementView {
  return readPolicy(PolicyKind.INLINE, resource, 'Properties/PolicyDocument', { Statement: [{ Effect: effect, Action: actions, Resource: '*' }] }).statements[0];
}

function applicable(effect: string, actions: string[], when = ALWAYS): Applicable {
  return { statement: statementOf(effect, actions), actions: new Set(actions), when, named: {} };
}

test('the candidate actions are the in-scope actions of the Allow statements of both lists, sorted, once each', () => {
  // GIVEN
  const pull = applicable('Allow', ['ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken']);
  const push = applicable('Allow', ['ecr:PutImage', 'ecr:BatchGetImage']);
  const deny = applicable('Deny', ['ecr:DeleteRepository']);

  // WHEN
  const one = candidateActions([pull, deny], undefined, SCOPE);
  const both = candidateActions([pull], [push, deny], SCOPE);

  // THEN
  expect(one).toEqual(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
  expect(both).toEqual(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:PutImage']);
  expect(candidateActions([deny], undefined, SCOPE)).toEqual([]);
});

test('an Allow with no condition decides at once; conditional ones are joined; a Deny counts only for denied', () => {
  // GIVEN
  const conditional = applicable('Allow', ['ecr:PutImage'], [[TERM]]);
  const plain = applicable('Allow', ['ecr:PutImage']);
  const deny = applicable('Deny', ['ecr:BatchGetImage']);

  // WHEN / THEN
  expect(allowed([conditional], 'ecr:PutImage')).toEqual([[TERM]]);
  expect(isAlways(allowed([conditional, plain], 'ecr:PutImage'))).toBe(true);
  expect(isNever(allowed([deny], 'ecr:BatchGetImage'))).toBe(true);
  expect(isAlways(denied([deny, plain], 'ecr:BatchGetImage'))).toBe(true);
  expect(isNever(denied([plain], 'ecr:PutImage'))).toBe(true);
  expect([hasDeny([plain, conditional]), hasDeny([plain, deny])]).toEqual([false, true]);
});

test('the provenance names each allowing statement once per side, the same entry every time it is asked', () => {
  // GIVEN
  const push = applicable('Allow', ['ecr:PutImage']);
  const deny = applicable('Deny', ['ecr:PutImage']);

  // WHEN
  const first = allowingStatements([push, deny], undefined, NO_APPLICABLE, 'ecr:PutImage');
  const again = allowingStatements([push], undefined, [deny], 'ecr:PutImage');
  const asBoundary = allowingStatements(NO_APPLICABLE, [push], NO_APPLICABLE, 'ecr:PutImage');

  // THEN
  expect(first).toEqual([{ statement: push.statement, side: 'identity-policy' }]);
  // one statement alone: its list is shared, not made per action
  expect(again).toBe(first);
  expect(asBoundary).toEqual([{ statement: push.statement, side: 'permissions-boundary' }]);
  expect(allowingStatements([push], undefined, NO_APPLICABLE, 'ecr:BatchGetImage')).toEqual([]);
});

test('several allowing statements are named identity side first, then the boundary, then the resource side', () => {
  // GIVEN
  const identity = applicable('Allow', ['ecr:PutImage', 'ecr:BatchGetImage']);
  const boundary = applicable('Allow', ['ecr:PutImage']);
  const repositoryPolicy = applicable('Allow', ['ecr:PutImage']);

  // WHEN
  const all = allowingStatements([identity], [boundary], [repositoryPolicy], 'ecr:PutImage');
  const sole = allowingStatements([identity], [boundary], [repositoryPolicy], 'ecr:BatchGetImage');

  // THEN
  expect(all).toEqual([
    { statement: identity.statement, side: 'identity-policy' },
    { statement: boundary.statement, side: 'permissions-boundary' },
    { statement: repositoryPolicy.statement, side: 'repository-policy' },
  ]);
  expect(all[0]).toBe(sole[0]);
  expect(allowingStatements([identity], [boundary], [repositoryPolicy], 'ecr:PutImage')[2]).toBe(all[2]);
});
