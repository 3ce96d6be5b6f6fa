import { Annotations as CoreAnnotations, App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { CreationTemplateScenario, EcrRegistry, EcrWarnings, PushableRepository } from '../../src';
import { applyLifecyclePolicy, ecrLifecycleProblems, ImageState } from '../helpers/lifecycle-evaluator';
import { logicalIdOf, registryStack } from '../helpers/scenarios';

function lifecycleText(repository: PushableRepository): string {
  const resource = Template.fromStack(Stack.of(repository)).toJSON().Resources[logicalIdOf(repository)];
  return resource.Properties.LifecyclePolicy.LifecyclePolicyText;
}

// A service that deployed `latest` a month ago and still runs it: ECS and Lambda pin the image's
// digest when they deploy, so a push that moves `latest` leaves the running image untagged.
const DEPLOYED_MONTH_AGO: Record<string, ImageState> = {
  running: { tags: [], pushedDaysAgo: 30, pulledDaysAgo: 0 }, // displaced from latest yesterday; a task started today
  latest: { tags: ['latest'], pushedDaysAgo: 1, pulledDaysAgo: 1 },
  release: { tags: ['v1.0.0'], pushedDaysAgo: 400, pulledDaysAgo: 300 },
};

describe('the default lifecycle never removes an image a deployment may still pull', () => {
  test('exactly this policy: archive untagged images not pulled for 30 days, nothing else', () => {
    // GIVEN
    const stack = new Stack();
    // WHEN
    const repository = new PushableRepository(stack, 'Repo');
    // THEN
    expect(JSON.parse(lifecycleText(repository))).toEqual({
      rules: [{
        rulePriority: 1,
        description: 'Archive untagged images not pulled for 30 days; never deletes an image or touches a tagged one',
        selection: { tagStatus: 'untagged', countType: 'sinceImagePulled', countNumber: 30, countUnit: 'days' },
        action: { type: 'transition', targetStorageClass: 'archive' },
      }],
    });
  });

  test('with mutableTags: [\'latest\'], the image a service still runs after latest moved is kept', () => {
    // GIVEN
    const stack = new Stack();
    // WHEN
    const repository = new PushableRepository(stack, 'Repo', { mutableTags: ['latest'] });
    // THEN
    expect(applyLifecyclePolicy(lifecycleText(repository), DEPLOYED_MONTH_AGO)).toEqual({ running: 'kept', latest: 'kept', release: 'kept' });
  });

  test('an untagged image nobody pulled for over 30 days is archived (restorable), never deleted; tagged images are untouched', () => {
    const repository = new PushableRepository(new Stack(), 'Repo');
    expect(applyLifecyclePolicy(lifecycleText(repository), {
      stale: { tags: [], pushedDaysAgo: 400, pulledDaysAgo: 45 },
      recent: { tags: [], pushedDaysAgo: 400, pulledDaysAgo: 29 },
      oldTagged: { tags: ['v0.1'], pushedDaysAgo: 900, pulledDaysAgo: 800 },
    })).toEqual({ stale: 'archived', recent: 'kept', oldTagged: 'kept' });
  });

  test('untaggedImageExpiry is the named opt-in to delete: untagged images archived that long after their last pull was 30 days ago', () => {
    // GIVEN
    const stack = new Stack();
    // WHEN
    const repository = new PushableRepository(stack, 'Repo', { untaggedImageExpiry: Duration.days(90) });
    // THEN ECR cannot expire by pull time (sinceImagePulled only transitions): archive first, expire from the archive
    expect(JSON.parse(lifecycleText(repository)).rules).toEqual([{
      rulePriority: 1,
      description: 'Archive untagged images not pulled for 30 days; tagged images are never touched',
      selection: { tagStatus: 'untagged', countType: 'sinceImagePulled', countNumber: 30, countUnit: 'days' },
      action: { type: 'transition', targetStorageClass: 'archive' },
    }, {
      rulePriority: 2,
      description: 'Expire untagged images archived for 90 days; tagged images are never expired',
      selection: { tagStatus: 'untagged', storageClass: 'archive', countType: 'sinceImageTransitioned', countNumber: 90, countUnit: 'days' },
      action: { type: 'expire' },
    }]);
    expect(applyLifecyclePolicy(lifecycleText(repository), DEPLOYED_MONTH_AGO)).toEqual({ running: 'kept', latest: 'kept', release: 'kept' });
    expect(applyLifecyclePolicy(lifecycleText(repository), {
      unused: { tags: [], pushedDaysAgo: 40, pulledDaysAgo: 31 },
      archivedLongAgo: { tags: [], pushedDaysAgo: 200, storageClass: 'archive', transitionedDaysAgo: 91 },
      archivedRecently: { tags: [], pushedDaysAgo: 200, storageClass: 'archive', transitionedDaysAgo: 89 },
      archivedTagged: { tags: ['v1'], pushedDaysAgo: 900, storageClass: 'archive', transitionedDaysAgo: 800 },
    })).toEqual({ unused: 'archived', archivedLongAgo: 'expired', archivedRecently: 'kept', archivedTagged: 'kept' });
  });

  test('untaggedImageArchiveAfter sets the default rule\'s delay', () => {
    const repository = new PushableRepository(new Stack(), 'Repo', { untaggedImageArchiveAfter: Duration.days(7) });
    expect(JSON.parse(lifecycleText(repository)).rules[0].selection).toEqual({ tagStatus: 'untagged', countType: 'sinceImagePulled', countNumber: 7, countUnit: 'days' });
    expect(applyLifecyclePolicy(lifecycleText(repository), {
      week: { tags: [], pushedDaysAgo: 20, pulledDaysAgo: 8 },
      yesterday: { tags: [], pushedDaysAgo: 20, pulledDaysAgo: 1 },
    })).toEqual({ week: 'archived', yesterday: 'kept' });
  });

  test.each<[string, Record<string, unknown>]>([
    ['the default', {}],
    ['the default with expiry', { untaggedImageExpiry: Duration.days(120), untaggedImageArchiveAfter: Duration.days(14) }],
    ['a mutable latest tag', { mutableTags: ['latest'] }],
  ])('ECR accepts the policy written for %s', (_, props) => {
    const repository = new PushableRepository(new Stack(), 'Repo', props);
    expect(ecrLifecycleProblems(lifecycleText(repository))).toEqual([]);
  });

  test('a creation template writes the same default as a repository', () => {
    // GIVEN
    const stack = new Stack();
    const registry = new EcrRegistry(stack, 'Registry');
    // WHEN
    registry.addCreationTemplate('TeamA', { prefix: 'team-a', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH], mutableTags: ['latest'] });
    const repository = new PushableRepository(stack, 'Repo');
    // THEN
    const template = Object.values(Template.fromStack(stack).findResources('AWS::ECR::RepositoryCreationTemplate'))[0];
    expect(template.Properties.LifecyclePolicy).toEqual(lifecycleText(repository));
  });
});

