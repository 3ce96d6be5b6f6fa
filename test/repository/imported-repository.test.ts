import { App, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CiProvider, EcrCiPrincipal, EcrWarnings, PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LAMBDA_PULL, LOGIN, PULL, PUSH_ONLY } from '../helpers/expected-actions';
import { AccessOracle, actingFor } from '../helpers/oracle';
import { OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// PushableRepository.fromRepositoryArn/Name/Attributes: a repository outside the app whose grants,
// including those aws-cdk-lib's constructs make, write the identity side and say what the
// repository's owner must add.

const SHARED_ARN = `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/base/node`;

function workloadStack(app: App): Stack {
  return new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
}

function policyRequired(stack: Stack, path: string): { message: string; statements: any[] } {
  const warnings = Annotations.fromStack(stack).findWarning(path, Match.stringLikeRegexp(EcrWarnings.REPOSITORY_POLICY_REQUIRED));
  expect(warnings).toHaveLength(1);
  const message = warnings[0].entry.data as string;
  return { message, statements: JSON.parse(message.slice(message.indexOf('\n{'), message.lastIndexOf('}') + 1)).Statement };
}

describe('a repository of another account, used by aws-cdk-lib\'s ECS', () => {
  function fargateTask() {
    const app = new App();
    const stack = workloadStack(app);
    const repository = PushableRepository.fromRepositoryArn(stack, 'Shared', SHARED_ARN);
    const executionRole = new iam.Role(stack, 'Exec', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), roleName: 'api-exec' });
    const task = new ecs.FargateTaskDefinition(stack, 'Task', { executionRole });
    task.addContainer('App', { image: ecs.ContainerImage.fromEcrRepository(repository, 'v1'), memoryLimitMiB: 512 });
    return { app, stack, repository, task };
  }

  test('the execution role gets login and the pull set; synth warns with the statement the owner must add', () => {
    // GIVEN / WHEN
    const { stack } = fargateTask();
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('EcrLoginPolicy'),
      PolicyDocument: { Statement: [{ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' }] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: PULL, Effect: 'Allow', Resource: SHARED_ARN }]) },
    });
    const { statements } = policyRequired(stack, '/Workload/Shared');
    expect(statements).toEqual([{ Action: PULL, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/api-exec` } }]);
  });

  test('the evaluator: with the owner\'s statement the task pulls; nothing else is allowed', async () => {
    const { app, stack, task } = fargateTask();
    const { statements } = policyRequired(stack, '/Workload/Shared');
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const execution = oracle.principal(task.executionRole!);
    const before = oracle.externalRepository(SHARED_ARN);
    const after = oracle.externalRepository(SHARED_ARN, { Version: '2012-10-17', Statement: statements });
    for (const action of PULL) {
      await expect(oracle.decide(execution, action, before)).resolves.toBe('ImplicitlyDenied');
      await expect(oracle.decide(execution, action, after)).resolves.toBe('Allowed');
    }
    await expect(oracle.decide(execution, LOGIN[0], '*')).resolves.toBe('Allowed');
    for (const action of [...PUSH_ONLY, ...DESTRUCTIVE]) await expect(oracle.decide(execution, action, after)).resolves.toBe('ImplicitlyDenied');
  });
});

describe('a repository of another account, used by aws-cdk-lib\'s Lambda', () => {
  test('synth warns with the Lambda statements for the function\'s account; the evaluator allows that account only', async () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    const repository = PushableRepository.fromRepositoryArn(stack, 'Shared', SHARED_ARN);
    // WHEN
    new lambda.DockerImageFunction(stack, 'Api', { code: lambda.DockerImageCode.fromEcr(repository), functionName: 'api' });
    // THEN
    const { message, statements } = policyRequired(stack, '/Workload/Shared');
    expect(message).toContain(`in account ${REGISTRY_ACCOUNT}, add these statements`);
    const functionArn = `arn:aws:lambda:${REGION}:${WORKLOAD_ACCOUNT}:function:api`;
    expect(statements).toEqual([
      {
        Action: PULL,
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': [WORKLOAD_ACCOUNT] }, ArnLike: { 'aws:SourceArn': [functionArn] } },
      },
      { Action: LAMBDA_PULL, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root` } },
    ]);
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const repo = oracle.externalRepository(SHARED_ARN, { Version: '2012-10-17', Statement: statements });
    const lambdaService = oracle.service('lambda.amazonaws.com');
    for (const action of LAMBDA_PULL) {
      await expect(oracle.decide(lambdaService, action, repo, actingFor(WORKLOAD_ACCOUNT, functionArn))).resolves.toBe('Allowed');
      await expect(oracle.decide(lambdaService, action, repo, actingFor(OTHER_ACCOUNT, functionArn.replace(WORKLOAD_ACCOUNT, OTHER_ACCOUNT))))
        .resolves.toBe('ImplicitlyDenied');
    }
  });
});

