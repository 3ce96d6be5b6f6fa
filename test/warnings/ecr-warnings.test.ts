import { Annotations, App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as signer from 'aws-cdk-lib/aws-signer';
import { IConstruct } from 'constructs';
import { CiProvider, EcrCiPrincipal, EcrRegistry, EcrWarnings, PushableRepository, UpstreamRegistry } from '../../src';
import { OTHER_ACCOUNT, REGION, registryStack } from '../helpers/scenarios';

// Every warning id of the catalogue, acknowledged where the README says it can be: on the construct
// the warning is shown at, or on any scope above it, before or after the code that causes it. Half
// of them are added at synth (after all of the app's code), where aws-cdk-lib on its own honours
// only acknowledgements on a scope strictly between the construct and the app.

/** An app that gets the warning: where it is shown, and the call that causes it. */
interface Trigger {
  readonly shownAt: IConstruct;
  readonly cause: () => void;
}

const triggers: Record<string, (app: App) => Trigger> = {
  [EcrWarnings.IDENTITY_POLICY_REQUIRED]: (app) => {
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    const outsider = iam.Role.fromRoleArn(stack, 'Outsider', `arn:aws:iam::${OTHER_ACCOUNT}:role/ci`);
    return { shownAt: outsider, cause: () => repository.grantPull(outsider) };
  },
  [EcrWarnings.REPOSITORY_POLICY_REQUIRED]: (app) => {
    const stack = registryStack(app);
    const imported = PushableRepository.fromRepositoryArn(stack, 'Base', `arn:aws:ecr:${REGION}:${OTHER_ACCOUNT}:repository/base/node`);
    const role = new iam.Role(stack, 'Puller', { assumedBy: new iam.AccountRootPrincipal() });
    return { shownAt: imported, cause: () => imported.grantPull(role) };
  },
  [EcrWarnings.REGISTRY_ACTIONS_NOT_GRANTED]: (app) => {
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    const role = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    return { shownAt: repository, cause: () => repository.grant(role, 'ecr:*') };
  },
  [EcrWarnings.LIFECYCLE_EXPIRES_TAGGED_IMAGES]: (app) => {
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    return { shownAt: repository, cause: () => repository.addLifecycleRule({ tagStatus: ecr.TagStatus.ANY, maxImageCount: 10 }) };
  },
  [EcrWarnings.LAMBDA_ACCOUNT_UNKNOWN]: (app) => {
    const repository = new PushableRepository(registryStack(app), 'Api', { repositoryName: 'functions/api' });
    const fn = new lambda.DockerImageFunction(new Stack(app, 'Anywhere'), 'Api', { code: lambda.DockerImageCode.fromEcr(repository) });
    // shown on the function's resource, found once the app is complete (at synth)
    return { shownAt: fn.node.defaultChild!, cause: () => undefined };
  },
  [EcrWarnings.MANAGED_POLICY_QUOTA]: (app) => {
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    const role = new iam.Role(stack, 'Busy', { assumedBy: new iam.AccountRootPrincipal() });
    repository.grantPull(role);
    // counted at synth, with every policy attached by then
    return { shownAt: role, cause: () => [...Array(11).keys()].forEach((i) => role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(`Policy${i}`))) };
  },
  [EcrWarnings.PULL_REQUESTS_CAN_PUSH]: (app) => {
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    const ci = new EcrCiPrincipal(stack, 'Ci', { provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', pullRequests: true }) });
    return { shownAt: ci, cause: () => ci.allowPush(repository) };
  },
  [EcrWarnings.CREATE_ON_PUSH_WITHOUT_TEMPLATE]: (app) => {
    const ci = new EcrCiPrincipal(registryStack(app), 'Ci', { provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] }) });
    // looked for at synth: the template may be added after the grant
    return { shownAt: ci, cause: () => ci.allowCreateOnPush('team-a') };
  },
  [EcrWarnings.GITHUB_NAME_SUBJECTS_EXPIRED]: (app) => {
    const ci = new EcrCiPrincipal(registryStack(app), 'Ci', {
      provider: CiProvider.gitHubActions({ owner: 'acme', ownerId: 1234, repository: 'api', repositoryId: 5678, branches: ['main'], nameSubjectsUntil: '2026-01-01' }),
    });
    // compared with the clock at synth, when the date has passed
    return { shownAt: ci, cause: () => undefined };
  },
  [EcrWarnings.REPLICATION_REGISTRY_POLICY_REQUIRED]: (app) => {
    const registry = new EcrRegistry(registryStack(app), 'Registry');
    // the destination's registry is looked for at synth
    return { shownAt: registry, cause: () => registry.addReplicationRule({ destinations: [{ region: REGION, account: OTHER_ACCOUNT }] }) };
  },
  [EcrWarnings.UPSTREAM_REGISTRY_POLICY_REQUIRED]: (app) => {
    const registry = new EcrRegistry(registryStack(app), 'Registry');
    // the upstream's registry is looked for at synth
    return { shownAt: addMirror(registry, UpstreamRegistry.ecr(OTHER_ACCOUNT, REGION)), cause: () => undefined };
  },
  [EcrWarnings.ECR_UPSTREAM_UNAVAILABLE]: (app) => {
    const registry = new EcrRegistry(new Stack(app, 'China', { env: { account: '111111111111', region: 'cn-north-1' } }), 'Registry');
    // the region is looked at at synth
    return { shownAt: addMirror(registry, UpstreamRegistry.ecr('111111111111', 'cn-northwest-1')), cause: () => undefined };
  },
  [EcrWarnings.SIGNING_REPOSITORY_NAME_UNKNOWN]: (app) => {
    const stack = registryStack(app);
    const profile = signer.SigningProfile.fromSigningProfileAttributes(stack, 'Profile', { signingProfileName: 'prod_images', signingProfileVersion: 'abcdef1234' });
    new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: profile, repositoryFilters: ['prod/*'] }] });
    const repository = new PushableRepository(stack, 'Generated');
    const role = new iam.Role(stack, 'Pusher', { assumedBy: new iam.AccountRootPrincipal() });
    // matched against the rules at synth
    return { shownAt: repository, cause: () => repository.grantPush(role) };
  },
  [EcrWarnings.SIGNING_PROFILE_PERMISSION_REQUIRED]: (app) => {
    const stack = registryStack(app);
    const security = new Stack(app, 'Security', { env: { account: OTHER_ACCOUNT, region: REGION } });
    const profile = signer.SigningProfile.fromSigningProfileAttributes(security, 'Profile', { signingProfileName: 'prod_images', signingProfileVersion: 'abcdef1234' });
    const registry = new EcrRegistry(stack, 'Registry', { signingRules: [{ signingProfile: profile }] });
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'prod/api' });
    const role = new iam.Role(stack, 'Pusher', { assumedBy: new iam.AccountRootPrincipal() });
    return { shownAt: registry, cause: () => repository.grantPush(role) };
  },
  [EcrWarnings.LAYER_MOUNT_ENCRYPTION_DIFFERS]: (app) => {
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api', encryptionKey: new kms.Key(stack, 'Key') });
    const base = new PushableRepository(stack, 'Base', { repositoryName: 'base/node' });
    const role = new iam.Role(stack, 'Pusher', { assumedBy: new iam.AccountRootPrincipal() });
    return { shownAt: repository, cause: () => repository.grantPushMountingFrom(role, [base]) };
  },
};

