import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import {
  CreationTemplateScenario, EcrRegistry, EcrWarnings, ImageLifecycleRule, ImageStorageClass, LifecycleAction, LifecycleCountType, PushableRepository,
} from '../../src';
import { applyLifecyclePolicy, ecrLifecycleProblems } from '../helpers/lifecycle-evaluator';
import { logicalIdOf } from '../helpers/scenarios';

function lifecycleText(repository: PushableRepository): string {
  return Template.fromStack(Stack.of(repository)).toJSON().Resources[logicalIdOf(repository)].Properties.LifecyclePolicy.LifecyclePolicyText;
}

const ARCHIVE_UNPULLED: ImageLifecycleRule = { countType: LifecycleCountType.SINCE_IMAGE_PULLED, countNumber: 90, action: LifecycleAction.ARCHIVE };
const EXPIRE_ARCHIVED: ImageLifecycleRule = {
  countType: LifecycleCountType.SINCE_IMAGE_TRANSITIONED, countNumber: 365, action: LifecycleAction.EXPIRE,
};

describe('the independent ECR validator of the tests agrees with AWS\'s documented cases', () => {
  // https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html, "Combining archive and expire rules"
  test('AWS\'s archive-then-expire example is accepted', () => {
    expect(ecrLifecycleProblems(JSON.stringify({
      rules: [
        { rulePriority: 1, selection: { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 90 }, action: { type: 'transition', targetStorageClass: 'archive' } },
        { rulePriority: 2, selection: { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 365 }, action: { type: 'expire' } },
      ],
    }))).toEqual([]);
  });

  // each from lifecycle_policy_parameters.html / lifecycle_policy_examples.html / archive-image.html, and
  // the null case from cloudposse/terraform-aws-ecr#159 (InvalidParameterException)
  test.each<[string, object]>([
    ['sinceImagePulled cannot expire', { selection: { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 30 }, action: { type: 'expire' } }],
    ['archived images are kept 90 days', { selection: { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 30 }, action: { type: 'expire' } }],
    ['sinceImageTransitioned needs the archive class', { selection: { tagStatus: 'any', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 120 }, action: { type: 'expire' } }],
    ['imageCountMoreThan only on standard', { selection: { tagStatus: 'any', storageClass: 'archive', countType: 'imageCountMoreThan', countNumber: 5 }, action: { type: 'expire' } }],
    ['sinceImageTransitioned only expires', { selection: { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 120 }, action: { type: 'transition', targetStorageClass: 'archive' } }],
    ['transition needs targetStorageClass', { selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 }, action: { type: 'transition' } }],
    ['countUnit only with day counts', { selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countUnit: 'days', countNumber: 5 }, action: { type: 'expire' } }],
    ['countNumber of zero', { selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 0 }, action: { type: 'expire' } }],
    ['a null key', { selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 }, action: { type: 'expire', targetStorageClass: null } }],
  ])('rejected: %s', (_, rule) => {
    expect(ecrLifecycleProblems(JSON.stringify({ rules: [{ rulePriority: 1, ...rule }] }))).not.toEqual([]);
  });
});

