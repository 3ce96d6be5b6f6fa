import { CfnResource } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SynthesizedApp } from '../../helpers/assembly';
import { AccessOracle, actingFor } from '../../helpers/oracle';
import { REGISTRY_ACCOUNT } from '../../helpers/scenarios';
import { aspectFindings, pluginFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// A CodeBuild project whose build image is in a repository of the app, pulled with credentials that
// may not read it: the build fails to start. The evaluator confirms each flagged pull is denied (the
// service role's BatchGetImage, or codebuild.amazonaws.com acting for the project's account).
// Real case: the error quoted in https://gist.github.com/vivainio/b9ee51a4d5687c6fbcaaf6891eb99ff7
// ("…/AWSCodeBuild-… is not authorized to perform: ecr:BatchGetImage on resource: …repository/my-app"),
// a project with SERVICE_ROLE credentials whose role had no pull on the repository.

const RULE = 'codebuild-image-not-pullable';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

/** A project building in team-a/api:builder with these credentials, its role given no ECR access by aws-cdk-lib. */
function projectApp(credentials: 'SERVICE_ROLE' | 'CODEBUILD') {
  const b = registryApp();
  const project = new codebuild.Project(b.stack, 'Build', {
    buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['make'] } } }),
    environment: { buildImage: codebuild.LinuxBuildImage.fromDockerRegistry(b.repository.repositoryUriForTag('builder')) },
  });
  // a hand-written image and credentials type, as CloudFormation templates and L1 users write them
  const cfn = project.node.defaultChild as CfnResource;
  cfn.addPropertyOverride('Environment.ImagePullCredentialsType', credentials);
  return { ...b, project };
}

describe('compliant', () => {
  test('LinuxBuildImage.fromEcrRepository: SERVICE_ROLE, and aws-cdk-lib grants the role the pull', () => {
    // GIVEN
    const { app, stack, repository } = registryApp();
    new codebuild.Project(stack, 'Build', {
      buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['make'] } } }),
      environment: { buildImage: codebuild.LinuxBuildImage.fromEcrRepository(repository, 'builder') },
    });
    // WHEN / THEN
    expect(only(aspectFindings(app))).toEqual([]);
  });

  test('CODEBUILD with the repository policy statement for codebuild.amazonaws.com', () => {
    // GIVEN
    const { app, repository } = projectApp('CODEBUILD');
    repository.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('codebuild.amazonaws.com')],
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      conditions: { StringEquals: { 'aws:SourceAccount': REGISTRY_ACCOUNT } },
    }));
    // WHEN / THEN
    expect(only(aspectFindings(app))).toEqual([]);
  });

  test('a curated image is not a repository of the app', () => {
    // GIVEN
    const { app, stack } = registryApp();
    new codebuild.Project(stack, 'Build', {
      buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['make'] } } }),
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0 },
    });
    // WHEN / THEN
    expect(only(aspectFindings(app))).toEqual([]);
  });
});

describe('non-compliant', () => {
  test('SERVICE_ROLE, and the service role has no pull on the repository (the gist\'s error)', async () => {
    // GIVEN
    const { app, repository, project } = projectApp('SERVICE_ROLE');
    // WHEN
    const findings = only(aspectFindings(app));
    // THEN
    expect(only(pluginFindings(app)).map((f) => [f.path, f.level])).toEqual([['Registry/Build/Resource', 'error']]);
    expect(findings.map((f) => [f.path, f.level])).toEqual([['Registry/Build/Resource', 'error']]);
    expect(findings[0].text).toContain('with SERVICE_ROLE, but its service role \'Registry/Build/Role\' may not pull from \'Registry/Api\': every build fails to start.');
    const oracle = new AccessOracle(new SynthesizedApp(app));
    await expect(oracle.decide(oracle.principal(project.role!), 'ecr:BatchGetImage', oracle.repository(repository))).resolves.toEqual('ImplicitlyDenied');
  });

  test('CODEBUILD (the default) without a repository policy statement for CodeBuild', async () => {
    // GIVEN
    const { app, repository } = projectApp('CODEBUILD');
    // WHEN
    const [finding, ...rest] = only(aspectFindings(app));
    // THEN
    expect(rest).toEqual([]);
    expect(finding.text).toContain('with CODEBUILD credentials, but the repository policy of \'Registry/Api\' does not allow codebuild.amazonaws.com to pull');
    const oracle = new AccessOracle(new SynthesizedApp(app));
    await expect(oracle.decide(oracle.service('codebuild.amazonaws.com'), 'ecr:BatchGetImage', oracle.repository(repository), actingFor(REGISTRY_ACCOUNT)))
      .resolves.toEqual('ImplicitlyDenied');
  });
});
