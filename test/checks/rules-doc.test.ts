import { readFileSync } from 'fs';
import { RULES_DOC, rulesMarkdown } from '../../scripts/rules-doc';
import { EcrAccessChecks, EcrCheckLevel } from '../../src';

// docs/RULES.md is generated from the pack (`npx projen gen:rules`): a rule added, removed, reworded
// or moved to another level without regenerating it fails here.

test('docs/RULES.md is what the rule pack renders (run `npx projen gen:rules` after changing a rule)', () => {
  // GIVEN
  const committed = readFileSync(RULES_DOC, 'utf8');
  // THEN
  expect(committed).toEqual(rulesMarkdown(EcrAccessChecks.rules()));
});

test('the table of docs/RULES.md lists every rule with its level, in the order the pack runs them', () => {
  // GIVEN
  const doc = readFileSync(RULES_DOC, 'utf8');
  // WHEN
  const rows = [...doc.matchAll(/^\| \[`([a-z0-9-]+)`\]\(#\1\) \| (error|warning|info) \|/gm)].map((m) => [m[1], m[2]]);
  // THEN
  expect(rows).toEqual(EcrAccessChecks.rules().map((r) => [r.ruleId, r.level]));
});

test('the rendering keeps a table row on one line whatever a rule says', () => {
  // GIVEN a rule whose text has a column separator and a line break
  const rule = { ruleId: 'odd-rule', level: EcrCheckLevel.WARNING, summary: 'a | b\n  c', why: 'Because.', fix: 'Do x.' };
  // WHEN
  const doc = rulesMarkdown([rule]);
  // THEN
  expect(doc).toContain('| [`odd-rule`](#odd-rule) | warning | a \\| b c |');
  expect(doc).toContain('**Why.** Because.');
});
