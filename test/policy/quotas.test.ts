import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CiProvider, EcrCiPrincipal, PushableRepository } from '../../src';
import { Json, SynthesizedApp } from '../helpers/assembly';
import { PULL, PUSH } from '../helpers/expected-actions';
import { AccessOracle } from '../helpers/oracle';
import { OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// Size awareness at synth: identity statements spread over inline and managed policies within IAM's
// quotas, repository policies packed when they would be over ECR's, and synth failing (not the
// deployment) with the quota, the size and the fix when nothing fits. Sizes are checked here on the
// synthesized templates, resolved to the values AWS sees, as IAM counts them (no whitespace).

const github = CiProvider.gitHubActions({ owner: 'acme', repository: 'platform', branches: ['main'] });
const size = (document: Json) => JSON.stringify(document).length;
/** Names of 7 + 150 + digits characters: a few dozen repositories fill a policy. */
const longName = (i: number) => `team-a/${'x'.repeat(150)}-${i}`;

function ciWithRepositories(count: number, name = longName) {
  const app = new App();
  const stack = registryStack(app, 'Ci');
  const ci = new EcrCiPrincipal(stack, 'Ci', { provider: github });
  const repositories = Array.from({ length: count }, (_, i) => ecr.Repository.fromRepositoryName(stack, `Repo${i}`, name(i)));
  for (const repository of repositories) ci.allowPush(repository);
  return { app, stack, ci, repositories };
}

/** The identity policies attached to the CI role, by kind, with their sizes as deployed. */
function rolePolicies(synthesized: SynthesizedApp, stack: Stack) {
  const info = synthesized.stackOf(stack);
  const of = (type: string) => synthesized.resources(type)
    .map(({ resource, logicalId }) => ({ logicalId, size: size(synthesized.resolve(info, resource.Properties.PolicyDocument)) }));
  return { inline: of('AWS::IAM::Policy'), managed: of('AWS::IAM::ManagedPolicy') };
}

describe('identity statements over the inline quota go to managed policies, each filled to its quota', () => {
  const { app, stack, ci, repositories } = ciWithRepositories(120);
  const synthesized = new SynthesizedApp(app);
  const { inline, managed } = rolePolicies(synthesized, stack);

  test('DefaultPolicy and EcrLoginPolicy within 10,240 together; three OverflowPolicy managed policies within 6,144 each', () => {
    expect(inline.map((p) => p.logicalId.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['CiRoleDefaultPolicy', 'CiRoleEcrLoginPolicy']);
    const inlineTotal = inline.reduce((n, p) => n + p.size, 0);
    expect(inlineTotal).toBeLessThanOrEqual(10_240);
    expect(inlineTotal).toBeGreaterThan(9_000);
    expect(managed.map((p) => p.logicalId.replace(/[0-9A-F]{8}$/, ''))).toEqual(['CiRoleOverflowPolicy1', 'CiRoleOverflowPolicy2', 'CiRoleOverflowPolicy3']);
    for (const policy of managed) expect(policy.size).toBeLessThanOrEqual(6_144);
    expect(managed[0].size).toBeGreaterThan(5_800);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: 'Part of the policies for Ci/Ci/Role',
      Roles: [{ Ref: Match.stringLikeRegexp('^CiRole') }],
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('each repository once, in one statement per policy with the push actions, sorted', () => {
    const info = synthesized.stackOf(stack);
    const statements = [...synthesized.resources('AWS::IAM::Policy'), ...synthesized.resources('AWS::IAM::ManagedPolicy')]
      .flatMap(({ resource }) => synthesized.resolve(info, resource.Properties.PolicyDocument).Statement)
      .filter((s: Json) => s.Resource !== '*');
    expect(statements).toHaveLength(4);
    for (const statement of statements) expect(statement.Action).toEqual(PUSH);
    const listed = statements.flatMap((s: Json) => s.Resource);
    expect(listed).toHaveLength(120);
    expect(new Set(listed).size).toBe(120);
    for (const statement of statements) expect(statement.Resource).toEqual([...statement.Resource].sort());
  });

  test('oracle: repositories from each of the four policies allowed, a sibling and another account denied', async () => {
    const oracle = new AccessOracle(synthesized);
    const role = oracle.principal(ci.role);
    expect(role.identityPolicies).toHaveLength(5);
    const arn = (name: string, account = REGISTRY_ACCOUNT) => `arn:aws:ecr:${REGION}:${account}:repository/${name}`;
    // every repository is listed (test above); the evaluator confirms a sample spread over all four policies
    for (const repository of repositories.filter((_, i) => i % 20 === 0 || i === repositories.length - 1)) {
      await expect(oracle.decide(role, 'ecr:PutImage', oracle.externalRepository(arn(repository.repositoryName)))).resolves.toBe('Allowed');
    }
    for (const outside of [arn(longName(120)), arn('team-b/x'), arn(longName(0), OTHER_ACCOUNT)]) {
      await expect(oracle.decide(role, 'ecr:PutImage', oracle.externalRepository(outside))).resolves.toBe('ImplicitlyDenied');
    }
  });
});

describe('synth fails, naming the quota, the size and the fix', () => {
  /** The CI role with one overflow policy and `extra` AWS managed policies attached by hand. */
  function withManagedPolicies(extra: number) {
    const built = ciWithRepositories(50);
    for (let i = 0; i < extra; i++) built.ci.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(`Policy${i}`));
    return built;
  }

  test('more than 20 managed policies for one role (the overflow policies count with those attached by hand)', () => {
    const { app } = withManagedPolicies(20);
    expect(() => app.synth()).toThrow(new RegExp(
      "The role 'Ci/Ci/Role' has 21 managed policies attached, over IAM's maximum of 20 per role [^]*" +
      "Fix: grant namespaces instead of listing repositories one by one: EcrCiPrincipal.allowPushToNamespace\\('team-a/'\\)[^]*foldIntoNamespaces"));
  });

  test('more than 10: a warning, since the quota can be raised to 20', () => {
    const { stack } = withManagedPolicies(10);
    Annotations.fromStack(stack).hasWarning('/Ci/Ci/Role', Match.stringLikeRegexp(
      "has 11 managed policies attached; IAM allows 10 per role unless the account's quota \"Managed policies per role\" was raised \\(up to 20\\)[^]*" +
      'cdk-ecr-access:managedPolicyQuota'));
  });

  test('inline policies of a role over 10,240 together (a large policy attached by hand)', () => {
    const { app, stack, ci } = ciWithRepositories(1);
    ci.role.attachInlinePolicy(new iam.Policy(stack, 'Handwritten', {
      statements: Array.from({ length: 60 }, (_, i) => new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`arn:aws:s3:::bucket-${i}/${'k'.repeat(150)}`] })),
    }));
    expect(() => app.synth()).toThrow(/The role 'Ci\/Ci\/Role': its inline policies add up to 1[0-9],[0-9]{3} characters at most, over IAM's quota of 10,240 for all inline policies of a role together\. Fix: grant namespaces/);
  });

  test('a user\'s inline policies over 2,048 (PushableRepository grants to a plain iam.User)', () => {
    const app = new App();
    const stack = registryStack(app);
    const user = new iam.User(stack, 'Deployer');
    for (let i = 0; i < 12; i++) new PushableRepository(stack, `Repo${i}`, { repositoryName: `team-a/${'y'.repeat(100)}-${i}` }).grantPull(user);
    expect(() => app.synth()).toThrow(/The user 'Registry\/Deployer': its inline policies add up to [2-9],[0-9]{3} characters at most, over IAM's quota of 2,048/);
  });

  test('a repository policy over 10,240 even with its statements merged', () => {
    const app = new App();
    const repository = new PushableRepository(registryStack(app), 'Base', { repositoryName: 'base/node' });
    for (let i = 0; i < 400; i++) repository.allowAccountPull(String(100000000000 + i));
    expect(() => app.synth()).toThrow(new RegExp(
      "The repository policy of 'Registry/Base' is 1[0-9],[0-9]{3} characters at most \\(statements with the same actions and conditions merged\\), " +
      "over ECR's quota of 10,240 per repository policy\\. Fix: trust an AWS Organization \\(allowOrganizationPull[^]*registry policy"));
  });
});

describe('a repository policy that would be over 10,240 is packed: one statement per action set, every principal in it', () => {
  const app = new App();
  const stack = registryStack(app);
  const repository = new PushableRepository(stack, 'Base', { repositoryName: 'base/node' });
  const accounts = Array.from({ length: 80 }, (_, i) => String(100000000000 + i));
  for (const account of accounts) repository.allowAccountPull(account);
  repository.allowAccountPush(accounts[0]);
  const synthesized = new SynthesizedApp(app);
  const info = synthesized.stackOf(stack);
  const policy = synthesized.resolve(info, synthesized.resources('AWS::ECR::Repository')[0].resource.Properties.RepositoryPolicyText);

  test('two statements (pull for 80 accounts, push for one), no Sids, within the quota', () => {
    expect(policy.Statement).toEqual([
      { Action: PULL, Effect: 'Allow', Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) } },
      { Action: PUSH, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accounts[0]}:root` } },
    ]);
    expect(size(policy)).toBeLessThanOrEqual(10_240);
  });

  test('a small policy keeps one statement per grant, with its Sid', () => {
    const small = new PushableRepository(registryStack(new App()), 'Small', { repositoryName: 'base/small' });
    small.allowAccountPull(accounts[0]);
    small.allowAccountPull(accounts[1]);
    const logicalId = Stack.of(small).resolve((small.node.defaultChild as ecr.CfnRepository).logicalId);
    const text = Template.fromStack(Stack.of(small)).toJSON().Resources[logicalId].Properties.RepositoryPolicyText;
    expect(text.Statement.map((s: Json) => s.Sid)).toEqual([`AllowPullFromAccount${accounts[0]}`, `AllowPullFromAccount${accounts[1]}`]);
  });

  test('oracle: the same access as before packing: each account pulls, the first also pushes, others nothing', async () => {
    const oracle = new AccessOracle(synthesized);
    const repo = oracle.repository(repository);
    const principal = (account: string) => oracle.external(`arn:aws:iam::${account}:role/puller`, [{
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecr:*'], Resource: '*' }],
    }]);
    for (const account of [accounts[0], accounts[41], accounts[79]]) {
      await expect(oracle.decide(principal(account), 'ecr:BatchGetImage', repo)).resolves.toBe('Allowed');
    }
    await expect(oracle.decide(principal(accounts[0]), 'ecr:PutImage', repo)).resolves.toBe('Allowed');
    await expect(oracle.decide(principal(accounts[1]), 'ecr:PutImage', repo)).resolves.toBe('ImplicitlyDenied');
    await expect(oracle.decide(principal(OTHER_ACCOUNT), 'ecr:BatchGetImage', repo)).resolves.toBe('ImplicitlyDenied');
  });
});
