import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { consumerApp, decisions, expected, LAYOUTS, Layout, NEVER, repositoryUnderTest, serviceDecisionsForAnotherAccount, synthesize, warnedStatements } from './consumers';
import { LOGIN, PULL } from '../helpers/expected-actions';

// ECS: ContainerImage.fromEcrRepository(repository) grants pull to the task definition's execution
// role, which ECS pulls the image with.

const TASK_DEFINITIONS: Record<string, (stack: Stack, executionRole?: iam.IRole) => ecs.TaskDefinition> = {
  Fargate: (stack, executionRole) => new ecs.FargateTaskDefinition(stack, 'Task', { executionRole }),
  EC2: (stack, executionRole) => new ecs.Ec2TaskDefinition(stack, 'Task', { executionRole }),
};

/** A task definition with one container from the repository; an imported repository's owner needs a named role to paste. */
function taskUsingRepository(layout: Layout, kind: string) {
  const consumer = consumerApp(layout);
  const executionRole = layout === 'imported from another account'
    ? new iam.Role(consumer.stack, 'Exec', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), roleName: 'api-exec' })
    : undefined;
  const task = TASK_DEFINITIONS[kind](consumer.stack, executionRole);
  task.addContainer('App', { image: ecs.ContainerImage.fromEcrRepository(consumer.repository, 'v1'), memoryLimitMiB: 512 });
  return { consumer, task };
}

describe.each(Object.keys(TASK_DEFINITIONS))('ECS %s task definition', (kind) => {
  describe.each(LAYOUTS)('repository %s', (layout) => {
    const { consumer, task } = taskUsingRepository(layout, kind);
    const oracle = synthesize(consumer);
    const repo = repositoryUnderTest(oracle, consumer);
    const executionRole = oracle.principal(task.executionRole!);

    test('the execution role logs in and pulls', async () => {
      await expect(decisions(oracle, executionRole, '*', LOGIN)).resolves.toEqual(expected(LOGIN, 'Allowed'));
      await expect(decisions(oracle, executionRole, repo, PULL)).resolves.toEqual(expected(PULL, 'Allowed'));
    });

    test('it cannot push, delete or administer', async () => {
      await expect(decisions(oracle, executionRole, repo, NEVER)).resolves.toEqual(expected(NEVER, 'ImplicitlyDenied'));
    });

    if (layout !== 'in the same account') {
      test('another role of its account, with the same identity policy, cannot pull: the repository policy is limited to the role', async () => {
        const sibling = oracle.external(executionRole.arn.replace(/role\/.*$/, 'role/sibling'), executionRole.identityPolicies);
        await expect(decisions(oracle, sibling, repo, PULL)).resolves.toEqual(expected(PULL, 'ImplicitlyDenied'));
      });
    }

    test('no service principal may act for another account', async () => {
      const lines = await serviceDecisionsForAnotherAccount(oracle, repo);
      expect(lines.filter((line) => line.endsWith('Allowed'))).toEqual([]);
    });

    if (layout === 'imported from another account') {
      test('without the owner\'s statement, the pull is denied', async () => {
        expect(warnedStatements(consumer.stack, consumer.repository)).toHaveLength(1);
        const bare = oracle.externalRepository(repo.arn);
        await expect(decisions(oracle, executionRole, bare, PULL)).resolves.toEqual(expected(PULL, 'ImplicitlyDenied'));
      });
    }
  });
});