/** A pull-through cache rule of an ECR upstream, whose warnings come at synth. */
function addMirror(registry: EcrRegistry, upstream: UpstreamRegistry): IConstruct {
  return registry.addPullThroughCacheRule('Mirror', { prefix: 'mirror', upstream });
}

/** The construct's scopes from the construct up, the app excluded: its own, its parents', its stack's. */
const where: Record<string, (shownAt: IConstruct, app: App) => IConstruct> = {
  'on the construct itself': (shownAt) => shownAt,
  'on its parent': (shownAt) => shownAt.node.scope!,
  'on its stack': (shownAt) => Stack.of(shownAt),
  'on the app': (_shownAt, app) => app,
};

function warningsWith(app: App, id: string): string[] {
  return app.synth().stacks.flatMap((s) => s.messages).filter((m) => m.level === 'warning' && String(m.entry.data).includes(`[ack: ${id}]`))
    .map((m) => m.id);
}

const ids = Object.keys(triggers);

test('every warning id of the library is in the catalogue, once, and has a trigger here (the report\'s is tested with the report)', () => {
  const catalogue = Object.values(EcrWarnings) as string[];
  expect(new Set(catalogue).size).toBe(catalogue.length);
  expect(catalogue.every((id) => /^cdk-ecr-access:[a-z][A-Za-z]+$/.test(id))).toBe(true);
  expect([...ids].sort()).toEqual(catalogue.filter((id) => id !== EcrWarnings.ACCESS_REPORT_NOT_WRITTEN).sort());
});

describe.each(ids)('%s', (id) => {
  test('is shown, once, at the construct it names when nothing acknowledges it', () => {
    // GIVEN
    const app = new App();
    const { shownAt, cause } = triggers[id](app);
    // WHEN
    cause();
    // THEN
    expect(warningsWith(app, id)).toEqual([`/${shownAt.node.path}`]);
  });

  test.each(Object.keys(where))('is not shown when acknowledged %s before it is caused', (place) => {
    // GIVEN
    const app = new App();
    const { shownAt, cause } = triggers[id](app);
    Annotations.of(where[place](shownAt, app)).acknowledgeWarning(id, 'in place');
    // WHEN
    cause();
    // THEN
    expect(warningsWith(app, id)).toEqual([]);
  });

  test.each(Object.keys(where))('is not shown when acknowledged %s after it is caused', (place) => {
    // GIVEN
    const app = new App();
    const { shownAt, cause } = triggers[id](app);
    cause();
    // WHEN
    Annotations.of(where[place](shownAt, app)).acknowledgeWarning(id, 'in place');
    // THEN
    expect(warningsWith(app, id)).toEqual([]);
  });

  test('an acknowledgement of another id, or on a sibling, leaves it shown', () => {
    // GIVEN
    const app = new App();
    const { shownAt, cause } = triggers[id](app);
    Annotations.of(shownAt).acknowledgeWarning(ids.find((other) => other !== id)!, 'another one');
    Annotations.of(new Stack(app, 'Sibling')).acknowledgeWarning(id, 'elsewhere');
    // WHEN
    cause();
    // THEN
    expect(warningsWith(app, id)).toEqual([`/${shownAt.node.path}`]);
  });
});
