import * as fs from 'fs';
import * as path from 'path';
import { parseCfnYaml } from '../../src/analysis/cfn-yaml';
import { documentStack, PolicyDocumentKind } from '../../src/analysis/policy-documents';
import { StackTemplate, TemplateSet } from '../../src/analysis/template-set';
import { Finding } from '../../src/checks/finding';
import { knownRuleIds, runChecks } from '../../src/checks/run-checks';

// The corpus of real hand-written ECR policies (issue 17's research): each entry's source URL, the
// document as written, and the rule ids an expert expects. Placeholders of documentation examples
// (`<account>`) are substituted before checking; labels apply to the result.

export interface CorpusEntry {
  readonly id: string;
  readonly source: string;
  readonly kind: 'identity' | 'repository' | 'registry' | 'trust' | 'template';
  readonly placeholders?: Record<string, string>;
  readonly policy?: unknown;
  readonly yaml?: string;
  readonly expected: ReadonlyArray<{ readonly rule: string; readonly why: string }>;
}

export const CORPUS: readonly CorpusEntry[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'corpus', 'policies.json'), 'utf8'));

function substitute(text: string, placeholders: Record<string, string> = {}): string {
  let out = text;
  for (const [from, to] of Object.entries(placeholders)) out = out.split(from).join(to);
  return out;
}

/** The entry as the one-stack template the checks read. */
export function corpusStack(entry: CorpusEntry): StackTemplate {
  if (entry.kind === 'template') {
    const template = entry.yaml !== undefined
      ? parseCfnYaml(substitute(entry.yaml, entry.placeholders))
      : JSON.parse(substitute(JSON.stringify(entry.policy), entry.placeholders));
    return { id: entry.id, template: template as StackTemplate['template'], constructPaths: new Map() };
  }
  const document = JSON.parse(substitute(JSON.stringify(entry.policy), entry.placeholders));
  return documentStack(entry.id, entry.kind as PolicyDocumentKind, document);
}

/** Every finding of the whole pack on one entry. */
export function corpusFindings(entry: CorpusEntry): Finding[] {
  const set: TemplateSet = { stacks: [corpusStack(entry)], acknowledgments: [], unreadable: [] };
  return runChecks(set, { enabled: new Set(knownRuleIds()), levels: new Map() });
}

export interface CorpusScore {
  readonly expected: number;
  readonly caught: string[];
  readonly missed: string[];
  readonly falseAlarms: string[];
}

/** Labels against findings, by `<entry id> <rule id>` (not-checked findings aside). */
export function scoreCorpus(entries: readonly CorpusEntry[] = CORPUS): CorpusScore {
  const caught: string[] = [];
  const missed: string[] = [];
  const falseAlarms: string[] = [];
  let expected = 0;
  for (const entry of entries) {
    const found = new Set(corpusFindings(entry).map((f) => f.ruleId).filter((id) => id !== 'not-checked'));
    const labels = new Set(entry.expected.map((e) => e.rule));
    expected += labels.size;
    for (const rule of labels) (found.has(rule) ? caught : missed).push(`${entry.id} ${rule}`);
    for (const rule of found) if (!labels.has(rule)) falseAlarms.push(`${entry.id} ${rule}`);
  }
  return { expected, caught, missed, falseAlarms };
}

/** One entry by id (throws on an unknown id, so a renamed entry fails the test that names it). */
export function corpusEntry(id: string): CorpusEntry {
  const entry = CORPUS.find((e) => e.id === id);
  if (!entry) throw new Error(`no corpus entry '${id}'`);
  return entry;
}

/** The findings of one rule on the corpus entries named. */
export function corpusRuleFindings(rule: string, id: string): Finding[] {
  return corpusFindings(corpusEntry(id)).filter((f) => f.ruleId === rule);
}
