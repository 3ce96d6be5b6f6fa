import { ACCOUNTS, AppSpec, Item, ORG } from './app-spec';
import { snippet } from './build';
import { generate } from './generator';
import { AccessModel, Subject, Target } from './model';
import { REFUSALS, refusalOf } from './refusals';
import { REGRESSIONS } from './regressions';
import { runApp } from './runner';
import { withoutItem, shrink } from './shrink';
import { formatSummary, mergeSummaries, sweep, SweepSummary } from './sweep';
import { InputError } from '../../src/private/input-problems';
import { LAMBDA_PULL, PULL, PUSH } from '../helpers/expected-actions';

// Issue 13's randomized sweep: generated apps, every ECR action × principal × repository decided by
// @cloud-copilot/iam-simulate and compared with an intended-access model written here, not in src/.
// `npm test` runs the seeds below and the minimal apps earlier sweeps found (about 11 s of one
// worker together); `npm run sweep -- --apps 1000` runs more and shrinks each kind of mismatch.
// Mismatches: over-grants (allowed, not intended), under-grants (intended, denied), crashes (synth
// throws on valid input), and silent ones (a side the app cannot write, with no warning naming it);
// an app the library refuses with one of its listed errors (refusals.ts) is neither.

/** Seeds 1–30: the apps `npm test` sweeps. A failure names the seed: `npm run sweep -- --apps 1 --seed <seed>` reproduces it. */
const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);

describe('sweep', () => {
  test(`seeds ${SEEDS[0]}–${SEEDS[SEEDS.length - 1]}: no over-grant, no under-grant, no crash, no silent missing side`, async () => {
    // GIVEN / WHEN
    const summary = await sweep(SEEDS);

    // THEN
    console.log(`sweep: ${formatSummary(summary)}`);
    expect(summary.decisions).toBeGreaterThan(10_000);
    expect(summary.allowed).toBeGreaterThan(0);
    expect(summary.signatures.map((s) => `[${s.category}] ${s.signature} — seeds ${s.seeds.join(', ')} ` +
      `(npm run sweep -- --apps 1 --seed ${s.seeds[0]}); ${s.example}`)).toEqual([]);
  });

  test.each(REGRESSIONS.map((r) => [r.name, r] as const))('%s', async (_name, { spec, refused }) => {
    // WHEN
    const result = await runApp(spec);

    // THEN
    expect(result.mismatches.map((m) => `${m.signature}: ${m.example}`)).toEqual([]);
    expect(result.refused).toEqual(refused);
    if (!refused) expect(result.decisions).toBeGreaterThan(0);
  });
});

test('summaries of batches of seeds add up, a signature once with the seeds of every batch', () => {
  // GIVEN
  const batch = (seed: number, over: number): SweepSummary => ({
    apps: 2,
    decisions: 100,
    allowed: 10,
    ms: 5,
    appsWith: { over, under: 0, crash: 0, silent: 0 },
    signatures: over ? [{ signature: 'over: x', category: 'over', seeds: [seed], instances: 3, example: `seed ${seed}` }] : [],
    refused: over ? {} : { 'a cycle': [seed + 1] },
  });

  // WHEN
  const merged = mergeSummaries([batch(1, 1), batch(3, 0), batch(5, 1)]);

  // THEN
  expect(merged).toMatchObject({ apps: 6, decisions: 300, allowed: 30, ms: 15, appsWith: { over: 2 } });
  expect(merged.signatures).toEqual([{ signature: 'over: x', category: 'over', seeds: [1, 5], instances: 6, example: 'seed 1' }]);
  expect(merged.refused).toEqual({ 'a cycle': [4] });
  expect(formatSummary(merged)).toContain('refused with the library\'s clear error (not a mismatch): a cycle — 1 app(s); seeds 4');
});

describe('refusals', () => {
  const cycle = 'EcrCiPrincipal at \'Registry/Ci2\' trusts the IAM OIDC provider for https://x.example that \'Shared/OidcProvider-x\' creates in stack \'Shared\' '
    + '(…), but stack \'Shared\' already deploys after \'Registry\' (…). Fix: create the provider once (…)';
  const failed = (...messages: string[]) => new Error(`Validation failed with the following errors:\n  ${messages.join('\n  ')}`);

  test.each([
    ['the library\'s listed validation message', failed(`[Registry/Ci2] ${cycle}`), REFUSALS[0].name],
    ['an InputError with a listed message', new InputError(cycle), REFUSALS[0].name],
    ['a listed message beside an unlisted one', failed(`[Registry/Ci2] ${cycle}`, '[Registry/X] something else'), undefined],
    ['an InputError nobody listed', new InputError('Invalid PushableRepository props (1 problem)'), undefined],
    ['aws-cdk-lib\'s own error with the same words', new Error(cycle), undefined],
    ['not an Error', cycle, undefined],
  ])('%s', (_name, error, expected) => {
    expect(refusalOf(error)?.name).toEqual(expected);
  });
});

