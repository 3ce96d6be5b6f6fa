import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LAMBDA_PULL, PULL, PUSH, PUSH_ONLY } from '../helpers/expected-actions';
import { AccessOracle, actingFor } from '../helpers/oracle';
import { crossAccountPull, kmsEncrypted, lambdaPull, organizationPull, registryStack, sameAccountPush, CI_ACCOUNT, logicalIdOf, ORG_ID, OTHER_ACCOUNT, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

const LOGIN_STATEMENT = { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' };

/** Login lives in a policy of its own on the grantee (so linters can be told, narrowly, that AWS requires "*"). */
function expectLoginPolicy(template: Template, role: IConstruct): void {
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyName: Match.stringLikeRegexp('EcrLoginPolicy'),
    PolicyDocument: { Statement: [LOGIN_STATEMENT] },
    Roles: [{ Ref: logicalIdOf(role) }],
  });
}

/** The repository actions, in the grantee's default policy, with nothing on "*". */
function expectRepositoryStatement(template: Template, actions: unknown, resource: unknown): void {
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyName: Match.stringLikeRegexp('DefaultPolicy'),
    PolicyDocument: { Statement: [{ Action: actions, Effect: 'Allow', Resource: resource }] },
  });
}

describe('PushableRepository defaults', () => {
  test('scan on push, immutable tags, RETAIN, and a lifecycle that deletes nothing', () => {
    // GIVEN
    const stack = new Stack();
    // WHEN
    new PushableRepository(stack, 'Repo');
    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
        EncryptionConfiguration: Match.absent(), // ECR's default: AES256
        RepositoryPolicyText: Match.absent(), // no grant, no repository policy
      },
    });
    const lifecycle = JSON.parse(template.findResources('AWS::ECR::Repository').Repo02AC86CF.Properties.LifecyclePolicy.LifecyclePolicyText);
    // the exact policy and what it does to images: test/repository/lifecycle.test.ts
    expect(lifecycle.rules.map((r: { action: unknown }) => r.action)).toEqual([{ type: 'transition', targetStorageClass: 'archive' }]);
  });

  test('untaggedImageExpiry shapes the default rules', () => {
    const stack = new Stack();
    new PushableRepository(stack, 'Repo', { untaggedImageExpiry: Duration.days(100) });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      LifecyclePolicy: { LifecyclePolicyText: Match.stringLikeRegexp('"tagStatus":"untagged","storageClass":"archive","countType":"sinceImageTransitioned","countNumber":100') },
    });
  });

  test('lifecycleRules replace the default; an empty list is an explicit opt-out', () => {
    const stack = new Stack();
    const custom = new PushableRepository(stack, 'Custom', { lifecycleRules: [{ maxImageCount: 50 }] });
    const none = new PushableRepository(stack, 'None', { lifecycleRules: [] });
    const repos = Template.fromStack(stack).findResources('AWS::ECR::Repository');
    expect(repos[logicalIdOf(custom)].Properties.LifecyclePolicy.LifecyclePolicyText).toContain('"countType":"imageCountMoreThan","countNumber":50');
    expect(repos[logicalIdOf(none)].Properties.LifecyclePolicy).toBeUndefined();
  });

  test('mutableTags keeps every other tag immutable', () => {
    const stack = new Stack();
    new PushableRepository(stack, 'Repo', { mutableTags: ['latest', 'dev-*'] });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      ImageTagMutabilityExclusionFilters: [
        { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'latest' },
        { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'dev-*' },
      ],
    });
  });

  test('explicit looser settings are honoured (named opt-ins)', () => {
    const stack = new Stack();
    new PushableRepository(stack, 'Repo', {
      imageTagMutability: ecr.TagMutability.MUTABLE,
      imageScanOnPush: false,
      removalPolicy: RemovalPolicy.DESTROY,
      emptyOnDelete: true,
    });
    Template.fromStack(stack).hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Delete',
      Properties: { ImageTagMutability: 'MUTABLE', ImageScanningConfiguration: { ScanOnPush: false }, EmptyOnDelete: true },
    });
  });

  test('a KMS key switches encryption to KMS with that key', () => {
    const { stack } = kmsEncrypted();
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
    });
  });

  test('the caller\'s props object is never changed', () => {
    const stack = new Stack();
    const props = Object.freeze({ repositoryName: 'frozen/props', mutableTags: Object.freeze(['latest']) as string[] });
    expect(() => new PushableRepository(stack, 'Repo', props)).not.toThrow();
    expect(props).toEqual({ repositoryName: 'frozen/props', mutableTags: ['latest'] });
  });

  test('is a drop-in ecr.IRepository', () => {
    const stack = new Stack();
    const repository: ecr.IRepository = new PushableRepository(stack, 'Repo');
    expect(repository).toBeInstanceOf(ecr.Repository);
  });
});

