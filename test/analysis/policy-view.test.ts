import { stackTemplate } from './templates';
import { deployTimeValue, isKnown } from '../../src/analysis/cfn-values';
import { actionValues, ecrActionsOf, Located, perEcrActionSet, PolicyKind, readPolicy, resourceValues, ResourceRef, statementCovers, uploadsLayers } from '../../src/analysis/policy-view';

// A policy document read into statements whose every value knows where it is in the template, so a
// finding can point at the offending value.

const resource: ResourceRef = { stack: stackTemplate('Registry', {}), logicalId: 'Api', type: 'AWS::ECR::Repository', path: 'Registry/Api/Resource' };
const LOCATION = 'Properties/RepositoryPolicyText';

// the location of a value in a list is written out when asked, so compare what a finding reads
const located = (list: readonly Located[] | undefined) => list?.map(({ value, location }) => ({ value, location }));

test('each value with its place in the template; principals by type', () => {
  // WHEN
  const policy = readPolicy(PolicyKind.REPOSITORY, resource, LOCATION, {
    Statement: [{ Sid: 'Pull', Effect: 'Allow', Principal: { AWS: ['111111111111', 'arn:aws:iam::222222222222:root'] }, Action: 'ecr:BatchGetImage' }],
  });
  // THEN
  const [statement] = policy.statements;
  expect(statement).toMatchObject({ index: 0, location: `${LOCATION}/Statement/0`, effect: 'Allow' });
  expect(located(statement.actions)).toEqual([{ value: 'ecr:BatchGetImage', location: `${LOCATION}/Statement/0/Action` }]);
  expect(located(statement.principals?.get('AWS'))).toEqual([
    { value: '111111111111', location: `${LOCATION}/Statement/0/Principal/AWS/0` },
    { value: 'arn:aws:iam::222222222222:root', location: `${LOCATION}/Statement/0/Principal/AWS/1` },
  ]);
  expect(statement.resources).toBeUndefined();
  expect(policy.unreadable).toEqual([]);
});