describe('generator', () => {
  test('a seed always gives the same app', () => {
    expect(generate(42)).toEqual(generate(42));
    expect(generate(42)).not.toEqual(generate(43));
  });

  test('over 200 seeds, every kind of item, repository, consumer and provider appears', () => {
    // GIVEN
    const items = Array.from({ length: 200 }, (_, i) => generate(i + 1).items).flat();

    // THEN
    const kinds = new Set(items.map((i) => i.kind));
    expect([...kinds].sort()).toEqual(['allowAccount', 'allowLambdaPull', 'allowOrganizationPull', 'ci', 'ciCreate', 'ciCreateOnPush', 'ciNamespace',
      'ciRepo', 'consumer', 'grant', 'importedRole', 'registry', 'registryAllow', 'repo', 'role', 'service', 'template', 'templateAllow']);
    expect(new Set(items.flatMap((i) => (i.kind === 'repo' ? [i.type] : [])))).toEqual(new Set(['pushable', 'plain', 'fromName', 'fromArn']));
    expect(new Set(items.flatMap((i) => (i.kind === 'consumer' ? [i.consumer] : [])))).toEqual(new Set(['fargate', 'ec2', 'lambda', 'codebuild', 'batch', 'pipeline']));
    expect(new Set(items.flatMap((i) => (i.kind === 'ci' ? [i.provider.type] : [])))).toEqual(new Set(['gitHubActions', 'gitLab', 'codeBuild', 'account', 'oidc']));
    expect(new Set(items.flatMap((i) => (i.kind === 'grant' ? [i.method] : [])))).toEqual(new Set(['grantPull', 'grantPush', 'grantPullPush', 'grant']));
  });

  test('a repository of the app used from another environment is given a name', () => {
    // GIVEN: seeds whose apps use an owned repository from another account or region
    const crossing = Array.from({ length: 200 }, (_, i) => generate(i + 1)).filter((spec) => spec.items.some((i) => i.kind === 'repo' && i.name?.startsWith('named/')));

    // THEN
    expect(crossing.length).toBeGreaterThan(0);
  });
});

