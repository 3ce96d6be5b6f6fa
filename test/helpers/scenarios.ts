import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { LifecycleAction, LifecycleCountType, PushableRepository } from '../../src';

// The repository scenarios shared by the snapshot, fine-grained and oracle tests.

export const REGISTRY_ACCOUNT = '111111111111';
export const WORKLOAD_ACCOUNT = '222222222222';
export const CI_ACCOUNT = '333333333333';
export const OTHER_ACCOUNT = '999999999999';
export const REGION = 'us-east-1';
export const ORG_ID = 'o-a1b2c3d4e5';

export function registryStack(app: App, id = 'Registry'): Stack {
  return new Stack(app, id, { env: { account: REGISTRY_ACCOUNT, region: REGION } });
}

/** CI in the registry's own account pushes to one repository; another repository exists beside it. */
export function sameAccountPush() {
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const sibling = new PushableRepository(stack, 'Billing', { repositoryName: 'team-a/billing' });
  const ci = new iam.Role(stack, 'CiRole', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantPush(ci);
  return { app, stack, repository, sibling, ci };
}

/** A workload account's role (defined in the same app) pulls from the registry account. */
export function crossAccountPull() {
  const app = new App();
  const stack = registryStack(app);
  const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
  const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const sibling = new PushableRepository(stack, 'Billing', { repositoryName: 'team-a/billing' });
  const puller = new iam.Role(workload, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  repository.grantPull(puller);
  const accountPolicy = repository.allowAccountPull(CI_ACCOUNT);
  return { app, stack, workload, repository, sibling, puller, accountPolicy };
}

/** Every principal of an AWS Organization may pull. */
export function organizationPull() {
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Base', { repositoryName: 'base/node' });
  const identityPolicy = repository.allowOrganizationPull(ORG_ID);
  return { app, stack, repository, identityPolicy };
}

/** Lambda functions of the registry account and one workload account use the images. */
export function lambdaPull() {
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Fn', { repositoryName: 'functions/api' });
  repository.allowLambdaPull({ accounts: [REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT], functionNamePattern: 'api-*' });
  return { app, stack, repository };
}

/** A KMS-encrypted repository with a mutable `latest` tag, pulled and pushed by one role. */
export function kmsEncrypted() {
  const app = new App();
  const stack = registryStack(app);
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const repository = new PushableRepository(stack, 'Secure', { repositoryName: 'secure/app', encryptionKey: key, mutableTags: ['latest'] });
  const role = new iam.Role(stack, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantPullPush(role);
  return { app, stack, repository, key, role };
}

/**
 * A repository in AWS GovCloud (US) with two layers of KMS encryption (KMS_DSSE, available only
 * there) under a customer managed key, pulled and pushed by one role.
 */
export function dsseEncrypted() {
  const app = new App();
  const stack = new Stack(app, 'GovRegistry', { env: { account: REGISTRY_ACCOUNT, region: 'us-gov-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const repository = new PushableRepository(stack, 'Secure', { repositoryName: 'secure/app', encryption: ecr.RepositoryEncryption.KMS_DSSE, encryptionKey: key });
  const role = new iam.Role(stack, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantPullPush(role);
  return { app, stack, repository, key, role };
}

/**
 * A repository whose lifecycle archives images nobody pulled for 90 days and deletes them a year
 * after, keeping release tags; an operator role may restore archived images.
 */
export function archiveLifecycle() {
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Api', {
    repositoryName: 'team-a/api',
    lifecycleRules: [{ rulePriority: 1, tagPatternList: ['release-*'], maxImageCount: 9999 }],
    imageLifecycleRules: [
      { countType: LifecycleCountType.SINCE_IMAGE_PULLED, countNumber: 90, action: LifecycleAction.ARCHIVE },
      { countType: LifecycleCountType.SINCE_IMAGE_TRANSITIONED, countNumber: 365, action: LifecycleAction.EXPIRE },
    ],
  });
  const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
  repository.grantManageStorageClass(operator);
  return { app, stack, repository, operator };
}

/** The logical id CloudFormation knows a construct's primary resource by. */
export function logicalIdOf(construct: IConstruct): string {
  const element = construct.node.defaultChild as CfnElement;
  return Stack.of(element).resolve(element.logicalId);
}
