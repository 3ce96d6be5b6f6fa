import { ALWAYS, and, ConditionTerm, dnfText, isAlways, isNever, NEVER, or, sessionTerm, statementCondition, termText } from '../../src/report/conditions';

// Conditions the report cannot decide at synth stay in the result ("allowed when …"), as a
// disjunction of clauses; what the requester's known context decides is decided.

/** A Condition block of one operator and key. */
const term = (operator: string, key: string, ...values: string[]): Record<string, Record<string, unknown>> => ({ [operator]: { [key]: values } });
/** What the report knows of a role tagged team=web: its tags exactly, nothing of its organization. */
const tags = (key: string) => ({ 'aws:principaltag/team': 'web', 'aws:principalorgid': undefined } as Record<string, string | null | undefined>)[key] ?? (key.startsWith('aws:principaltag/') ? null : undefined);

test.each([
  ['StringEquals', 'aws:PrincipalTag/team', ['web'], ALWAYS],
  ['StringEquals', 'aws:PrincipalTag/team', ['ops', 'web'], ALWAYS],
  ['StringEquals', 'aws:PrincipalTag/team', ['ops'], NEVER],
  ['StringEqualsIgnoreCase', 'aws:PrincipalTag/Team', ['WEB'], ALWAYS],
  ['StringNotEquals', 'aws:PrincipalTag/team', ['web'], NEVER],
  ['StringLike', 'aws:PrincipalTag/team', ['w*'], ALWAYS],
  ['StringNotLike', 'aws:PrincipalTag/team', ['o*'], ALWAYS],
  // an absent key fails a positive operator, passes a negative one and an …IfExists
  ['StringEquals', 'aws:PrincipalTag/cost', ['x'], NEVER],
  ['StringNotEquals', 'aws:PrincipalTag/cost', ['x'], ALWAYS],
  ['StringEqualsIfExists', 'aws:PrincipalTag/cost', ['x'], ALWAYS],
  ['Null', 'aws:PrincipalTag/cost', ['true'], ALWAYS],
  ['Null', 'aws:PrincipalTag/team', ['true'], NEVER],
])('%s %s %j', (operator, key, values, expected) => {
  expect(statementCondition(term(operator, key, ...values), tags)).toEqual(expected);
});

test('unknown keys, multivalued operators and policy variables stay conditions', () => {
  // GIVEN / WHEN / THEN: each stays one undecided term
  for (const condition of [
    term('StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'),
    term('ForAnyValue:StringEquals', 'aws:PrincipalTag/team', 'web'),
    term('StringEquals', 'aws:PrincipalTag/team', '${aws:username}'),
    term('NumericLessThan', 'aws:PrincipalTag/team', '3'),
  ]) {
    const [operator, block] = Object.entries(condition)[0];
    const [key, values] = Object.entries(block)[0];
    expect(statementCondition(condition, tags)).toEqual([[{ operator, key, values }]]);
  }
});

test('and / or keep the shortest form', () => {
  // GIVEN
  const a: ConditionTerm = { operator: 'StringEquals', key: 'aws:SourceAccount', values: ['1'] };
  const b: ConditionTerm = { operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-1'] };
  // THEN
  expect(or([[a]], ALWAYS)).toEqual(ALWAYS);
  expect(or([[a]], NEVER, [[a]])).toEqual([[a]]);
  expect(and([[a]], [[b]], ALWAYS)).toEqual([[b, a]]);
  expect(and([[a]], NEVER)).toEqual(NEVER);
  expect(and(or([[a]], [[b]]), [[a]])).toEqual([[a]]); // (a or b) and a is a
  expect(termText({ operator: 'ArnLikeIfExists', key: 'aws:SourceArn', values: ['arn:aws:lambda:*', 'arn:aws:ecs:*'] }))
    .toBe('aws:SourceArn matches any of [arn:aws:lambda:*, arn:aws:ecs:*] (if present)');
  expect(termText({ operator: 'Null', key: 'aws:PrincipalTag/team', values: ['false'] })).toBe('aws:PrincipalTag/team is present');
});

test('"always" and "never" are the two ends', () => {
  expect(isAlways(ALWAYS)).toBe(true);
  expect(isNever(NEVER)).toBe(true);
  expect(isAlways(NEVER) || isNever(ALWAYS)).toBe(false);
  expect(statementCondition(undefined, tags)).toBe(ALWAYS);
});

test('a condition as a reviewer reads it, a session of a role included', () => {
  // GIVEN
  const org: ConditionTerm = { operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-1'] };
  const account: ConditionTerm = { operator: 'StringEquals', key: 'aws:SourceAccount', values: ['1', '2'] };
  // WHEN / THEN
  expect(dnfText([[org, account], [sessionTerm('release')]]))
    .toBe('aws:PrincipalOrgID is o-1 and aws:SourceAccount is any of [1, 2]; or the request comes from the role session \'release\'');
  expect(termText({ operator: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', values: ['3600'] })).toBe('NumericLessThan aws:MultiFactorAuthAge 3600');
});