// The model on hand-written apps, with the answers the README gives.
describe('intended-access model', () => {
  const repo: Item = { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry', name: 'team-a/api' };
  const target = (name: string, account: string = ACCOUNTS.A, createdBy?: string): Target => ({ key: name, label: name, account, region: 'us-east-1', name, createdBy });
  const subject = (key: string, kind: Subject['kind'], account?: string, context: Record<string, string> = {}): Subject => ({ key, label: key, kind, account, context });
  const model = (items: Item[]) => AccessModel.of({ seed: 0, items }, { repositoryNames: new Map(), functionArns: new Map([['k1', `arn:aws:lambda:us-east-1:${ACCOUNTS.B}:function:fn-k1`]]) });
  const decide = (m: AccessModel, s: Subject, actions: readonly string[], t: Target | '*') => [...new Set(actions.map((a) => m.decide(s, a, t).kind))];

  test('grantPull to a role of another account: login, the pull set on the repository, both sides; nothing else', async () => {
    // GIVEN
    const m = await model([repo, { kind: 'role', id: 'p1', stack: 'Workload' }, { kind: 'grant', id: 'o1', repo: 'r1', grantee: 'p1', method: 'grantPull' }]);
    const role = subject('role:p1', 'role', ACCOUNTS.B);

    // THEN
    expect(decide(m, role, ['ecr:GetAuthorizationToken'], '*')).toEqual(['allow']);
    expect(decide(m, role, PULL, target('team-a/api'))).toEqual(['allow']);
    expect(decide(m, role, ['ecr:PutImage', 'ecr:DeleteRepository'], target('team-a/api'))).toEqual(['deny']);
    expect(decide(m, role, PULL, target('team-a/web'))).toEqual(['deny']);
    // an unnamed role is trusted by its tag: another role carrying it may get in, which the README says
    expect(decide(m, { ...subject('impostor:role:p1', 'impostor', ACCOUNTS.B), impostorOf: 'role:p1' }, PULL, target('team-a/api'))).toEqual(['may']);
    expect(decide(m, subject('admin:B', 'admin', ACCOUNTS.B), PULL, target('team-a/api'))).toEqual(['deny']);
  });

  test('allowAccountPull and allowOrganizationPull: the account and the members, both with their own identity policy', async () => {
    // GIVEN
    const m = await model([repo, { kind: 'allowAccount', id: 'o1', repo: 'r1', verb: 'Pull', account: 'C' }, { kind: 'allowOrganizationPull', id: 'o2', repo: 'r1' }]);

    // THEN
    expect(decide(m, subject('admin:C', 'admin', ACCOUNTS.C), PULL, target('team-a/api'))).toEqual(['allow']);
    expect(decide(m, subject('admin:C', 'admin', ACCOUNTS.C), ['ecr:PutImage'], target('team-a/api'))).toEqual(['deny']);
    expect(decide(m, subject(`docs:${ACCOUNTS.C}`, 'docs', ACCOUNTS.C), PULL, target('team-a/api'))).toEqual(['allow']);
    expect(decide(m, subject('admin:M', 'admin', ACCOUNTS.M, { 'aws:PrincipalOrgID': ORG }), PULL, target('team-a/api'))).toEqual(['allow']);
    expect(decide(m, subject('admin:X', 'admin', ACCOUNTS.X, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' }), PULL, target('team-a/api'))).toEqual(['deny']);
  });

  test('a Lambda function of another account: the service for that account and that function, and the account itself, for the two Lambda actions', async () => {
    // GIVEN
    const m = await model([repo, { kind: 'consumer', id: 'k1', stack: 'Workload', repo: 'r1', consumer: 'lambda' }]);
    const lambda = (account: string, fn: string) => ({ ...subject(`lambda|${account}|${fn}`, 'service', undefined, { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:lambda:us-east-1:${account}:function:${fn}` }), service: 'lambda.amazonaws.com' });

    // THEN
    expect(decide(m, lambda(ACCOUNTS.B, 'fn-k1'), LAMBDA_PULL, target('team-a/api'))).toEqual(['allow']);
    expect(decide(m, lambda(ACCOUNTS.B, 'other'), LAMBDA_PULL, target('team-a/api'))).toEqual(['may']);
    expect(decide(m, lambda(ACCOUNTS.X, 'fn-k1'), LAMBDA_PULL, target('team-a/api'))).toEqual(['deny']);
    expect(decide(m, subject('admin:B', 'admin', ACCOUNTS.B), LAMBDA_PULL, target('team-a/api'))).toEqual(['allow']);
    expect(decide(m, subject('admin:B', 'admin', ACCOUNTS.B), ['ecr:PutImage'], target('team-a/api'))).toEqual(['deny']);
  });

  test('a CI principal pulling a repository imported from another account: denied until its owner adds the statement, and synth must say so', async () => {
    // GIVEN
    const m = await model([
      { kind: 'repo', id: 'r1', type: 'fromArn', stack: 'Registry', account: 'C', region: 'us-east-1', name: 'base/node' },
      { kind: 'ci', id: 'ci1', stack: 'Registry', provider: { type: 'codeBuild' }, pull: ['r1'] },
    ]);

    // THEN
    expect(m.decide(subject('role:ci1', 'role', ACCOUNTS.A), 'ecr:BatchGetImage', target('base/node', ACCOUNTS.C))).toEqual({ kind: 'pending', mentions: ['base/node'] });
    expect(decide(m, subject('role:ci1', 'role', ACCOUNTS.A), PUSH.filter((a) => !PULL.includes(a)), target('base/node', ACCOUNTS.C))).toEqual(['deny']);
  });

  test('grant with a pattern: the repository actions it matches, and login on * when it matches login; registry actions only when named', async () => {
    // GIVEN
    const m = await model([repo, { kind: 'role', id: 'p1', stack: 'Registry' },
      { kind: 'grant', id: 'o1', repo: 'r1', grantee: 'p1', method: 'grant', actions: ['ecr:Get*', 'ecr:DescribeRegistry'] }]);
    const role = subject('role:p1', 'role', ACCOUNTS.A);

    // THEN
    expect(decide(m, role, ['ecr:GetAuthorizationToken', 'ecr:DescribeRegistry'], '*')).toEqual(['allow']);
    expect(decide(m, role, ['ecr:GetRegistryPolicy', 'ecr:PutRegistryPolicy'], '*')).toEqual(['deny']);
    expect(decide(m, role, ['ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:GetLifecyclePolicy'], target('team-a/api'))).toEqual(['allow']);
    expect(decide(m, role, ['ecr:BatchGetImage', 'ecr:DescribeImages'], target('team-a/api'))).toEqual(['deny']);
  });

  test('registry and creation template grants cover the namespace (and what the template creates), not look-alikes', async () => {
    // GIVEN
    const m = await model([
      { kind: 'registry', id: 'y1', stack: 'Registry' },
      { kind: 'registryAllow', id: 'o1', registry: 'y1', verb: 'Push', account: 'B', prefix: 'team-a' },
      { kind: 'template', id: 't1', registry: 'y1', prefix: 'base', appliedFor: ['CREATE_ON_PUSH'] },
      { kind: 'templateAllow', id: 'o2', template: 't1', verb: 'Pull', account: 'C' },
    ]);

    // THEN
    expect(decide(m, subject('admin:B', 'admin', ACCOUNTS.B), PUSH, target('team-a/new'))).toEqual(['allow']);
    expect(decide(m, subject('admin:B', 'admin', ACCOUNTS.B), PUSH, target('team-ax/new'))).toEqual(['deny']);
    expect(decide(m, subject('admin:C', 'admin', ACCOUNTS.C), PULL, target('base/new', ACCOUNTS.A, 't1'))).toEqual(['allow']);
    expect(decide(m, subject('admin:C', 'admin', ACCOUNTS.C), PULL, target('base/new'))).toEqual(['deny']);
  });

  test('an organization grant in the registry: a role of the app pulling across accounts may or may not be a member; outsiders are decided', async () => {
    // GIVEN: a CodeBuild project of account B pulls an imported repository of account A, whose registry lets the organization pull
    const m = await model([
      { kind: 'repo', id: 'r1', type: 'fromName', stack: 'Registry', name: 'team-a/web' },
      { kind: 'registry', id: 'y1', stack: 'Registry' },
      { kind: 'registryAllow', id: 'o1', registry: 'y1', verb: 'OrgPull' },
      { kind: 'consumer', id: 'k1', stack: 'Edge', repo: 'r1', consumer: 'codebuild' },
    ]);
    const project = subject('role:k1', 'role', ACCOUNTS.B);

    // THEN: the owner's side is written under a condition the app cannot decide: tolerated, and no warning owed
    expect(decide(m, project, PULL, target('team-a/web'))).toEqual(['may']);
    expect(decide(m, project, ['ecr:PutImage'], target('team-a/web'))).toEqual(['deny']);
    expect(decide(m, subject('admin:M', 'admin', ACCOUNTS.M, { 'aws:PrincipalOrgID': ORG }), PULL, target('team-a/web'))).toEqual(['allow']);
    expect(decide(m, subject('admin:X', 'admin', ACCOUNTS.X, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' }), PULL, target('team-a/web'))).toEqual(['deny']);
    // without the organization grant, the same pull is the owner's to add, and synth must say so
    const without = await model([
      { kind: 'repo', id: 'r1', type: 'fromName', stack: 'Registry', name: 'team-a/web' },
      { kind: 'consumer', id: 'k1', stack: 'Edge', repo: 'r1', consumer: 'codebuild' },
    ]);
    expect(decide(without, project, PULL, target('team-a/web'))).toEqual(['pending']);
  });
});

describe('shrinker', () => {
  const spec: AppSpec = {
    seed: 0,
    items: [
      { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry', name: 'team-a/api' },
      { kind: 'repo', id: 'r2', type: 'pushable', stack: 'Registry', name: 'base/node' },
      { kind: 'role', id: 'p1', stack: 'Workload', roleName: 'puller' },
      { kind: 'ci', id: 'ci1', stack: 'Registry', provider: { type: 'codeBuild' }, push: ['r1', 'r2'], fold: ['team-a/'] },
      { kind: 'grant', id: 'o1', repo: 'r2', grantee: 'p1', method: 'grantPull' },
      { kind: 'allowLambdaPull', id: 'o2', repo: 'r1', accounts: ['A', 'B'], pattern: 'fn-*' },
    ],
  };

  test('dropping an item drops what refers to it', () => {
    expect(withoutItem(spec, 'r2').items.map((i) => i.id)).toEqual(['r1', 'p1', 'ci1', 'o2']);
    expect(withoutItem(spec, 'r2').items.find((i) => i.id === 'ci1')).toMatchObject({ push: ['r1'] });
  });

  test('keeps only the items and settings the failure needs', async () => {
    // GIVEN: a failure that needs a Lambda pull for account B on a repository
    const fails = async (s: AppSpec) => s.items.some((i) => i.kind === 'allowLambdaPull' && (i.accounts ?? []).includes('B'));

    // WHEN
    const { spec: minimal } = await shrink(spec, fails);

    // THEN
    expect(minimal.items).toEqual([
      { kind: 'repo', id: 'r1', type: 'pushable', stack: 'Registry', name: undefined },
      { kind: 'allowLambdaPull', id: 'o2', repo: 'r1', accounts: ['B'], pattern: undefined },
    ]);
    expect(snippet(minimal)).toContain('r1.allowLambdaPull({ accounts: [\'222222222222\'] });');
  });
});
