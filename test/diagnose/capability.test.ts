import { EcrActions } from '../../src';
import { Task } from '../../src/actions/capabilities';
import { capabilityOf } from '../../src/diagnose/capability';

// A denied action stands for its task, and the fix grants the task's whole named set; an action
// outside the sets is granted alone, and only login and create are identity-only.

test.each([
  ['ecr:GetAuthorizationToken', false, Task.LOGIN, EcrActions.LOGIN, true],
  ['ecr:CreateRepository', false, Task.CREATE, EcrActions.CREATE, true],
  ['ecr:DescribeRepositories', false, Task.READ, EcrActions.READ, false],
  ['ecr:InitiateLayerUpload', false, Task.PUSH, EcrActions.PUSH, false],
  ['ecr:BatchGetImage', false, Task.PULL, EcrActions.PULL, false],
  ['ecr:BatchGetImage', true, Task.PUSH, EcrActions.PUSH, false],
  ['ecr:DeleteRepository', false, Task.DELETE, EcrActions.DELETE, false],
  ['ecr:SetRepositoryPolicy', false, Task.ADMIN, EcrActions.ADMIN, false],
  ['ECR:putimage', false, Task.PUSH, EcrActions.PUSH, false],
  ['ecr:StartImageScan', false, Task.OTHER_ECR, ['ecr:StartImageScan'], false],
  ['ecr:PutRegistryPolicy', false, Task.OTHER_ECR, ['ecr:PutRegistryPolicy'], true],
  ['kms:Decrypt', false, Task.NOT_ECR, ['kms:Decrypt'], false],
  ['ecr:NoSuchAction', false, Task.NOT_ECR, ['ecr:NoSuchAction'], false],
  [undefined, false, Task.PULL, EcrActions.PULL, false],
  [undefined, true, Task.PUSH, EcrActions.PUSH, false],
])('%s (pushing: %s) is %s', (action, pushing, task, actions, identityOnly) => {
  expect(capabilityOf(action, pushing)).toEqual({ task, actions, identityOnly });
});