describe('addLifecycleRule', () => {
  test('adds after the default rule, as ecr.Repository does', () => {
    // GIVEN
    const repository = new PushableRepository(new Stack(), 'Repo');
    // WHEN
    repository.addLifecycleRule({ tagPatternList: ['pr-*'], maxImageAge: Duration.days(30) });
    // THEN
    const rules: Array<{ rulePriority: number; selection: { tagStatus: string } }> = JSON.parse(lifecycleText(repository)).rules;
    expect(rules.map((r) => [r.rulePriority, r.selection.tagStatus])).toEqual([[1, 'untagged'], [2, 'tagged']]);
  });

  test('is written when lifecycleRules replaced the default, with the lifecycle registry id', () => {
    const stack = new Stack();
    const repository = new PushableRepository(stack, 'Repo', { lifecycleRules: [], lifecycleRegistryId: '111111111111' });
    repository.addLifecycleRule({ tagStatus: ecr.TagStatus.UNTAGGED, maxImageCount: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      LifecyclePolicy: {
        RegistryId: '111111111111',
        LifecyclePolicyText: '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":3},"action":{"type":"expire"}}]}',
      },
    });
  });

  test('a bad rule is a synth-time error naming it', () => {
    const repository = new PushableRepository(new Stack(new App(), 'S'), 'Repo');
    expect(() => repository.addLifecycleRule({ maxImageCount: 0 }))
      .toThrow(/^Invalid PushableRepository.addLifecycleRule\(\) at 'S\/Repo' \(1 problem\):\n {2}- rule.maxImageCount: got 0: must be a whole number of at least 1/);
  });

  // ECR rejects a lifecycle policy with two rules of one priority, or with a TagStatus.ANY rule that is not
  // applied last (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html)
  const given: ecr.LifecycleRule[] = [
    { rulePriority: 1, tagStatus: ecr.TagStatus.UNTAGGED, maxImageCount: 5 },
    { rulePriority: 10, maxImageCount: 100 },
  ];
  test.each<[string, ecr.LifecycleRule[] | undefined, ecr.LifecycleRule[], string]>([
    ['a priority lifecycleRules already uses', given, [{ rulePriority: 1, tagPatternList: ['pr-*'], maxImageCount: 3 }],
      'rule.rulePriority: got 1: is already used by lifecycleRules[0]. Fix: give each rule a unique priority'],
    ['a priority an earlier addLifecycleRule() call uses', undefined, [{ rulePriority: 4, tagPatternList: ['pr-*'], maxImageCount: 3 }, { rulePriority: 4, tagPatternList: ['dev-*'], maxImageCount: 3 }],
      'rule.rulePriority: got 4: is already used by the rule of addLifecycleRule() call 1'],
    ['a second TagStatus.ANY rule', given, [{ maxImageCount: 500 }],
      'rule.tagStatus: got \'ANY\': is a second TagStatus.ANY rule beside lifecycleRules[1] (ECR allows one, applied last)'],
    ['a rule at or above the ANY rule\'s priority', given, [{ rulePriority: 12, tagPatternList: ['pr-*'], maxImageCount: 3 }],
      'rule.rulePriority: got 12: is at or above lifecycleRules[1]\'s priority 10, the TagStatus.ANY rule, which ECR applies last. Fix: give it a priority below 10'],
    ['a rule without a priority, numbered after the ANY rule\'s', given, [{ tagPatternList: ['pr-*'], maxImageCount: 3 }],
      'rule.rulePriority: is missing and would be numbered at or above lifecycleRules[1]\'s priority 10'],
    ['an ANY rule below the default rule, which is numbered after it', undefined, [{ rulePriority: 1, maxImageCount: 100 }],
      'rule.rulePriority: got 1: is not above every other rule\'s priority, and ECR applies the TagStatus.ANY rule last'],
  ])('%s: an error naming both rules', (_name, lifecycleRules, added, message) => {
    // GIVEN
    const repository = new PushableRepository(new Stack(new App(), 'S'), 'Repo', { lifecycleRules });
    // WHEN
    const add = () => added.forEach((rule) => repository.addLifecycleRule(rule));
    // THEN
    expect(add).toThrow(message);
  });

  test('a rule that fits beside lifecycleRules is added in ECR\'s order', () => {
    // GIVEN
    const repository = new PushableRepository(new Stack(new App(), 'S'), 'Repo', { lifecycleRules: given });
    // WHEN
    repository.addLifecycleRule({ rulePriority: 5, tagPatternList: ['pr-*'], maxImageCount: 3 });
    // THEN
    const rules: Array<{ rulePriority: number }> = JSON.parse(lifecycleText(repository)).rules;
    expect(rules.map((r) => r.rulePriority)).toEqual([1, 5, 10]);
  });
});

