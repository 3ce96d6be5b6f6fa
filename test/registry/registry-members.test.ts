import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CreationTemplateScenario, EcrRegistry, PullThroughCacheRule, RepositoryCreationTemplate, UpstreamRegistry } from '../../src';
import { InputProblems } from '../../src/private/input-problems';
import { checkRegistry, claimNamespace, registryMembers } from '../../src/registry/registry-members';
import { REGION, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Templates and cache rules join their registry wherever they are created; the registry and the
// other members find them there, and ECR's one-per-prefix rule is kept per registry.

function registryIn(app: App, id = 'Platform', account = REGISTRY_ACCOUNT, region = REGION): EcrRegistry {
  return new EcrRegistry(new Stack(app, id, { env: { account, region } }), 'Registry');
}

test('members of a registry, in the order they joined, wherever in the tree they were created', () => {
  // GIVEN
  const app = new App();
  const registry = registryIn(app);
  const elsewhere = new Construct(Stack.of(registry), 'Elsewhere');
  // WHEN
  const cache = registry.addPullThroughCacheRule('Cache', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() });
  const template = new RepositoryCreationTemplate(elsewhere, 'Template', { registry, prefix: 'team-a', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] });
  // THEN
  expect(registryMembers(registry)).toEqual([cache, template]);
  expect(registryMembers(registryIn(app, 'Other', WORKLOAD_ACCOUNT))).toEqual([]);
  expect(registry.creationTemplateFor('team-a/api', CreationTemplateScenario.CREATE_ON_PUSH)).toBe(template);
});

test('a namespace claimed twice for one kind is refused, naming the first; another kind or registry may claim it', () => {
  // GIVEN
  const app = new App();
  const registry = registryIn(app);
  const problems = new InputProblems('test');
  // WHEN
  claimNamespace(registry, problems, 'prefix', 'team-a', 'creation template');
  claimNamespace(registry, problems, 'prefix', 'team-a', 'pull-through cache rule');
  claimNamespace(registryIn(app, 'Dr', REGISTRY_ACCOUNT, 'eu-west-1'), problems, 'prefix', 'team-a', 'creation template');
  claimNamespace(registry, problems, 'prefix', 'team-a/', 'creation template');
  // THEN
  expect(() => problems.throwIfAny()).toThrow(/\(1 problem\):\n {2}- prefix: got 'team-a\/': already has a creation template in this registry \('Platform\/Registry\/team-a'\); ECR keeps one per prefix. Fix: change 'Platform\/Registry\/team-a' instead$/);
});

describe('checkRegistry', () => {
  test.each<[string, (app: App) => [Construct, unknown], RegExp | undefined]>([
    ['the registry of the member\'s stack', (app) => { const r = registryIn(app); return [new Construct(Stack.of(r), 'M'), r]; }, undefined],
    ['none', (app) => [new Construct(new Stack(app, 'S'), 'M'), undefined],
      /registry: is missing and must name the registry it belongs to. Fix: pass the EcrRegistry, or create it with registry.addCreationTemplate\(id, options\)/],
    ['not a registry', (app) => [new Construct(new Stack(app, 'S'), 'M'), 'Platform/Registry'], /registry: got 'Platform\/Registry': must name the registry it belongs to/],
    ['a registry of another account', (app) => [new Construct(new Stack(app, 'S', { env: { account: WORKLOAD_ACCOUNT, region: REGION } }), 'M'), registryIn(app)],
      /registry: got 'Platform\/Registry': is the registry of account 111111111111 in us-east-1, but this is in stack 'S' \(account 222222222222 in us-east-1\), whose registry it would configure. Fix: create it in a stack of the registry's account and region, e\.g\. with registry\.addCreationTemplate/],
    ['a registry of another region', (app) => [new Construct(new Stack(app, 'S', { env: { account: REGISTRY_ACCOUNT, region: 'eu-west-1' } }), 'M'), registryIn(app)],
      /is the registry of account 111111111111 in us-east-1, but this is in stack 'S' \(account 111111111111 in eu-west-1\)/],
  ])('%s', (_name, build, message) => {
    // GIVEN
    const [member, registry] = build(new App());
    const problems = new InputProblems('test');
    // WHEN
    const checked = checkRegistry(problems, member, registry as EcrRegistry, 'addCreationTemplate');
    // THEN
    if (message) expect(() => problems.throwIfAny()).toThrow(message);
    else expect([problems.count, checked]).toEqual([0, registry]);
  });

  test('a member created outside its registry\'s environment is refused with its other problems', () => {
    const app = new App();
    const registry = registryIn(app);
    const other = new Stack(app, 'Other', { env: { account: WORKLOAD_ACCOUNT, region: REGION } });
    expect(() => new PullThroughCacheRule(other, 'Cache', { registry, prefix: 'x', upstream: UpstreamRegistry.ecrPublic() }))
      .toThrow(/^Invalid PullThroughCacheRule props at 'Other\/Cache' \(2 problems\):\n {2}- registry: [^]*\n {2}- prefix: got 'x': is 1 characters long/);
  });
});