describe('grants in the same account', () => {
  test('grantPush writes the push set on the repository and login on "*", and no repository policy', () => {
    const { stack, repository, ci } = sameAccountPush();
    const template = Template.fromStack(stack);
    expectLoginPolicy(template, ci);
    expectRepositoryStatement(template, PUSH, { 'Fn::GetAtt': [logicalIdOf(repository), 'Arn'] });
    // same account: the identity policy alone decides, so the repository policy stays empty
    template.allResourcesProperties('AWS::ECR::Repository', { RepositoryPolicyText: Match.absent() });
  });

  test('grantPull writes exactly the pull set', () => {
    const stack = new Stack();
    const repository = new PushableRepository(stack, 'Repo');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    repository.grantPull(role);
    const template = Template.fromStack(stack);
    expectLoginPolicy(template, role);
    expectRepositoryStatement(template, PULL, { 'Fn::GetAtt': [logicalIdOf(repository), 'Arn'] });
  });

  test('grantPullPush writes the union once', () => {
    const { stack, role, repository } = kmsEncrypted();
    const template = Template.fromStack(stack);
    expectLoginPolicy(template, role);
    expectRepositoryStatement(template, [...new Set([...PULL, ...PUSH])].sort(), { 'Fn::GetAtt': [logicalIdOf(repository), 'Arn'] });
  });

  test('grant() sends login-type actions to the identity policy on "*", never to the repository', () => {
    const stack = new Stack();
    const repository = new PushableRepository(stack, 'Repo');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    repository.grant(role, 'ecr:GetAuthorizationToken', 'ecr:DescribeImages');
    const template = Template.fromStack(stack);
    expectLoginPolicy(template, role);
    expectRepositoryStatement(template, 'ecr:DescribeImages', { 'Fn::GetAtt': [logicalIdOf(repository), 'Arn'] });
    template.allResourcesProperties('AWS::ECR::Repository', { RepositoryPolicyText: Match.absent() });
  });

  test('the login policy holds only login, once per grantee, and is acknowledged for cdk-nag on that policy alone', () => {
    const stack = new Stack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    new PushableRepository(stack, 'A').grantPull(role);
    new PushableRepository(stack, 'B').grantPush(role);
    const template = Template.fromStack(stack);
    const loginPolicies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('EcrLoginPolicy') } });
    expect(Object.values(loginPolicies)).toHaveLength(1);
    expect(Object.values(loginPolicies)[0].Properties.PolicyDocument.Statement).toEqual([LOGIN_STATEMENT]);
    const acknowledged = role.node.findChild('EcrLoginPolicy').node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules');
    // once, and without the stack trace Validations.acknowledge() keeps (about 1 KB of metadata per stack)
    expect(acknowledged.map((m) => [m.data, m.trace])).toEqual([[{ 'AwsSolutions-IAM5[Resource::*]': expect.stringContaining('ecr:GetAuthorizationToken') }, undefined]]);
    expect(role.node.tryFindChild('DefaultPolicy')?.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')).toEqual([]);
  });

  test('grants return an iam.Grant that succeeded', () => {
    const stack = new Stack();
    const repository = new PushableRepository(stack, 'Repo');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = repository.grantPush(role);
    expect(grant.success).toBe(true);
    expect(grant.principalStatements.length).toBeGreaterThan(0);
  });
});

