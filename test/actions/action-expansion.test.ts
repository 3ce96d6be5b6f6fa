import { repositoryGrantActions } from '../../src/actions/action-expansion';
import { InputProblems } from '../../src/private/input-problems';

// The expected lists are written out from AWS's service-authorization reference for ECR, not taken
// from the catalogue.

function expand(...requested: string[]) {
  const problems = new InputProblems('test');
  const result = repositoryGrantActions(problems, 'actions', requested);
  expect(problems.count).toBe(0);
  return result;
}

describe('repositoryGrantActions', () => {
  test.each<[string, string[], string[], string[]]>([
    ['a named action', ['ecr:DescribeImages'], ['ecr:DescribeImages'], []],
    ['login named', ['ecr:GetAuthorizationToken'], ['ecr:GetAuthorizationToken'], []],
    ['a registry-level action named one by one', ['ecr:PutRegistryPolicy'], ['ecr:PutRegistryPolicy'], []],
    ['? matches one character', ['ecr:Batch?etImage'], ['ecr:BatchGetImage'], []],
    ['a pattern that covers login', ['ecr:Get*Token'], ['ecr:GetAuthorizationToken'], []],
    ['a pattern over repository and registry actions', ['ecr:Describe*'],
      ['ecr:DescribeImageReplicationStatus', 'ecr:DescribeImageScanFindings', 'ecr:DescribeImageSigningStatus', 'ecr:DescribeImages', 'ecr:DescribeRepositories'],
      ['ecr:DescribePullThroughCacheRules', 'ecr:DescribeRegistry', 'ecr:DescribeRepositoryCreationTemplates']],
    ['a pattern with only registry actions', ['ecr:PutRegistry*'], [], ['ecr:PutRegistryPolicy', 'ecr:PutRegistryScanningConfiguration']],
    ['a named registry action is not also reported as left out', ['ecr:Describe*', 'ecr:DescribeRegistry'],
      ['ecr:DescribeImageReplicationStatus', 'ecr:DescribeImageScanFindings', 'ecr:DescribeImageSigningStatus', 'ecr:DescribeImages', 'ecr:DescribeRepositories', 'ecr:DescribeRegistry'],
      ['ecr:DescribePullThroughCacheRules', 'ecr:DescribeRepositoryCreationTemplates']],
    ['case-insensitive, written as AWS spells it, each once', ['ECR:batchgetimage', 'ecr:BatchGetImage', 'ecr:Batch?etImage'], ['ecr:BatchGetImage'], []],
  ])('%s', (_name, requested, actions, leftOut) => {
    expect(expand(...requested)).toEqual({ actions, registryActionsLeftOut: leftOut });
  });

  test('ecr:* leaves out every registry-level action but login', () => {
    const { actions, registryActionsLeftOut } = expand('ecr:*');
    expect(actions).toContain('ecr:GetAuthorizationToken');
    expect(actions).toContain('ecr:DeleteRepository');
    expect(registryActionsLeftOut).toEqual(expect.arrayContaining(['ecr:PutRegistryPolicy', 'ecr:CreatePullThroughCacheRule', 'ecr:DescribeRegistry']));
    expect(actions.filter((a) => registryActionsLeftOut.includes(a))).toEqual([]);
  });

  test('problems name the element and keep the rest', () => {
    const problems = new InputProblems('test');
    const { actions } = repositoryGrantActions(problems, 'actions', ['ecr:PutImage', 'ecr:PushImage', null as unknown as string]);
    expect(actions).toEqual(['ecr:PutImage']);
    expect(problems.count).toBe(2);
    expect(() => problems.throwIfAny()).toThrow(/actions\[1\]: got 'ecr:PushImage'[^]*actions\[2\]: got null: is not an action name/);
  });
});
