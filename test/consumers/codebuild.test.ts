import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import { consumerApp, decisions, expected, LAYOUTS, Layout, NEVER, repositoryUnderTest, serviceDecisionsForAnotherAccount, synthesize } from './consumers';
import { LOGIN, PULL } from '../helpers/expected-actions';

// CodeBuild: LinuxBuildImage.fromEcrRepository(repository) pulls the build image with the project's
// service role (aws-cdk-lib sets imagePullCredentialsType SERVICE_ROLE and calls grantPull(project)).

describe.each(LAYOUTS)('CodeBuild build image, repository %s', (layout: Layout) => {
  const consumer = consumerApp(layout);
  const role = layout === 'imported from another account'
    ? new iam.Role(consumer.stack, 'BuildRole', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'), roleName: 'api-build' })
    : undefined;
  const project = new codebuild.Project(consumer.stack, 'Build', {
    role,
    environment: { buildImage: codebuild.LinuxBuildImage.fromEcrRepository(consumer.repository, 'v1') },
    buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['make'] } } }),
  });
  const oracle = synthesize(consumer);
  const repo = repositoryUnderTest(oracle, consumer);
  const serviceRole = oracle.principal(project.role!);

  test('the project\'s service role logs in and pulls the build image', async () => {
    await expect(decisions(oracle, serviceRole, '*', LOGIN)).resolves.toEqual(expected(LOGIN, 'Allowed'));
    await expect(decisions(oracle, serviceRole, repo, PULL)).resolves.toEqual(expected(PULL, 'Allowed'));
  });

  test('it cannot push, delete or administer', async () => {
    await expect(decisions(oracle, serviceRole, repo, NEVER)).resolves.toEqual(expected(NEVER, 'ImplicitlyDenied'));
  });

  test('no service principal may act for another account', async () => {
    const lines = await serviceDecisionsForAnotherAccount(oracle, repo);
    expect(lines.filter((line) => line.endsWith('Allowed'))).toEqual([]);
  });
});