describe('grants across accounts', () => {
  test('cross-account pull writes both sides; the repository policy never carries login', () => {
    const { stack, workload, puller } = crossAccountPull();
    const workloadTemplate = Template.fromStack(workload);
    expectLoginPolicy(workloadTemplate, puller);
    expectRepositoryStatement(workloadTemplate, PULL, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:us-east-1:${REGISTRY_ACCOUNT}:repository/team-a/api`]] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: 'team-a/api',
      RepositoryPolicyText: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: PULL,
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${WORKLOAD_ACCOUNT}:root`]] } },
        })]),
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/RepositoryPolicyText[^]*GetAuthorizationToken/);
  });

  test('allowAccountPull trusts the account and returns the identity policy its principals need', () => {
    const { stack, accountPolicy, repository } = crossAccountPull();
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: {
        Statement: Match.arrayWith([{
          Sid: `AllowPullFromAccount${CI_ACCOUNT}`,
          Action: PULL,
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${CI_ACCOUNT}:root`]] } },
        }]),
      },
    });
    expect(stack.resolve(accountPolicy.toJSON())).toEqual({
      Version: '2012-10-17',
      Statement: [LOGIN_STATEMENT, { Action: PULL, Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalIdOf(repository), 'Arn'] } }],
    });
  });

  test('allowAccountPush grants the push set; calling twice writes one statement', () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Repo', { repositoryName: 'svc' });
    repository.allowAccountPush(CI_ACCOUNT);
    repository.allowAccountPush(CI_ACCOUNT);
    const statements = Template.fromStack(stack).toJSON().Resources[logicalIdOf(repository)].Properties.RepositoryPolicyText.Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Sid: `AllowPushFromAccount${CI_ACCOUNT}`, Action: PUSH });
  });

  test('allowOrganizationPull is Principal "*" limited by aws:PrincipalOrgID', () => {
    const { stack } = organizationPull();
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: {
        Statement: [{
          Sid: 'AllowPullFromOrganizationoa1b2c3d4e5',
          Action: PULL,
          Effect: 'Allow',
          Principal: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
        }],
      },
    });
  });

  test('allowLambdaPull limits the Lambda service to the accounts and functions given', () => {
    const { stack } = lambdaPull();
    const arnFor = (account: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:lambda:us-east-1:${account}:function:api-*`]] });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: {
        Statement: [
          {
            Sid: 'AllowLambdaPull',
            Action: LAMBDA_PULL,
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': [REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT] },
              ArnLike: { 'aws:SourceArn': [arnFor(REGISTRY_ACCOUNT), arnFor(WORKLOAD_ACCOUNT)] },
            },
          },
          {
            // Lambda requires the other account itself to be trusted for cross-account images
            Sid: 'AllowLambdaPullCrossAccount',
            Action: LAMBDA_PULL,
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${WORKLOAD_ACCOUNT}:root`]] } },
          },
        ],
      },
    });
  });

  test('allowLambdaPull called twice: unique Sids (a duplicate fails the deployment), each account trusted once; the evaluator allows both calls\' functions', async () => {
    // GIVEN
    const { app, stack, repository } = lambdaPull();
    // WHEN
    repository.allowLambdaPull({ accounts: [WORKLOAD_ACCOUNT, CI_ACCOUNT], functionNamePattern: 'jobs-*' });
    // THEN
    const statements = Template.fromStack(stack).toJSON().Resources[logicalIdOf(repository)].Properties.RepositoryPolicyText.Statement;
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(['AllowLambdaPull', 'AllowLambdaPullCrossAccount', 'AllowLambdaPull2', 'AllowLambdaPullCrossAccount2']);
    expect(statements[3].Principal).toEqual({ AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${CI_ACCOUNT}:root`]] } });
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const repo = oracle.repository(repository);
    const lambdaFor = (account: string, fn: string) => oracle.decide(oracle.service('lambda.amazonaws.com'), 'ecr:BatchGetImage', repo,
      actingFor(account, `arn:aws:lambda:us-east-1:${account}:function:${fn}`));
    await expect(lambdaFor(WORKLOAD_ACCOUNT, 'api-orders')).resolves.toBe('Allowed');
    await expect(lambdaFor(CI_ACCOUNT, 'jobs-nightly')).resolves.toBe('Allowed');
    await expect(lambdaFor(CI_ACCOUNT, 'api-orders')).resolves.toBe('ImplicitlyDenied');
    await expect(lambdaFor(OTHER_ACCOUNT, 'jobs-nightly')).resolves.toBe('ImplicitlyDenied');
  });

  test('allowLambdaPull returns the identity policy of the principal that deploys a function of another account: both actions on this repository, nothing else (oracle)', async () => {
    // GIVEN
    const app = new App();
    const repository = new PushableRepository(registryStack(app), 'Fn', { repositoryName: 'functions/api' });
    // WHEN
    const deployerPolicy = repository.allowLambdaPull({ accounts: [WORKLOAD_ACCOUNT] });
    // THEN
    const stack = Stack.of(repository);
    expect(stack.resolve(deployerPolicy.toJSON())).toEqual({
      Version: '2012-10-17',
      Statement: [{ Action: LAMBDA_PULL, Effect: 'Allow', Resource: stack.resolve(repository.repositoryArn) }],
    });
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const repo = oracle.repository(repository);
    const deployer = oracle.external(`arn:aws:iam::${WORKLOAD_ACCOUNT}:role/deployer`, [oracle.synthesized.resolve(oracle.synthesized.stacks[0], stack.resolve(deployerPolicy.toJSON()))]);
    for (const action of LAMBDA_PULL) await expect(oracle.decide(deployer, action, repo)).resolves.toBe('Allowed');
    for (const action of [...PUSH_ONLY, 'ecr:BatchCheckLayerAvailability', ...DESTRUCTIVE]) await expect(oracle.decide(deployer, action, repo).then((d) => `${action}: ${d}`)).resolves.toBe(`${action}: ImplicitlyDenied`);
    const elsewhere = oracle.externalRepository(`arn:aws:ecr:us-east-1:${REGISTRY_ACCOUNT}:repository/functions/other`);
    await expect(oracle.decide(deployer, 'ecr:BatchGetImage', elsewhere)).resolves.toBe('ImplicitlyDenied');
  });

  test('allowLambdaPull defaults to the repository\'s own account and every function', () => {
    const stack = new Stack();
    new PushableRepository(stack, 'Repo').allowLambdaPull();
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: {
        Statement: [Match.objectLike({
          Condition: {
            StringEquals: { 'aws:SourceAccount': [{ Ref: 'AWS::AccountId' }] },
            ArnLike: { 'aws:SourceArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':function:*']] }] },
          },
        })],
      },
    });
  });
});