test('JSON text (as RepositoryPolicyText allows), a single Statement object, and Principal "*"', () => {
  // WHEN
  const policy = readPolicy(PolicyKind.REPOSITORY, resource, LOCATION, JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*', Action: ['ecr:*'] } }));
  // THEN
  expect(policy.document).toEqual({ Statement: { Effect: 'Allow', Principal: '*', Action: ['ecr:*'] } });
  expect(policy.statements[0].location).toBe(`${LOCATION}/Statement`);
  expect(located(policy.statements[0].principals?.get('AWS'))).toEqual([{ value: '*', location: `${LOCATION}/Statement/Principal` }]);
});

test('what cannot be read is kept as unreadable, with its place: invalid JSON, a deploy-time document, a statement that is not an object', () => {
  // WHEN
  const text = readPolicy(PolicyKind.REPOSITORY, resource, LOCATION, '{not json');
  const deployTime = readPolicy(PolicyKind.REPOSITORY, resource, LOCATION, deployTimeValue('Fn::If'));
  const statement = readPolicy(PolicyKind.INLINE, resource, 'Properties/PolicyDocument', { Statement: ['Allow everything', { Effect: 'Deny', Action: '*', Resource: '*' }] });
  // THEN
  expect(text.unreadable).toEqual([{ value: '{not json', location: LOCATION }]);
  expect(deployTime.unreadable).toHaveLength(1);
  expect(statement.unreadable).toEqual([{ value: 'Allow everything', location: 'Properties/PolicyDocument/Statement/0' }]);
  expect(statement.statements.map((s) => [s.index, s.effect])).toEqual([[1, 'Deny']]);
});

test('a value list known only at deploy time is one unknown value, never an error', () => {
  // WHEN
  const policy = readPolicy(PolicyKind.INLINE, resource, 'Properties/PolicyDocument', { Statement: [{ Effect: 'Allow', Action: { 'Fn::Split': [',', 'x'] }, Resource: [1] }] });
  // THEN
  expect(policy.statements[0].actions).toHaveLength(1);
  expect(policy.statements[0].resources).toHaveLength(1);
  expect([...policy.statements[0].actions!, ...policy.statements[0].resources!].every((a) => !isKnown(a.value))).toBe(true);
});

describe('reading a statement', () => {
  const statement = (s: object) => readPolicy(PolicyKind.INLINE, resource, 'Properties/PolicyDocument', { Statement: [s] }).statements[0];
  const REPO = 'arn:aws:ecr:us-east-1:111111111111:repository/team-a/api';

  test('covers an ARN by Resource (wildcards too) or by NotResource (anything it does not name)', () => {
    expect(statementCovers(statement({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:ecr:*:111111111111:repository/team-a/*' }), REPO)).toBe(true);
    expect(statementCovers(statement({ Effect: 'Allow', Action: '*', Resource: '*' }), '*')).toBe(true);
    expect(statementCovers(statement({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:ecr:*:*:repository/team-b/*' }), REPO)).toBe(true);
    expect(statementCovers(statement({ Effect: 'Allow', Action: '*', NotResource: REPO }), REPO)).toBe(false);
    expect(statementCovers(statement({ Effect: 'Allow', Action: '*' }), REPO)).toBe(false);
  });

  test('the qualified ECR actions it matches, and whether it uploads layers (part of a push)', () => {
    expect([...ecrActionsOf(statement({ Effect: 'Allow', Action: ['ecr:BatchGet*', 'ecr:GetDownloadUrlForLayer'] }))]).toEqual(['ecr:BatchGetImage', 'ecr:BatchGetRepositoryScanningConfiguration', 'ecr:GetDownloadUrlForLayer']);
    expect(uploadsLayers(statement({ Effect: 'Allow', Action: ['ecr:InitiateLayerUpload'] }))).toBe(true);
    expect(uploadsLayers(statement({ Effect: 'Allow', Action: ['ecr:PutImage', 'ecr:BatchGetImage'] }))).toBe(false);
  });

  test('one set per distinct action list, told apart by Action and NotAction and by a list that extends another', () => {
    // GIVEN
    const pull = { Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] };
    // WHEN
    const [first, second] = [ecrActionsOf(statement(pull)), ecrActionsOf(statement({ ...pull }))];
    const notPull = ecrActionsOf(statement({ Effect: 'Allow', NotAction: pull.Action }));
    const shorter = ecrActionsOf(statement({ Effect: 'Allow', Action: ['ecr:BatchGetImage'] }));
    // THEN
    expect(second).toBe(first);
    expect([...first]).toEqual(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
    expect([...shorter]).toEqual(['ecr:BatchGetImage']);
    expect(notPull.has('ecr:PutImage')).toBe(true);
    expect(notPull.has('ecr:BatchGetImage')).toBe(false);
  });

  test('perEcrActionSet computes once per distinct action set, and answers each statement', () => {
    // GIVEN
    const seen: Array<ReadonlySet<string>> = [];
    const pullsLayers = perEcrActionSet((actions) => {
      seen.push(actions);
      return actions.has('ecr:GetDownloadUrlForLayer');
    });
    const pull = { Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] };
    // WHEN
    const answers = [statement(pull), statement({ ...pull }), statement({ Effect: 'Allow', Action: 'ecr:BatchGetImage' })].map(pullsLayers);
    // THEN
    expect(answers).toEqual([true, true, false]);
    expect(seen).toHaveLength(2);
  });

  test('an empty Condition is no condition', () => {
    expect(statement({ Effect: 'Allow', Action: '*', Condition: {} }).condition).toBeUndefined();
    expect(statement({ Effect: 'Allow', Action: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }).condition).toEqual({ Bool: { 'aws:SecureTransport': 'true' } });
  });
});

test.each([
  ['Action only', { Action: ['ecr:BatchGetImage', 'ecr:PutImage'] }, ['ecr:BatchGetImage', 'ecr:PutImage'], ['Action/0', 'Action/1']],
  ['NotAction only', { NotAction: 'ecr:DeleteRepository' }, ['ecr:DeleteRepository'], ['NotAction']],
  ['both (a shape finding), Action first', { Action: 'ecr:PutImage', NotAction: ['ecr:BatchGetImage'] }, ['ecr:PutImage', 'ecr:BatchGetImage'], ['Action', 'NotAction/0']],
  ['neither', {}, [], []],
])('actionValues: %s', (_, actions, values, locations) => {
  // GIVEN
  const [statement] = readPolicy(PolicyKind.INLINE, resource, LOCATION, { Statement: [{ Effect: 'Allow', Resource: '*', ...actions }] }).statements;
  // WHEN
  const list = actionValues(statement);
  // THEN
  expect(list.map((v) => v.value)).toEqual(values);
  expect(list.map((v) => v.location)).toEqual(locations.map((l) => `${LOCATION}/Statement/0/${l}`));
});

test('actionValues and resourceValues return a statement\'s only list itself, without copying it', () => {
  // GIVEN
  const [statement] = readPolicy(PolicyKind.INLINE, resource, LOCATION, {
    Statement: [{ Effect: 'Allow', Action: ['ecr:BatchGetImage'], NotResource: ['arn:aws:ecr:us-east-1:111111111111:repository/secret'] }],
  }).statements;
  // THEN
  expect(actionValues(statement)).toBe(statement.actions);
  expect(resourceValues(statement)).toBe(statement.notResources);
});

test('resourceValues: Resource, then NotResource', () => {
  // GIVEN
  const [statement] = readPolicy(PolicyKind.INLINE, resource, LOCATION, { Statement: [{ Effect: 'Allow', Action: '*', Resource: 'a', NotResource: ['b', 'c'] }] }).statements;
  // THEN
  expect(resourceValues(statement).map((v) => v.value)).toEqual(['a', 'b', 'c']);
});
