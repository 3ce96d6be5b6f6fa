import { allEcrActions } from '../../src/actions/catalog';
import { ecrActionsAllowedBy, ecrActionsMatching, isAllEcrActions, matchesOnlyRegistryActions, splitAction } from '../../src/analysis/action-patterns';
import { deployTimeValue } from '../../src/analysis/cfn-values';

// What an `Action` value means for ECR, after the generated catalogue: IAM action names and service
// prefixes are case-insensitive, and `*`/`?` match within the name.

const names = (action: string) => ecrActionsMatching(action).map((a) => a.name).sort();

test.each([
  ['ecr:PutImage', { service: 'ecr', name: 'PutImage' }],
  ['ECR:putimage', { service: 'ecr', name: 'putimage' }],
  ['BatchGetImage', { service: '', name: 'BatchGetImage' }],
])('splitAction(%j)', (action, expected) => {
  expect(splitAction(action)).toEqual(expected);
});

test('exact names in any case, wildcards in the name or the prefix, and "*"', () => {
  expect(names('ecr:PutImage')).toEqual(['PutImage']);
  expect(names('ECR:putimage')).toEqual(['PutImage']);
  expect(names('ecr:Get*Token')).toEqual(['GetAuthorizationToken']);
  expect(names('ec?:PutImage')).toEqual(['PutImage']);
  expect(names('*')).toHaveLength(allEcrActions().length);
  expect(names('ecr:*')).toHaveLength(allEcrActions().length);
});

test('other services, names that do not exist, and deploy-time values match nothing', () => {
  expect(names('ecs:PutImage')).toEqual([]);
  expect(names('ecr:Pussh*')).toEqual([]);
  expect(names('ecr-public:GetAuthorizationToken')).toEqual([]);
  expect(names(deployTimeValue('Actions'))).toEqual([]);
});

test('Action lets through what it matches; NotAction every ECR action it does not match', () => {
  // WHEN
  const allowed = ecrActionsAllowedBy(['ecr:BatchGet*', 's3:GetObject'], undefined);
  const allBut = ecrActionsAllowedBy(undefined, ['ecr:Delete*', 'ecr:BatchDeleteImage']);
  // THEN
  expect([...allowed]).toEqual(['ecr:BatchGetImage', 'ecr:BatchGetRepositoryScanningConfiguration']);
  expect(allBut.has('ecr:PutImage')).toBe(true);
  expect(allBut.has('ecr:DeleteRepository')).toBe(false);
  expect(allBut.has('ecr:BatchDeleteImage')).toBe(false);
  expect(ecrActionsAllowedBy(undefined, undefined).size).toBe(0);
});

test('registry-only values take Resource "*" alone; a wildcard that also matches repository actions does not', () => {
  expect(matchesOnlyRegistryActions('ecr:GetAuthorizationToken')).toBe(true);
  expect(matchesOnlyRegistryActions('ecr:Get*Token')).toBe(true);
  expect(matchesOnlyRegistryActions('ecr:Get*')).toBe(false);
  expect(matchesOnlyRegistryActions('ecr:Pussh*')).toBe(false);
});

test('"ecr:*" is every ECR action; "*" is every action of every service, not an ECR-specific grant', () => {
  expect(isAllEcrActions('ecr:*')).toBe(true);
  expect(isAllEcrActions('ECR:**')).toBe(true);
  expect(isAllEcrActions('*')).toBe(false);
  expect(isAllEcrActions('ecr:Get*')).toBe(false);
  expect(isAllEcrActions('ecr:')).toBe(false);
  expect(isAllEcrActions('aecr:*')).toBe(false);
  expect(isAllEcrActions('ecr:*:*')).toBe(false);
});
