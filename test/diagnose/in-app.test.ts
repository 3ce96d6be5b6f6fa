import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CiProvider, diagnose, EcrCiPrincipal, PushableRepository } from '../../src';

// diagnose with the app's cloud assembly: the construct and policy of the app to change, whether the
// app already grants the denied action, and the trust condition a CI job's claims fail.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An app with a repository, a pusher with a fixed name and a GitHub Actions CI role, synthesized to its own directory. */
function synthesized(): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'diagnose-app-'));
  dirs.push(outdir);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Registry', { env: { account: '111111111111', region: 'us-east-1' } });
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  new PushableRepository(stack, 'Web', { repositoryName: 'team-a/web' });
  api.grantPush(new iam.Role(stack, 'Builder', { roleName: 'builder', assumedBy: new iam.AccountRootPrincipal() }));
  new EcrCiPrincipal(stack, 'Ci', {
    provider: CiProvider.gitHubActions({ owner: 'acme', repository: 'api', branches: ['main'] }),
    push: [api],
  });
  app.synth();
  return outdir;
}

const denied = (action: string, repository: string) =>
  `denied: User: arn:aws:sts::111111111111:assumed-role/builder/run-7 is not authorized to perform: ${action} on resource: ` +
  `arn:aws:ecr:us-east-1:111111111111:repository/${repository} because no identity-based policy allows the ${action} action`;

test('the app does not grant it: the role\'s identity policy is the one to change', () => {
  // GIVEN
  const dir = synthesized();
  // WHEN
  const d = diagnose(denied('ecr:InitiateLayerUpload', 'team-a/web'), { assembly: dir });
  // THEN
  expect(d.app).toEqual({
    constructPath: 'Registry/Builder/Resource',
    policy: expect.stringMatching(/^Registry\/BuilderDefaultPolicy[0-9A-F]{8}$/),
    alreadyGranted: false,
    explanation: 'In the app: the identity policy of Registry/Builder/Resource. The app does not grant it yet: the fix goes there.',
  });
});

test('the app already grants it: the deployed state differs', () => {
  // GIVEN
  const dir = synthesized();
  // WHEN
  const d = diagnose(denied('ecr:InitiateLayerUpload', 'team-a/api'), { assembly: dir });
  // THEN
  expect(d.app?.alreadyGranted).toBe(true);
  expect(d.app?.explanation).toMatch(/The app already grants it: the deployed stack differs from the app \(deploy it\)/);
});

test('federation: the subject the token carries fails the trust policy\'s pinned subject', () => {
  // GIVEN
  const dir = synthesized();
  const text = 'Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity\n' +
    'sub: repo:acme/api:ref:refs/heads/feature-1\naud: sts.amazonaws.com';
  // WHEN
  const d = diagnose(text, { assembly: dir });
  // THEN
  expect(d.kind).toBe('federation');
  expect(d.app?.constructPath).toMatch(/^Registry\/Ci\//);
  expect(d.app?.failingConditions).toEqual([
    expect.stringMatching(/^String(Equals|Like) token\.actions\.githubusercontent\.com:sub = repo:acme\/api:ref:refs\/heads\/main.* \(the token: repo:acme\/api:ref:refs\/heads\/feature-1\)$/),
  ]);
});

test('federation: claims the trust policy accepts say the deployed role differs', () => {
  const dir = synthesized();
  const text = 'Not authorized to perform sts:AssumeRoleWithWebIdentity\n"sub": "repo:acme/api:ref:refs/heads/main", "aud": "sts.amazonaws.com"';
  const d = diagnose(text, { assembly: dir });
  expect(d.app?.failingConditions).toEqual([]);
  expect(d.app?.explanation).toMatch(/accepts the pasted claims/);
});

test('no assembly there: said, and the message\'s diagnosis stands', () => {
  const d = diagnose(denied('ecr:InitiateLayerUpload', 'team-a/web'), { assembly: path.join(tmpdir(), 'no-such-cdk-out') });
  expect(d.kind).toBe('access-denied');
  expect(d.app?.explanation).toMatch(/^No cloud assembly in .*no-such-cdk-out \(no manifest\.json\): run `cdk synth` first/);
});