describe('imports of the app\'s own account', () => {
  test('a role gets the identity side only, with no warning', () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = PushableRepository.fromRepositoryName(stack, 'Legacy', 'legacy/app');
    repository.grantPull(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: PULL, Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/legacy/app`]] } }] },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a service principal needs the repository policy, which the app cannot write: a warning', () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = PushableRepository.fromRepositoryName(stack, 'Legacy', 'legacy/app');
    repository.grantPull(new iam.ServicePrincipal('codebuild.amazonaws.com'));
    const { statements } = policyRequired(stack, '/Registry/Legacy');
    expect(statements).toEqual([{
      Action: PULL, Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': [REGISTRY_ACCOUNT] } },
    }]);
  });

  test('an ARN known only at deploy time, with its name', () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = PushableRepository.fromRepositoryAttributes(stack, 'Exported', { repositoryArn: Fn.importValue('SharedRepositoryArn'), repositoryName: 'shared/app' });
    repository.grantPull(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(() => app.synth()).not.toThrow();
    expect(repository.env.account).toBe(stack.account);
  });
});

test('an EcrCiPrincipal pulling from an imported repository of another account: one warning', () => {
  const app = new App();
  const stack = workloadStack(app);
  const repository = PushableRepository.fromRepositoryArn(stack, 'Shared', SHARED_ARN);
  new EcrCiPrincipal(stack, 'Ci', { provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] }), roleName: 'ci', pull: [repository] });
  const { statements } = policyRequired(stack, '/Workload/Shared');
  expect(statements).toEqual([{ Action: PULL, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/ci` } }]);
});

describe('bad input fails at synth, every problem at once', () => {
  test.each([
    ['fromRepositoryArn', (s: Stack) => PushableRepository.fromRepositoryArn(s, 'R', `${REGISTRY_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/base/node`),
      /repositoryArn: got '111111111111\.dkr\.ecr[^']*': is not an ECR repository ARN\. Fix: pass an ARN such as/],
    ['fromRepositoryArn', (s: Stack) => PushableRepository.fromRepositoryArn(s, 'R', Fn.importValue('Arn')),
      /repositoryArn: got '\(a value known only at deploy time\)': does not say the repository's name at synth\. Fix: use fromRepositoryAttributes/],
    ['fromRepositoryName', (s: Stack) => PushableRepository.fromRepositoryName(s, 'R', 'Base/Node'),
      /repositoryName: got 'Base\/Node': is not a valid ECR repository name/],
    ['fromRepositoryAttributes', (s: Stack) => PushableRepository.fromRepositoryAttributes(s, 'R', { repositoryArn: SHARED_ARN, repositoryName: 'base/other' }),
      /repositoryName: got 'base\/other': is not the name in repositoryArn \('base\/node'\)/],
  ])('%s', (method, make, message) => {
    const stack = registryStack(new App());
    expect(() => make(stack)).toThrow(message);
    expect(() => make(registryStack(new App()))).toThrow(new RegExp(`Invalid PushableRepository\\.${method}\\(\\) at 'Registry/R'`));
  });

  test('ecr.Repository\'s own imports are untouched', () => {
    const stack = registryStack(new App());
    const plain = ecr.Repository.fromRepositoryArn(stack, 'Plain', SHARED_ARN);
    expect(plain).not.toBeInstanceOf(PushableRepository);
    expect(PushableRepository.fromRepositoryArn(stack, 'Ours', SHARED_ARN).constructor.name).toBe('ImportedRepository');
  });
});

describe('a statement added to an imported repository\'s policy (aws-cdk-lib\'s CodeBuild with ImagePullPrincipalType.CODEBUILD)', () => {
  test('is not written here; a warning gives it, limited to the repository\'s account as a PushableRepository writes it', async () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    const repository = PushableRepository.fromRepositoryArn(stack, 'Shared', SHARED_ARN);
    // WHEN
    const result = repository.addToResourcePolicy(new iam.PolicyStatement({ sid: 'CodeBuild', principals: [new iam.ServicePrincipal('codebuild.amazonaws.com')], actions: PULL }));
    // THEN
    expect(result.statementAdded).toBe(false);
    const { statements } = policyRequired(stack, '/Workload/Shared');
    expect(statements).toEqual([{
      Sid: 'CodeBuild',
      Action: PULL,
      Effect: 'Allow',
      Principal: { Service: 'codebuild.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': [REGISTRY_ACCOUNT] } },
    }]);
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const owned = oracle.externalRepository(SHARED_ARN, { Version: '2012-10-17', Statement: statements });
    await expect(oracle.decide(oracle.service('codebuild.amazonaws.com'), 'ecr:BatchGetImage', owned, actingFor(REGISTRY_ACCOUNT))).resolves.toBe('Allowed');
    await expect(oracle.decide(oracle.service('codebuild.amazonaws.com'), 'ecr:BatchGetImage', owned, actingFor(OTHER_ACCOUNT))).resolves.toBe('ImplicitlyDenied');
  });
});
