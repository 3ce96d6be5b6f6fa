import { EcrActions, EcrCapability } from '../../src';
import { actionsOf, isIdentityOnly, NamedTask, namedTaskOf, requiredActionsOf, Task } from '../../src/actions/capabilities';

// One capability model for the report and diagnose: the words, the named set of each (from
// EcrActions, never a list by hand), and which set an action belongs to.

test('the public capabilities keep their values; the tasks add reading and the two kinds of action outside the sets', () => {
  expect(Object.values(EcrCapability)).toEqual(['login', 'pull', 'push', 'create', 'delete', 'admin']);
  expect(Object.values(Task)).toEqual(['login', 'pull', 'push', 'create', 'read', 'delete', 'admin', 'other-ecr', 'not-ecr']);
  // every capability is a task of the same word, so a capability can be asked for as a task
  for (const capability of Object.values(EcrCapability)) expect(Object.values(Task) as string[]).toContain(capability);
});

test.each<[EcrCapability | NamedTask, readonly string[]]>([
  [EcrCapability.LOGIN, EcrActions.LOGIN],
  [EcrCapability.PULL, EcrActions.PULL],
  [EcrCapability.PUSH, EcrActions.PUSH],
  [EcrCapability.CREATE, EcrActions.CREATE],
  [Task.READ, EcrActions.READ],
  [EcrCapability.DELETE, EcrActions.DELETE],
  [EcrCapability.ADMIN, EcrActions.ADMIN],
])('the actions of %s are its named set', (task, actions) => {
  expect(actionsOf(task)).toBe(actions);
});

test('having a capability takes its named set, but a pull the two calls AWS documents (ECR_on_ECS, Lambda, PullOnly)', () => {
  // WHEN
  const narrower = Object.values(EcrCapability).filter((c) => requiredActionsOf(c) !== actionsOf(c));
  // THEN
  expect(narrower).toEqual([EcrCapability.PULL]);
  expect(requiredActionsOf(EcrCapability.PULL)).toBe(EcrActions.LAMBDA_PULL);
});

test('what a grant or a fix writes holds every action the capability takes: a diagnosis fix gives what the report counts', () => {
  for (const capability of Object.values(EcrCapability)) {
    expect(actionsOf(capability)).toEqual(expect.arrayContaining([...requiredActionsOf(capability)]));
  }
});

test('only an identity policy can allow login (account-level) and create (no repository yet)', () => {
  expect(Object.values(Task).filter(isIdentityOnly)).toEqual([Task.LOGIN, Task.CREATE]);
});

test.each([
  ['ecr:GetAuthorizationToken', false, Task.LOGIN],
  ['ecr:CreateRepository', false, Task.CREATE],
  // creating describes too: describing alone is reading
  ['ecr:DescribeRepositories', false, Task.READ],
  ['ecr:InitiateLayerUpload', false, Task.PUSH],
  // pulling and pushing share these: a push when the request is part of one
  ['ecr:BatchGetImage', false, Task.PULL],
  ['ecr:BatchGetImage', true, Task.PUSH],
  ['ecr:DescribeImages', true, Task.READ],
  ['ecr:BatchDeleteImage', false, Task.DELETE],
  ['ecr:PutLifecyclePolicy', false, Task.ADMIN],
  ['ecr:StartImageScan', false, undefined],
])('%s (pushing: %s) belongs to %s', (action, pushing, task) => {
  expect(namedTaskOf(action, pushing)).toBe(task);
});
