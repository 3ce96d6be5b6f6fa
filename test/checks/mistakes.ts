import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { registryApp, twoAccountApp } from './fixtures';
import { EcrActions } from '../../src';
import { OTHER_ACCOUNT, REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// The mistakes people write by hand (most quoted from the user reports in the seeds), each as a
// small app, with the access its author meant to give: the checks must flag each one, and the IAM
// evaluator must agree that this access is denied (or that the request is invalid).

/** A principal of another account, outside the app, with the identity statements it attaches. */
export interface OutsidePrincipal {
  readonly arn: string;
  readonly statements: iam.PolicyStatement[];
  /** The stack whose tokens the statements use. */
  readonly stack: Stack;
}

/** What the author meant: this principal performs this action on this repository (or on "*"). */
export interface IntendedAccess {
  /** A role or user of the app, or an outside principal's ARN with the identity statements it would attach. */
  readonly principal: iam.IRole | iam.IUser | OutsidePrincipal;
  readonly action: string;
  /** A repository of the app, an outside repository ARN, or "*" for login. */
  readonly target: ecr.IRepository | string;
  /** What the evaluator answers: login asked on a repository ARN is not even a valid request. */
  readonly expected?: 'ImplicitlyDenied' | 'ExplicitlyDenied' | 'Invalid';
  /** Request context, e.g. the account an AWS service acts for (`aws:SourceAccount`). */
  readonly context?: Record<string, string>;
}

export interface Mistake {
  readonly app: App;
  readonly rule: string;
  /** Access the author wanted and does not get. */
  readonly denied: IntendedAccess[];
  /** Access nobody meant to give and that is allowed (over-permission rules). */
  readonly allowedToOthers?: IntendedAccess[];
  /** Web-identity claims of a workflow nobody meant to trust, for trust rules. */
  readonly untrustedClaims?: { role: iam.IRole; provider: string; claims: Record<string, string> };
}

const login = (role: iam.IRole) => role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: EcrActions.LOGIN, resources: ['*'] }));
const GITHUB = `arn:aws:iam::${REGISTRY_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

export const MISTAKES: Record<string, () => Mistake> = {
  'seed 003: ecs:DeleteRepository': () => {
    const { app, repository, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:CreateRepository', 'ecs:DeleteRepository'], resources: ['*'] }));
    return { app, rule: 'unknown-action', denied: [{ principal: role, action: 'ecr:DeleteRepository', target: repository }] };
  },
  'ecr:GetAuthToken': () => {
    const { app, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthToken'], resources: ['*'] }));
    return { app, rule: 'unknown-action', denied: [{ principal: role, action: 'ecr:GetAuthorizationToken', target: '*' }] };
  },
  'ecr:Pussh*': () => {
    const { app, repository, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:Pussh*', ...EcrActions.PULL], resources: [repository.repositoryArn] }));
    login(role);
    return { app, rule: 'unknown-action', denied: [{ principal: role, action: 'ecr:PutImage', target: repository }] };
  },
  'seed 003: arn:aws:ecs:…:repository/*': () => {
    const { app, repository, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [`arn:aws:ecs:${REGION}:${REGISTRY_ACCOUNT}:repository/*`] }));
    login(role);
    return { app, rule: 'invalid-repository-arn', denied: EcrActions.PULL.map((action) => ({ principal: role, action, target: repository })) };
  },
  'seed 000: arn:aws:ecr:region:account-id:repository/your-repo-prefix*': () => {
    const { app, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:CreateRepository', 'ecr:DescribeRepositories'], resources: ['arn:aws:ecr:region:account-id:repository/your-repo-prefix*'] }));
    return {
      app,
      rule: 'invalid-repository-arn',
      denied: [{ principal: role, action: 'ecr:CreateRepository', target: `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/your-repo-prefix-api` }],
    };
  },
  // https://github.com/aws/containers-roadmap/issues/2675: the service left out of a repository ARN
  'arn:aws:<region>:<account>:repository/* (no service)': () => {
    const { app, repository, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [`arn:aws:${REGION}:${REGISTRY_ACCOUNT}:repository/*`] }));
    login(role);
    return { app, rule: 'invalid-repository-arn', denied: EcrActions.PULL.map((action) => ({ principal: role, action, target: repository })) };
  },
  'seed 002: GetAuthorizationToken scoped to my-repo': () => {
    const { app, repository, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken', ...EcrActions.PUSH], resources: [repository.repositoryArn] }));
    return {
      app,
      rule: 'registry-action-on-repository-arn',
      denied: [{ principal: role, action: 'ecr:GetAuthorizationToken', target: '*' }, { principal: role, action: 'ecr:GetAuthorizationToken', target: repository, expected: 'Invalid' }],
    };
  },
  'seed 001: GetAuthorizationToken in a repository policy': () => {
    const { app, stack, repository } = registryApp();
    repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)], actions: ['ecr:GetAuthorizationToken', ...EcrActions.PULL] }));
    const outside = { arn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/puller`, statements: [new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn] })], stack };
    return {
      app,
      rule: 'registry-action-in-repository-policy',
      denied: [{ principal: outside, action: 'ecr:GetAuthorizationToken', target: '*' }, { principal: outside, action: 'ecr:GetAuthorizationToken', target: repository, expected: 'Invalid' }],
    };
  },
  'seed 000: push without ecr:BatchCheckLayerAvailability': () => {
    const { app, stack, repository } = registryApp();
    const user = new iam.User(stack, 'Admin');
    user.addToPolicy(new iam.PolicyStatement({
      actions: ['ecr:CreateRepository', 'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'],
      resources: ['*'],
    }));
    return { app, rule: 'incomplete-push', denied: [{ principal: user, action: 'ecr:BatchCheckLayerAvailability', target: repository }] };
  },
  'repository policy: layer uploads without CompleteLayerUpload': () => {
    const { app, stack, repository } = registryApp();
    repository.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)],
      actions: ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:PutImage', 'ecr:BatchGetImage'],
    }));
    const pusher = { arn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/pusher`, statements: [new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [repository.repositoryArn] })], stack };
    return { app, rule: 'incomplete-push', denied: ['ecr:CompleteLayerUpload', 'ecr:BatchCheckLayerAvailability'].map((action) => ({ principal: pusher, action, target: repository })) };
  },
  'aws-cdk-lib grant(…) of the pull set: no login': () => {
    const { app, stack, role } = registryApp();
    new ecr.Repository(stack, 'Plain').grant(role, ...EcrActions.PULL);
    return { app, rule: 'missing-login', denied: [{ principal: role, action: 'ecr:GetAuthorizationToken', target: '*' }] };
  },
  'seed 001: cross-account push with no repository policy': () => {
    const { app, repository, taskRole } = twoAccountApp();
    taskRole.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [repository.repositoryArn] }));
    login(taskRole);
    return { app, rule: 'cross-account-without-repository-policy', denied: EcrActions.PUSH.map((action) => ({ principal: taskRole, action, target: repository })) };
  },
  'ECS ContainerImage.fromEcrRepository on a repository imported from another account': () => {
    const { app, workload } = twoAccountApp();
    const images = `arn:aws:ecr:${REGION}:${OTHER_ACCOUNT}:repository/vendor/agent`;
    const task = new ecs.FargateTaskDefinition(workload, 'Task');
    task.addContainer('App', { image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryArn(workload, 'Vendor', images), 'v1') });
    return { app, rule: 'cross-account-repository-outside-app', denied: EcrActions.PULL.map((action) => ({ principal: task.executionRole!, action, target: images })) };
  },
  'a Deny that undoes grantPush': () => {
    const { app, repository, role } = registryApp();
    repository.grantPush(role);
    role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:PutImage'], resources: ['*'] }));
    return { app, rule: 'deny-shadows-grant', denied: [{ principal: role, action: 'ecr:PutImage', target: repository, expected: 'ExplicitlyDenied' }] };
  },
  'a Deny for everyone in the repository policy': () => {
    const { app, repository, taskRole } = twoAccountApp();
    repository.grantPull(taskRole);
    repository.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.StarPrincipal()], actions: ['ecr:BatchGetImage'] }));
    return { app, rule: 'deny-shadows-grant', denied: [{ principal: taskRole, action: 'ecr:BatchGetImage', target: repository, expected: 'ExplicitlyDenied' }] };
  },
  'Principal "*" without a condition': () => {
    const { app, stack, repository } = registryApp();
    repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: EcrActions.PULL }));
    const stranger = { arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/stranger`, statements: [new iam.PolicyStatement({ actions: EcrActions.PULL, resources: [repository.repositoryArn] })], stack };
    return { app, rule: 'public-principal-without-condition', denied: [], allowedToOthers: EcrActions.PULL.map((action) => ({ principal: stranger, action, target: repository })) };
  },
  'noobaa/noobaa-core#8176 in ECR terms: Allow with NotPrincipal': () => {
    const { app, stack, repository } = registryApp();
    repository.addToResourcePolicy(new iam.PolicyStatement({
      notPrincipals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)], actions: EcrActions.PUSH,
    }));
    const push = new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [repository.repositoryArn] });
    const stranger = { arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/stranger`, statements: [push], stack };
    return { app, rule: 'allow-with-not-principal', denied: [], allowedToOthers: EcrActions.PUSH.map((action) => ({ principal: stranger, action, target: repository })) };
  },
  'horothesun/api-gateway-lambda-infra: Lambda pull with no source condition': () => {
    const { app, stack } = registryApp();
    const images = new ecr.Repository(stack, 'Images');
    images.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'LambdaECRImageRetrievalPolicy', principals: [new iam.ServicePrincipal('lambda.amazonaws.com')], actions: EcrActions.LAMBDA_PULL,
    }));
    const lambdaService = { arn: 'lambda.amazonaws.com', statements: [], stack };
    const actingForAnother = { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': `arn:aws:lambda:${REGION}:${OTHER_ACCOUNT}:function:theirs` };
    return {
      app,
      rule: 'service-principal-without-source',
      denied: [],
      allowedToOthers: EcrActions.LAMBDA_PULL.map((action) => ({ principal: lambdaService, action, target: images, context: actingForAnother })),
    };
  },
  'ecr:* without a condition': () => {
    const { app, repository, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] }));
    return {
      app,
      rule: 'ecr-wildcard-without-condition',
      denied: [],
      allowedToOthers: ['ecr:DeleteRepository', 'ecr:SetRepositoryPolicy', 'ecr:BatchDeleteImage'].map((action) => ({ principal: role, action, target: repository })),
    };
  },
  'OIDC trust without a subject': () => {
    const { app, stack, repository } = registryApp();
    const role = new iam.Role(stack, 'GitHub', {
      assumedBy: new iam.WebIdentityPrincipal(GITHUB, { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } }),
    });
    repository.grantPush(role);
    return {
      app,
      rule: 'web-identity-trust-unpinned',
      denied: [],
      untrustedClaims: {
        role,
        provider: GITHUB,
        claims: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:someone-else/anything:ref:refs/heads/main' },
      },
    };
  },
  'terraform-aws-iam read-only module: ecr:Get* and ecr:Describe* (no BatchGetImage)': () => {
    const { app, repository, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:Get*', 'ecr:Describe*'], resources: ['*'] }));
    return { app, rule: 'incomplete-pull', denied: [{ principal: role, action: 'ecr:BatchGetImage', target: repository }] };
  },
  'coreos-kubernetes worker: BatchGetImage only': () => {
    const { app, repository, role } = registryApp();
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage'], resources: ['*'] }));
    return { app, rule: 'incomplete-pull', denied: [{ principal: role, action: 'ecr:GetDownloadUrlForLayer', target: repository }] };
  },
  'seed 004: AmazonECRReadOnlyAccess, which AWS does not publish': () => {
    const { app, stack, repository } = registryApp();
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal(), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonECRReadOnlyAccess')] });
    return { app, rule: 'unknown-managed-policy', denied: [{ principal: reader, action: 'ecr:GetAuthorizationToken', target: '*' }, { principal: reader, action: 'ecr:BatchGetImage', target: repository }] };
  },
  'AWS 2019 example: ecr:* to Principal "*" limited by aws:SourceIp only': () => {
    const { app, stack, repository } = registryApp();
    repository.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'IPAllow', principals: [new iam.AnyPrincipal()], actions: ['ecr:*'], conditions: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    }));
    const stranger = { arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/stranger`, statements: [new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] })], stack };
    const fromThatNetwork = { 'aws:SourceIp': '203.0.113.7' };
    return {
      app,
      rule: 'public-principal-without-condition',
      denied: [],
      allowedToOthers: ['ecr:PutImage', 'ecr:SetRepositoryPolicy'].map((action) => ({ principal: stranger, action, target: repository, context: fromThatNetwork })),
    };
  },
  'a Lambda statement for a workload account the repository does not trust': () => {
    const { app, repository, taskRole } = twoAccountApp();
    repository.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('lambda.amazonaws.com')],
      actions: EcrActions.LAMBDA_PULL,
      conditions: { StringLike: { 'aws:sourceArn': `arn:aws:lambda:*:${WORKLOAD_ACCOUNT}:function:*` } },
    }));
    // Lambda's CreateFunction reads the image as the function's creator, a principal of the workload account
    taskRole.addToPolicy(new iam.PolicyStatement({ actions: EcrActions.LAMBDA_PULL, resources: [repository.repositoryArn] }));
    return { app, rule: 'lambda-cross-account-image', denied: EcrActions.LAMBDA_PULL.map((action) => ({ principal: taskRole, action, target: repository })) };
  },

};
