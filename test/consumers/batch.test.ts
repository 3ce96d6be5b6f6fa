import { Size } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { consumerApp, decisions, expected, LAYOUTS, Layout, NEVER, repositoryUnderTest, serviceDecisionsForAnotherAccount, synthesize } from './consumers';
import { LOGIN, PULL } from '../helpers/expected-actions';

// AWS Batch: an ECS job definition's container, with ContainerImage.fromEcrRepository(repository),
// pulls with the container's execution role (aws-cdk-lib calls grantPull on it).

const CONTAINERS = {
  Fargate: batch.EcsFargateContainerDefinition,
  EC2: batch.EcsEc2ContainerDefinition,
};

describe.each(Object.keys(CONTAINERS) as Array<keyof typeof CONTAINERS>)('Batch ECS job definition (%s)', (kind) => {
  describe.each(LAYOUTS)('repository %s', (layout: Layout) => {
    const consumer = consumerApp(layout);
    const executionRole = layout === 'imported from another account'
      ? new iam.Role(consumer.stack, 'Exec', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), roleName: 'job-exec' })
      : undefined;
    const container = new CONTAINERS[kind](consumer.stack, 'Container', {
      image: ecs.ContainerImage.fromEcrRepository(consumer.repository, 'v1'), memory: Size.mebibytes(512), cpu: 1, executionRole,
    });
    new batch.EcsJobDefinition(consumer.stack, 'Job', { container });
    const oracle = synthesize(consumer);
    const repo = repositoryUnderTest(oracle, consumer);
    const role = oracle.principal(container.executionRole);

    test('the execution role logs in and pulls', async () => {
      await expect(decisions(oracle, role, '*', LOGIN)).resolves.toEqual(expected(LOGIN, 'Allowed'));
      await expect(decisions(oracle, role, repo, PULL)).resolves.toEqual(expected(PULL, 'Allowed'));
    });

    test('it cannot push, delete or administer', async () => {
      await expect(decisions(oracle, role, repo, NEVER)).resolves.toEqual(expected(NEVER, 'ImplicitlyDenied'));
    });

    test('no service principal may act for another account', async () => {
      const lines = await serviceDecisionsForAnotherAccount(oracle, repo);
      expect(lines.filter((line) => line.endsWith('Allowed'))).toEqual([]);
    });
  });
});
