import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions, PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LOGIN, PUSH } from '../helpers/expected-actions';
import { AccessOracle, Decision, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';
import { REGION, registryStack, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Blob mounting: "Users need ecr:GetDownloadUrlForLayer IAM permission on a repository to mount
// layers from it" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/blob-mounting.html).

const MOUNT = ['ecr:GetDownloadUrlForLayer'];

function mountingApp() {
  const app = new App();
  const stack = registryStack(app);
  const workload = new Stack(app, 'Workload', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const base = new PushableRepository(stack, 'Base', { repositoryName: 'base/node' });
  const other = new PushableRepository(stack, 'Other', { repositoryName: 'team-b/web' });
  const ci = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
  const remoteCi = new iam.Role(workload, 'RemoteCi', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'remote-ci' });
  api.grantPushMountingFrom(ci, [base]);
  api.grantPushMountingFrom(remoteCi, [base]);
  return { app, api, base, other, ci, remoteCi };
}

async function expectAll(oracle: AccessOracle, principal: PrincipalUnderTest, target: RepositoryUnderTest | '*', actions: readonly string[], expected: Decision) {
  for (const action of actions) await expect(oracle.decide(principal, action, target)).resolves.toEqual(expected);
}

describe('grantPushMountingFrom (oracle)', () => {
  const { app, api, base, other, ci, remoteCi } = mountingApp();
  const oracle = new AccessOracle(new SynthesizedApp(app));

  test('allowed: login, the push on its repository, the layer download on the source, also from another account', async () => {
    for (const role of [ci, remoteCi]) {
      const principal = oracle.principal(role);
      await expectAll(oracle, principal, '*', LOGIN, 'Allowed');
      await expectAll(oracle, principal, oracle.repository(api), PUSH, 'Allowed');
      await expectAll(oracle, principal, oracle.repository(base), MOUNT, 'Allowed');
    }
  });

  test('denied: pushing to or reading images of the source, another repository, destructive actions', async () => {
    const principal = oracle.principal(ci);
    await expectAll(oracle, principal, oracle.repository(base), ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:BatchGetImage', 'ecr:BatchCheckLayerAvailability'], 'ImplicitlyDenied');
    await expectAll(oracle, principal, oracle.repository(other), MOUNT, 'ImplicitlyDenied');
    await expectAll(oracle, principal, oracle.repository(base), DESTRUCTIVE, 'ImplicitlyDenied');
  });

  test('the set is the one action AWS documents', () => {
    expect(EcrActions.MOUNT_LAYERS).toEqual(MOUNT);
  });
});

describe('bad sources are synth-time errors naming the property, the value and the fix', () => {
  test('a repository of another region, and the repository itself, at once', () => {
    const app = new App();
    const stack = registryStack(app);
    const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    const elsewhere = new PushableRepository(new Stack(app, 'Eu', { env: { account: '111111111111', region: 'eu-west-1' } }), 'Base', { repositoryName: 'base/node' });
    const ci = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => api.grantPushMountingFrom(ci, [elsewhere, api])).toThrow(new RegExp(
      "^Invalid PushableRepository.grantPushMountingFrom\\(\\) at 'Registry/Api' \\(2 problems\\):\\n" +
      " {2}- sources\\[0\\]: got 'Eu/Base': is in account 111111111111 in eu-west-1, and ECR mounts layers only within one registry[^]*" +
      " {2}- sources\\[1\\]: got 'Registry/Api': is the repository pushed to"));
  });

  test('no source', () => {
    const stack = registryStack(new App());
    const api = new PushableRepository(stack, 'Api');
    expect(() => api.grantPushMountingFrom(new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() }), []))
      .toThrow(/sources: got '\[\]': lists no repository to mount layers from. Fix: name the repositories/);
  });
});
