import { readdirSync } from 'fs';
import * as path from 'path';
import { EcrAccessChecks, EcrCheckLevel } from '../../src';
import { RULES } from '../../src/checks/rule-pack';

// The pack: which rules, in which order, at which level, one file each, each saying what, why and how
// to fix. docs/RULES.md, which lists them, is pinned in rules-doc.test.ts; each rule's own cases are in
// rules/<id>.test.ts.

test('every rule id and level, pinned', () => {
  // WHEN
  const pack = EcrAccessChecks.rules().map((r) => [r.ruleId, r.level]);
  // THEN
  expect(pack).toEqual([
    ['unknown-action', EcrCheckLevel.ERROR],
    ['invalid-policy-shape', EcrCheckLevel.ERROR],
    ['unknown-managed-policy', EcrCheckLevel.ERROR],
    ['invalid-repository-arn', EcrCheckLevel.ERROR],
    ['registry-action-on-repository-arn', EcrCheckLevel.ERROR],
    ['registry-action-in-repository-policy', EcrCheckLevel.ERROR],
    ['incomplete-pull', EcrCheckLevel.WARNING],
    ['incomplete-push', EcrCheckLevel.ERROR],
    ['missing-login', EcrCheckLevel.ERROR],
    ['cross-account-without-repository-policy', EcrCheckLevel.ERROR],
    ['cross-account-repository-outside-app', EcrCheckLevel.WARNING],
    ['lambda-cross-account-image', EcrCheckLevel.ERROR],
    ['codebuild-image-not-pullable', EcrCheckLevel.ERROR],
    ['public-principal-without-condition', EcrCheckLevel.ERROR],
    ['allow-with-not-principal', EcrCheckLevel.ERROR],
    ['service-principal-without-source', EcrCheckLevel.ERROR],
    ['ecr-wildcard-without-condition', EcrCheckLevel.WARNING],
    ['web-identity-trust-unpinned', EcrCheckLevel.ERROR],
    ['ipv4-only-source-ip', EcrCheckLevel.WARNING],
    ['policy-size', EcrCheckLevel.ERROR],
    ['deny-shadows-grant', EcrCheckLevel.WARNING],
    ['create-on-push-open-to-pushers', EcrCheckLevel.WARNING],
    ['lifecycle-removes-referenced-image', EcrCheckLevel.WARNING],
    ['push-without-signing', EcrCheckLevel.WARNING],
    ['not-checked', EcrCheckLevel.WARNING],
  ]);
});

test('one file per rule under src/checks/rules, named by its id, and one test file each', () => {
  // GIVEN
  const root = path.join(__dirname, '..', '..');
  const names = (dir: string, suffix: RegExp) => readdirSync(path.join(root, dir)).map((f) => f.replace(suffix, '')).sort();
  // WHEN
  const ids = EcrAccessChecks.rules().map((r) => r.ruleId).sort();
  // THEN
  expect(names('src/checks/rules', /\.ts$/)).toEqual(ids);
  expect(names('test/checks/rules', /\.test\.ts$/)).toEqual(ids);
});

test('every rule says what, why and how to fix', () => {
  for (const rule of EcrAccessChecks.rules()) {
    expect(rule.summary.length).toBeGreaterThan(20);
    expect(rule.why).toMatch(/\.$/);
    expect(rule.fix.length).toBeGreaterThan(20);
  }
});

test('rules() describes the pack as it runs: the same rules, in the same order', () => {
  // WHEN
  const described = EcrAccessChecks.rules();
  // THEN
  expect(described.map((r) => r.ruleId)).toEqual(RULES.map((r) => r.id));
  expect(described.map((r) => r.summary)).toEqual(RULES.map((r) => r.summary));
});

test('no rule recommends a function users cannot import', () => {
  // GIVEN: grantOnRepository is internal to the library
  const texts = EcrAccessChecks.rules().flatMap((r) => [r.summary, r.why, r.fix]);
  // THEN
  expect(texts.filter((t) => t.includes('grantOnRepository'))).toEqual([]);
});
