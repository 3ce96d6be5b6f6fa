import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import {
  CiProvider, CreationTemplateScenario, EcrCiPrincipal, EcrRegistry, PullThroughCacheRule, PushableRepository, RepositoryCreationTemplate,
  UpstreamRegistry,
} from '../../src';
import { isMarked, markAs } from '../../src/private/type-marker';

// The isXxx guards answer for instances of any copy of the library in one app, where `instanceof`
// is false: the mark is a global symbol, not the class.

function everyConstruct() {
  const stack = new Stack(new App(), 'Stack');
  const registry = new EcrRegistry(stack, 'Registry');
  return {
    'PushableRepository': new PushableRepository(stack, 'Repo'),
    'EcrCiPrincipal': new EcrCiPrincipal(stack, 'Ci', { provider: CiProvider.account('333333333333') }),
    'EcrRegistry': registry,
    'RepositoryCreationTemplate': registry.addCreationTemplate('Template', { prefix: 'team-a', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH] }),
    'PullThroughCacheRule': registry.addPullThroughCacheRule('Cache', { prefix: 'ecr-public', upstream: UpstreamRegistry.ecrPublic() }),
    'an ecr.Repository': new ecr.Repository(stack, 'Plain'),
    'a Construct': new Construct(stack, 'Plain2'),
  };
}

const guards: Record<string, (x: unknown) => boolean> = {
  PushableRepository: PushableRepository.isPushableRepository,
  EcrCiPrincipal: EcrCiPrincipal.isEcrCiPrincipal,
  EcrRegistry: EcrRegistry.isEcrRegistry,
  RepositoryCreationTemplate: RepositoryCreationTemplate.isRepositoryCreationTemplate,
  PullThroughCacheRule: PullThroughCacheRule.isPullThroughCacheRule,
};

describe.each(Object.keys(guards))('is%s', (className) => {
  test('true for its own instances only; false for the others, plain constructs and non-objects', () => {
    // GIVEN
    const constructs: Record<string, unknown> = everyConstruct();
    // WHEN
    const answers = Object.fromEntries(Object.entries(constructs).map(([name, x]) => [name, guards[className](x)]));
    // THEN
    expect(answers).toEqual(Object.fromEntries(Object.keys(constructs).map((name) => [name, name === className])));
    expect([undefined, null, 'PushableRepository', 42, {}].map(guards[className])).toEqual([false, false, false, false, false]);
  });

  test('true for an instance another copy of the library marked (instanceof is false there)', () => {
    // GIVEN an object of the other copy's class: only the global mark is shared
    const fromAnotherCopy = {};
    // WHEN
    Object.defineProperty(fromAnotherCopy, Symbol.for(`cdk-ecr-access.${className}`), { value: true });
    // THEN
    expect(guards[className](fromAnotherCopy)).toBe(true);
  });
});

test('markAs / isMarked: one mark per class name, not enumerable (it never shows in the construct\'s JSON)', () => {
  const thing = {};
  markAs(thing, 'Thing');
  expect([isMarked(thing, 'Thing'), isMarked(thing, 'Other'), Object.keys(thing)]).toEqual([true, false, []]);
});
