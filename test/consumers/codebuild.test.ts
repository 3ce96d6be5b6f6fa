import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import { consumerApp, decisions, expected, LAYOUTS, Layout, NEVER, repositoryUnderTest, serviceDecisionsForAnotherAccount, synthesize } from './consumers';
import { LOGIN, PULL } from '../helpers/expected-actions';
import { actingFor } from '../helpers/oracle';
import { REGISTRY_ACCOUNT } from '../helpers/scenarios';

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

// With ImagePullPrincipalType.CODEBUILD, aws-cdk-lib pulls the image as CodeBuild's service principal
// instead: it adds a `codebuild.amazonaws.com` statement with addToResourcePolicy, not through a grant.
describe('CodeBuild build image pulled as the CodeBuild service (ImagePullPrincipalType.CODEBUILD)', () => {
  function codeBuildPrincipalProject() {
    const consumer = consumerApp('in the same account');
    const image = codebuild.LinuxBuildImage.fromEcrRepository(consumer.repository, 'v1');
    // the factory always pulls with the service role; the interface lets a build image say CODEBUILD
    const pulledByCodeBuild: codebuild.IBuildImage = Object.create(image, {
      imagePullPrincipalType: { value: codebuild.ImagePullPrincipalType.CODEBUILD },
    });
    new codebuild.Project(consumer.stack, 'Build', {
      environment: { buildImage: pulledByCodeBuild },
      buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['make'] } } }),
    });
    return consumer;
  }

  test('the statement is limited to the repository\'s account (aws:SourceAccount), its Sid kept', () => {
    // GIVEN / WHEN
    const consumer = codeBuildPrincipalProject();
    // THEN
    const policy = synthesize(consumer).repository(consumer.repository).policy;
    expect(policy.Statement).toEqual([{
      Sid: 'CodeBuild',
      Action: ['ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:BatchCheckLayerAvailability'],
      Effect: 'Allow',
      Principal: { Service: 'codebuild.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': [REGISTRY_ACCOUNT] } },
    }]);
  });

  test('the evaluator: CodeBuild for the repository\'s account pulls; CodeBuild for another account cannot, nor push', async () => {
    const consumer = codeBuildPrincipalProject();
    const oracle = synthesize(consumer);
    const repo = repositoryUnderTest(oracle, consumer);
    const service = oracle.service('codebuild.amazonaws.com');
    await expect(decisions(oracle, service, repo, PULL, actingFor(REGISTRY_ACCOUNT))).resolves.toEqual(expected(PULL, 'Allowed'));
    await expect(decisions(oracle, service, repo, NEVER, actingFor(REGISTRY_ACCOUNT))).resolves.toEqual(expected(NEVER, 'ImplicitlyDenied'));
    const lines = await serviceDecisionsForAnotherAccount(oracle, repo);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.endsWith('Allowed'))).toEqual([]);
  });
});
