import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EcrActions, EcrWarnings, PushableRepository } from '../../src';
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

describe('encryption: ECR mounts only between repositories with identical encryption type and key', () => {
  type Encryption = Pick<ecr.RepositoryProps, 'encryption' | 'encryptionKey'>;
  const govStack = (app: App) => new Stack(app, 'Gov', { env: { account: '111111111111', region: 'us-gov-west-1' } });

  /** The warnings a mount from a source encrypted with `theirs` to a repository encrypted with `mine` gets. */
  function mountWarnings(mine: (keys: kms.IKey[]) => Encryption, theirs: (keys: kms.IKey[]) => Encryption): string[] {
    const app = new App();
    const stack = govStack(app);
    const keys = [new kms.Key(stack, 'KeyA'), new kms.Key(stack, 'KeyB')];
    const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api', ...mine(keys) });
    const base = new PushableRepository(stack, 'Base', { repositoryName: 'base/node', ...theirs(keys) });
    const ci = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantPushMountingFrom(ci, [base]);
    api.grantPushMountingFrom(ci, [base]);
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(EcrWarnings.LAYER_MOUNT_ENCRYPTION_DIFFERS)).map((w) => `${w.id}: ${w.entry.data}`);
  }

  test.each<[string, (keys: kms.IKey[]) => Encryption, (keys: kms.IKey[]) => Encryption, RegExp | undefined]>([
    ['both AES256', () => ({}), () => ({}), undefined],
    ['the same key', ([a]) => ({ encryptionKey: a }), ([a]) => ({ encryptionKey: a }), undefined],
    ['both the AWS managed key', () => ({ encryption: ecr.RepositoryEncryption.KMS }), () => ({ encryption: ecr.RepositoryEncryption.KMS }), undefined],
    ['AES256 and KMS', () => ({}), ([a]) => ({ encryptionKey: a }), /encrypted with AES256 and 'Gov\/Base', which pushes mount layers from, with KMS \(a customer managed key\)/],
    ['two keys', ([a]) => ({ encryptionKey: a }), ([, b]) => ({ encryptionKey: b }), /KMS \(a customer managed key\)[^]*KMS \(a customer managed key\)/],
    ['a key and the AWS managed key', ([a]) => ({ encryptionKey: a }), () => ({ encryption: ecr.RepositoryEncryption.KMS }), /KMS \(the AWS managed key\)/],
    ['KMS and KMS_DSSE with one key', ([a]) => ({ encryptionKey: a }), ([a]) => ({ encryption: ecr.RepositoryEncryption.KMS_DSSE, encryptionKey: a }), /KMS_DSSE/],
  ])('%s', (_, mine, theirs, expected) => {
    const warnings = mountWarnings(mine, theirs);
    if (expected === undefined) {
      expect(warnings).toEqual([]);
    } else {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^\/Gov\/Api: /);
      expect(warnings[0]).toMatch(expected);
      expect(warnings[0]).toContain('identical encryption type and key');
    }
  });

  test('an imported source: not known at synth, no warning', () => {
    const app = new App();
    const stack = govStack(app);
    const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api', encryptionKey: new kms.Key(stack, 'Key') });
    const base = PushableRepository.fromRepositoryName(stack, 'Base', 'base/node');
    api.grantPushMountingFrom(new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() }), [base]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(EcrWarnings.LAYER_MOUNT_ENCRYPTION_DIFFERS))).toEqual([]);
  });
});
