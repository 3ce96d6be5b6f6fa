import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CiProvider, EcrActions, EcrCiPrincipal, PushableRepository } from '../../src';

// A platform team's app, for the access report: what reviewers of such an app want to see at once.
// - Registry (111111111111): team-a/api (CI pushes, a workload role in 222222222222 pulls, a release
//   guardrail denies deleting it), base/node (every account of the organization may pull),
//   functions/orders (Lambda pulls for orders-* functions of two accounts), an auditor role of
//   333333333333 that may list images, an admin role with `ecr:*` capped by a permissions boundary,
//   and a release manager who may delete images and change policies (not delete the repository).
// - CI: GitHub Actions pushes team-a/api, pulls base/node and a vendor's image from 555555555555,
//   creates repositories under team-a/.
// - Developers: a user in a group that pulls team-a/api.
// - Workload (222222222222): the task role pulls team-a/api; a batch role pulls base/node through the
//   organization.

export const ORGANIZATION = 'o-a1b2c3d4e5';
export const VENDOR_IMAGE = 'arn:aws:ecr:us-east-1:555555555555:repository/vendor/agent';

export interface PlatformApp {
  readonly app: App;
  readonly registry: Stack;
  readonly api: PushableRepository;
  readonly baseNode: PushableRepository;
  readonly ci: EcrCiPrincipal;
  readonly taskRole: iam.Role;
  readonly developer: iam.User;
  readonly admin: iam.Role;
}

export function platformApp(app = new App()): PlatformApp {
  const env = (account: string) => ({ env: { account, region: 'us-east-1' } });
  const registry = new Stack(app, 'Registry', env('111111111111'));
  const workload = new Stack(app, 'Workload', env('222222222222'));

  const api = new PushableRepository(registry, 'Api', { repositoryName: 'team-a/api' });
  const baseNode = new PushableRepository(registry, 'BaseNode', { repositoryName: 'base/node' });
  baseNode.allowOrganizationPull(ORGANIZATION);
  const functions = new PushableRepository(registry, 'Functions', { repositoryName: 'functions/orders' });
  functions.allowLambdaPull({ accounts: ['111111111111', '222222222222'], functionNamePattern: 'orders-*' });

  // a guardrail in the repository policy: nobody deletes the production repository
  api.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'NobodyDeletes', effect: iam.Effect.DENY, principals: [new iam.StarPrincipal()], actions: ['ecr:DeleteRepository'],
  }));
  api.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AuditorLists', principals: [new iam.ArnPrincipal('arn:aws:iam::333333333333:role/auditor')], actions: EcrActions.READ,
  }));

  const ci = new EcrCiPrincipal(registry, 'Ci', {
    provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] }),
    push: [api],
    pull: [baseNode, ecr.Repository.fromRepositoryArn(registry, 'VendorAgent', VENDOR_IMAGE)],
  });
  ci.allowCreateRepositories('team-a/');

  // an admin role may do anything to ECR, but its boundary keeps it to reading and pulling
  const boundary = new iam.ManagedPolicy(registry, 'ReadOnlyBoundary', {
    statements: [new iam.PolicyStatement({ actions: [...EcrActions.LOGIN, ...EcrActions.PULL, ...EcrActions.READ], resources: ['*'] })],
  });
  const admin = new iam.Role(registry, 'Admin', { assumedBy: new iam.AccountRootPrincipal(), permissionsBoundary: boundary });
  admin.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] }));

  // a release manager cleans up images and sets lifecycles; the guardrail keeps the repository itself
  const releaseManager = new iam.Role(registry, 'ReleaseManager', { assumedBy: new iam.AccountRootPrincipal() });
  api.grant(releaseManager, ...EcrActions.DELETE, ...EcrActions.ADMIN);

  const developers = new iam.Group(registry, 'Developers');
  api.grantPull(developers);
  const developer = new iam.User(registry, 'Developer', { groups: [developers] });

  const taskRole = new iam.Role(workload, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  api.grantPull(taskRole);
  const batchRole = new iam.Role(workload, 'BatchRole', { assumedBy: new iam.ServicePrincipal('batch.amazonaws.com') });
  batchRole.addToPolicy(new iam.PolicyStatement({ actions: [...EcrActions.LOGIN], resources: ['*'] }));
  batchRole.addToPolicy(new iam.PolicyStatement({ actions: [...EcrActions.PULL], resources: [baseNode.repositoryArn] }));

  return { app, registry, api, baseNode, ci, taskRole, developer, admin };
}