describe('rules that can expire tagged images get a warning users can acknowledge', () => {
  test.each<[string, ecr.LifecycleRule, RegExp]>([
    ['TagStatus.ANY by count', { maxImageCount: 50 }, /lifecycleRules\[0\] expires any image, tagged or not, beyond the newest 50 \(by push time\)/],
    ['tagged by age', { tagPatternList: ['pr-*'], maxImageAge: Duration.days(7) }, /lifecycleRules\[0\] expires images tagged 'pr-\*' 7 days after their push/],
    ['tagged by prefix', { tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: ['dev'], maxImageCount: 5 }, /lifecycleRules\[0\] expires images with a tag starting with 'dev' beyond the newest 5/],
  ])('%s', (_name, rule, message) => {
    // GIVEN
    const stack = new Stack();
    // WHEN
    new PushableRepository(stack, 'Repo', { lifecycleRules: [{ tagStatus: ecr.TagStatus.UNTAGGED, maxImageCount: 1 }, rule].reverse() });
    // THEN
    const warnings = Annotations.fromStack(stack).findWarning('/Default/Repo', Match.stringLikeRegexp(EcrWarnings.LIFECYCLE_EXPIRES_TAGGED_IMAGES));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(message);
    expect(warnings[0].entry.data).toMatch(/a deployment that still runs one of them[^]*cannot pull it again/);
  });

  test('untagged-only rules and the default say nothing', () => {
    const stack = new Stack();
    new PushableRepository(stack, 'Default');
    new PushableRepository(stack, 'Untagged', { lifecycleRules: [{ tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(1) }] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('addLifecycleRule and creation templates warn the same way; an acknowledgement silences it', () => {
    // GIVEN
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Repo');
    const registry = new EcrRegistry(stack, 'Registry');
    // WHEN
    repository.addLifecycleRule({ maxImageAge: Duration.days(90) });
    registry.addCreationTemplate('Cache', { prefix: 'cache', appliedFor: [CreationTemplateScenario.PULL_THROUGH_CACHE], lifecycleRules: [{ maxImageCount: 10 }] });
    const acknowledged = new PushableRepository(stack, 'Acknowledged', { lifecycleRules: [{ maxImageCount: 10 }] });
    CoreAnnotations.of(acknowledged).acknowledgeWarning(EcrWarnings.LIFECYCLE_EXPIRES_TAGGED_IMAGES, 'release images are copied to the archive account');
    // THEN
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findWarning('/Registry/Repo', Match.stringLikeRegexp('The rule added with addLifecycleRule\\(\\) expires any image, tagged or not, 90 days after'))).toHaveLength(1);
    expect(annotations.findWarning('/Registry/Registry/Cache', Match.stringLikeRegexp(EcrWarnings.LIFECYCLE_EXPIRES_TAGGED_IMAGES))).toHaveLength(1);
    expect(annotations.findWarning('/Registry/Acknowledged', Match.anyValue())).toHaveLength(0);
  });
});
