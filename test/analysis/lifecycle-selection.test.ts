import { ruleRemovingTag, selectsTag, tagPatternMatches } from '../../src/analysis/lifecycle-selection';
import { applyLifecyclePolicy } from '../helpers/lifecycle-evaluator';

// ECR's documented tag matching and rule order
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html,
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html):
// expectations written from those pages, and each removal cross-checked with the independent
// lifecycle evaluator of the tests.

test.each([
  // "prod*" from AWS's examples: any tag starting with prod
  ['prod*', 'prod', true],
  ['prod*', 'prod-2024', true],
  ['prod*', 'production', true],
  ['prod*', 'preprod', false],
  ['*prod*', 'preprod-1', true],
  ['v1', 'v1', true],
  ['v1', 'v10', false],
  // case-sensitive, and regular-expression characters are themselves
  ['Prod*', 'prod', false],
  ['v1.2', 'v1x2', false],
])('tag pattern %s matches %s: %s', (pattern, tag, matches) => {
  expect(tagPatternMatches(pattern, tag)).toBe(matches);
});

test.each([
  [{ tagStatus: 'any' }, 'v1', true],
  [{ tagStatus: 'untagged' }, 'v1', false],
  [{ tagStatus: 'tagged', tagPrefixList: ['prod'] }, 'prod-1', true],
  [{ tagStatus: 'tagged', tagPrefixList: ['prod'] }, 'dev-1', false],
  [{ tagStatus: 'tagged', tagPatternList: ['release-*'] }, 'release-7', true],
  // several prefixes: the image must carry all of them; it may carry the others beside this tag
  [{ tagStatus: 'tagged', tagPrefixList: ['prod', 'stable'] }, 'prod-1', true],
  [{ tagStatus: 'tagged' }, 'v1', false],
])('selection %j selects tag %s: %s', (selection, tag, selects) => {
  expect(selectsTag(selection, tag)).toBe(selects);
});

const rule = (rulePriority: number, selection: object, action: object = { type: 'expire' }) => ({ rulePriority, selection, action });
const old = { tags: ['v1'], pushedDaysAgo: 400, pulledDaysAgo: 400 };
const newer = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`n${i}`, { tags: [`v1-${i}`], pushedDaysAgo: i, pulledDaysAgo: i }]));

test.each([
  ['"any" by count', [rule(1, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 })], { rulePriority: 1, action: 'expire' }],
  ['archive by pull age', [rule(1, { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 30 }, { type: 'transition', targetStorageClass: 'archive' })],
    { rulePriority: 1, action: 'transition' }],
  // rules apply by priority, not by position in the list
  ['the first by priority that selects the tag', [rule(5, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 }),
    rule(2, { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 90 })], { rulePriority: 2, action: 'expire' }],
  ['a keep rule on the exact tag shields it', [rule(1, { tagStatus: 'tagged', tagPatternList: ['v1'], countType: 'imageCountMoreThan', countNumber: 1 }),
    rule(2, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 })], undefined],
  ['untagged and other prefixes never reach it', [rule(1, { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 }),
    rule(2, { tagStatus: 'tagged', tagPrefixList: ['feature-'], countType: 'imageCountMoreThan', countNumber: 1 })], undefined],
  // an archive-class rule acts on images already archived: the rule that archived them is the one to name
  ['archive-class rules are not the cause', [rule(1, { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 90 })], undefined],
])('%s', (_, rules, expected) => {
  // WHEN
  const found = ruleRemovingTag({ rules }, 'v1');
  // THEN
  expect(found === undefined ? undefined : { rulePriority: found.rulePriority, action: found.action }).toEqual(expected);
  const independent = applyLifecyclePolicy(JSON.stringify({ rules }), { old, ...newer }).old;
  expect(independent).toEqual(expected === undefined ? 'kept' : expected.action === 'transition' ? 'archived' : 'expired');
});