describe('never silent: the side this app cannot write is reported', () => {
  test('a role imported from another account gets the repository policy here and a warning with its identity policy', () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Repo', { repositoryName: 'team-a/api' });
    const external = iam.Role.fromRoleArn(stack, 'ExternalCi', `arn:aws:iam::${CI_ACCOUNT}:role/ci`);
    repository.grantPush(external);

    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      RepositoryPolicyText: { Statement: [{ Action: PUSH, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CI_ACCOUNT}:role/ci` } }] },
    });
    const warnings = Annotations.fromStack(stack).findWarning('/Registry/ExternalCi', Match.stringLikeRegexp('cdk-ecr-access:identityPolicyRequired'));
    expect(warnings).toHaveLength(1);
    const message = warnings[0].entry.data as string;
    expect(message).toContain(`arn:aws:iam::${CI_ACCOUNT}:role/ci`);
    const json = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1));
    expect(json).toEqual({
      Version: '2012-10-17',
      Statement: [
        LOGIN_STATEMENT,
        { Action: PUSH, Effect: 'Allow', Resource: `arn:aws:ecr:us-east-1:${REGISTRY_ACCOUNT}:repository/team-a/api` },
      ],
    });
  });

  test('a same-account grant reports nothing', () => {
    const { stack } = sameAccountPush();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('addToResourcePolicy with a service principal', () => {
  const statementsOf = (stack: Stack, repository: PushableRepository) =>
    Template.fromStack(stack).toJSON().Resources[logicalIdOf(repository)].Properties.RepositoryPolicyText.Statement;

  test.each([
    ['a service that does not say for whom it acts: limited to this account, on a copy', () => new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('codebuild.amazonaws.com')], actions: PULL,
    }), { StringEquals: { 'aws:SourceAccount': [REGISTRY_ACCOUNT] } }],
    ['a service with a condition of the caller\'s: the limit is added beside it', () => new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('codebuild.amazonaws.com')], actions: PULL, conditions: { Bool: { 'aws:SecureTransport': 'true' } },
    }), { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:SourceAccount': [REGISTRY_ACCOUNT] } }],
    ['a service whose statement names its source: as given', () => new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('codebuild.amazonaws.com')], actions: PULL, conditions: { StringEquals: { 'aws:SourceAccount': WORKLOAD_ACCOUNT } },
    }), { StringEquals: { 'aws:SourceAccount': WORKLOAD_ACCOUNT } }],
    ['a service beside an account (whose requests carry no aws:SourceAccount): as given', () => new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('codebuild.amazonaws.com'), new iam.AccountPrincipal(WORKLOAD_ACCOUNT)], actions: PULL,
    }), undefined],
    ['a Deny: as given', () => new iam.PolicyStatement({
      effect: iam.Effect.DENY, principals: [new iam.ServicePrincipal('codebuild.amazonaws.com')], actions: ['ecr:PutImage'],
    }), undefined],
  ])('%s', (_name, make, expectedCondition) => {
    // GIVEN
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Repo', { repositoryName: 'team-a/api' });
    const statement = make();
    const before = JSON.stringify(stack.resolve(statement.toStatementJson()));
    // WHEN
    repository.addToResourcePolicy(statement);
    // THEN
    expect(statementsOf(stack, repository)[0].Condition).toEqual(expectedCondition);
    expect(JSON.stringify(stack.resolve(statement.toStatementJson()))).toEqual(before);
  });
});