describe('imageLifecycleRules', () => {
  test('write AWS\'s archive-then-expire example, which ECR accepts', () => {
    // GIVEN
    const stack = new Stack();
    // WHEN
    const repository = new PushableRepository(stack, 'Repo', { imageLifecycleRules: [ARCHIVE_UNPULLED, EXPIRE_ARCHIVED] });
    // THEN
    expect(JSON.parse(lifecycleText(repository))).toEqual({
      rules: [
        { rulePriority: 1, selection: { tagStatus: 'any', countType: 'sinceImagePulled', countNumber: 90, countUnit: 'days' }, action: { type: 'transition', targetStorageClass: 'archive' } },
        { rulePriority: 2, selection: { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countNumber: 365, countUnit: 'days' }, action: { type: 'expire' } },
      ],
    });
    expect(ecrLifecycleProblems(lifecycleText(repository))).toEqual([]);
  });

  test('what the policy does: pulled images stay, unpulled ones are archived, long-archived ones deleted', () => {
    const repository = new PushableRepository(new Stack(), 'Repo', { imageLifecycleRules: [ARCHIVE_UNPULLED, EXPIRE_ARCHIVED] });
    expect(applyLifecyclePolicy(lifecycleText(repository), {
      pulledToday: { tags: ['v1'], pushedDaysAgo: 800, pulledDaysAgo: 0 },
      unpulled: { tags: ['v2'], pushedDaysAgo: 400, pulledDaysAgo: 91 },
      archivedYearAgo: { tags: ['v0'], pushedDaysAgo: 900, storageClass: 'archive', transitionedDaysAgo: 366 },
      archivedMonthAgo: { tags: [], pushedDaysAgo: 300, storageClass: 'archive', transitionedDaysAgo: 30 },
    })).toEqual({ pulledToday: 'kept', unpulled: 'archived', archivedYearAgo: 'expired', archivedMonthAgo: 'kept' });
  });

  test('mix with lifecycleRules in one policy, checked together; a higher-priority rule protects release tags', () => {
    const repository = new PushableRepository(new Stack(), 'Repo', {
      lifecycleRules: [{ rulePriority: 1, tagPatternList: ['release-*'], maxImageCount: 9999 }],
      imageLifecycleRules: [ARCHIVE_UNPULLED],
    });
    const text = lifecycleText(repository);
    expect(ecrLifecycleProblems(text)).toEqual([]);
    expect(applyLifecyclePolicy(text, {
      release: { tags: ['release-1'], pushedDaysAgo: 900, pulledDaysAgo: 500 },
      other: { tags: ['pr-7'], pushedDaysAgo: 900, pulledDaysAgo: 500 },
    })).toEqual({ release: 'kept', other: 'archived' });
  });

  test('storageClass may be written out; ARCHIVE is implied by SINCE_IMAGE_TRANSITIONED', () => {
    const explicit = new PushableRepository(new Stack(), 'Repo', { imageLifecycleRules: [{ ...EXPIRE_ARCHIVED, storageClass: ImageStorageClass.ARCHIVE }] });
    const implied = new PushableRepository(new Stack(), 'Repo', { imageLifecycleRules: [EXPIRE_ARCHIVED] });
    expect(lifecycleText(explicit)).toEqual(lifecycleText(implied));
  });

  test('deploy-time counts are not judged at synth', () => {
    const repository = new PushableRepository(new Stack(), 'Repo', { imageLifecycleRules: [{ ...EXPIRE_ARCHIVED, countNumber: Token.asNumber({ Ref: 'Days' }) }] });
    expect(lifecycleText(repository)).toBeDefined();
  });

  test('a rule that expires tagged images warns, naming when', () => {
    const stack = new Stack();
    new PushableRepository(stack, 'Repo', { imageLifecycleRules: [{ ...EXPIRE_ARCHIVED, tagPatternList: ['v*'] }] });
    Annotations.fromStack(stack).hasWarning('/Default/Repo', Match.stringLikeRegexp(
      `imageLifecycleRules\\[0\\] expires images tagged 'v\\*' 365 days after they were archived.*\\[ack: ${EcrWarnings.LIFECYCLE_EXPIRES_TAGGED_IMAGES}\\]`));
  });

  test('archiving warns about nothing: archived images are restorable', () => {
    const stack = new Stack();
    new PushableRepository(stack, 'Repo', { imageLifecycleRules: [{ ...ARCHIVE_UNPULLED, tagPatternList: ['v*'] }] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('bad image lifecycle rules are synth-time errors naming the property, the value and the fix', () => {
  const build = (imageLifecycleRules: ImageLifecycleRule[]) => () => new PushableRepository(new Stack(new App(), 'S'), 'Repo', { imageLifecycleRules });

  test.each<[string, ImageLifecycleRule[], RegExp]>([
    ['expire by pull time', [{ ...ARCHIVE_UNPULLED, action: LifecycleAction.EXPIRE }],
      /imageLifecycleRules\[0\]\.action: got 'EXPIRE': cannot be used with SINCE_IMAGE_PULLED: ECR only archives by pull time. Fix: use LifecycleAction.ARCHIVE/],
    ['archive for under 90 days', [{ ...EXPIRE_ARCHIVED, countNumber: 30 }],
      /imageLifecycleRules\[0\]\.countNumber: got 30: is under 90 days, and ECR keeps archived images at least 90 days. Fix: use 90 or more/],
    ['archive what is archived', [{ ...EXPIRE_ARCHIVED, action: LifecycleAction.ARCHIVE }],
      /imageLifecycleRules\[0\]\.action: got 'ARCHIVE': cannot be used with SINCE_IMAGE_TRANSITIONED/],
    ['transition time on standard', [{ ...EXPIRE_ARCHIVED, storageClass: ImageStorageClass.STANDARD }],
      /imageLifecycleRules\[0\]\.storageClass: got 'STANDARD': must be ARCHIVE with SINCE_IMAGE_TRANSITIONED/],
    ['count archived images by push', [{ countType: LifecycleCountType.SINCE_IMAGE_PUSHED, countNumber: 9, action: LifecycleAction.EXPIRE, storageClass: ImageStorageClass.ARCHIVE }],
      /imageLifecycleRules\[0\]\.storageClass: got 'ARCHIVE': cannot be used with SINCE_IMAGE_PUSHED: ECR counts archived images only by SINCE_IMAGE_TRANSITIONED. Fix: use LifecycleCountType.SINCE_IMAGE_TRANSITIONED/],
    ['a count of zero', [{ ...ARCHIVE_UNPULLED, countNumber: 0 }], /imageLifecycleRules\[0\]\.countNumber: got 0: must be a whole number of at least 1/],
    ['TAGGED without a tag list', [{ ...ARCHIVE_UNPULLED, tagStatus: ecr.TagStatus.TAGGED }], /imageLifecycleRules\[0\]\.tagStatus: got 'TAGGED': needs tagPrefixList or tagPatternList/],
    ['two ANY rules of one storage class', [ARCHIVE_UNPULLED, { countType: LifecycleCountType.IMAGE_COUNT_MORE_THAN, countNumber: 500, action: LifecycleAction.ARCHIVE }],
      /imageLifecycleRules: got '2 rules with TagStatus.ANY': has more than one TagStatus.ANY rule/],
    ['two untagged rules of one storage class', [{ ...ARCHIVE_UNPULLED, tagStatus: ecr.TagStatus.UNTAGGED }, { ...ARCHIVE_UNPULLED, countType: LifecycleCountType.SINCE_IMAGE_PUSHED, tagStatus: ecr.TagStatus.UNTAGGED }],
      /imageLifecycleRules\[1\]\.tagStatus: got 'UNTAGGED': is a second rule selecting untagged images of the standard storage class, beside imageLifecycleRules\[0\]/],
    ['an ANY rule before a tagged one of its class', [{ ...ARCHIVE_UNPULLED, rulePriority: 1 }, { ...ARCHIVE_UNPULLED, tagPatternList: ['v*'] }],
      /imageLifecycleRules\[0\]\.rulePriority: got 1: is not above every other rule's priority/],
  ])('%s', (_, rules, message) => {
    expect(build(rules)).toThrow(message);
  });

  test('every problem at once', () => {
    expect(build([{ ...ARCHIVE_UNPULLED, action: LifecycleAction.EXPIRE, countNumber: 0 }, { ...EXPIRE_ARCHIVED, countNumber: 10 }]))
      .toThrow(/\(3 problems\)[^]*\[0\]\.countNumber[^]*\[0\]\.action[^]*\[1\]\.countNumber/);
  });
});

describe('addImageLifecycleRule', () => {
  test('adds after the default; expiring archived untagged images is a rule of the archive class, beside the default', () => {
    // GIVEN
    const repository = new PushableRepository(new Stack(), 'Repo');
    // WHEN
    repository.addImageLifecycleRule({ ...EXPIRE_ARCHIVED, tagStatus: ecr.TagStatus.UNTAGGED });
    // THEN
    const text = lifecycleText(repository);
    expect(JSON.parse(text).rules.map((r: { selection: { countType: string } }) => r.selection.countType)).toEqual(['sinceImagePulled', 'sinceImageTransitioned']);
    expect(ecrLifecycleProblems(text)).toEqual([]);
  });

  test('a second untagged rule of the standard class clashes with the default rule', () => {
    const repository = new PushableRepository(new Stack(new App(), 'S'), 'Repo');
    expect(() => repository.addImageLifecycleRule({ ...ARCHIVE_UNPULLED, tagStatus: ecr.TagStatus.UNTAGGED }))
      .toThrow(/^Invalid PushableRepository.addImageLifecycleRule\(\) at 'S\/Repo' \(1 problem\):\n {2}- rule.tagStatus: got 'UNTAGGED': is a second rule selecting untagged images of the standard storage class, beside the default rule/);
  });

  test('a bad rule is an error naming it', () => {
    const repository = new PushableRepository(new Stack(new App(), 'S'), 'Repo');
    expect(() => repository.addImageLifecycleRule({ ...EXPIRE_ARCHIVED, countNumber: 89 })).toThrow(/rule.countNumber: got 89: is under 90 days/);
  });
});

describe('creation templates', () => {
  test('take image lifecycle rules and the archive delay', () => {
    // GIVEN
    const stack = new Stack();
    const registry = new EcrRegistry(stack, 'Registry');
    // WHEN
    registry.addCreationTemplate('Archive', { prefix: 'a', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH], imageLifecycleRules: [ARCHIVE_UNPULLED, EXPIRE_ARCHIVED] });
    registry.addCreationTemplate('Delay', { prefix: 'd', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH], untaggedImageArchiveAfter: Duration.days(14), untaggedImageExpiry: Duration.days(180) });
    // THEN
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::ECR::RepositoryCreationTemplate')).map((t) => t.Properties.LifecyclePolicy as string);
    for (const policy of policies) expect(ecrLifecycleProblems(policy)).toEqual([]);
    expect(policies[0]).toContain('"storageClass":"archive","countType":"sinceImageTransitioned","countNumber":365');
    expect(policies[1]).toContain('"countType":"sinceImagePulled","countNumber":14');
    expect(policies[1]).toContain('"countType":"sinceImageTransitioned","countNumber":180');
  });

  test('refuse an expiry under 90 days', () => {
    const registry = new EcrRegistry(new Stack(), 'Registry');
    expect(() => registry.addCreationTemplate('T', { prefix: 't', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH], untaggedImageExpiry: Duration.days(7) }))
      .toThrow(/untaggedImageExpiry: got 'Duration.days\(7\)': counts from when an untagged image was archived/);
  });
});
