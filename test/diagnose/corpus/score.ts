import type { Diagnosis } from '../../../src';

// Scores diagnoses against the labelled real messages of real-messages.json: every field the label
// names and every field the diagnosis gives is one field (absent means absent: a value the label does
// not have is wrong, a placeholder copied as a value is wrong).

/** One labelled message: `expected` is what an expert reads in `text`. */
export interface CorpusEntry {
  readonly id: string;
  readonly source: string;
  readonly text: string;
  readonly synthetic?: boolean;
  readonly why: string;
  readonly expected: Record<string, any> & { kind: string; ambiguousWith?: string[] };
}

/** The identifying fields compared; `capability`, `ambiguousWith` and `denials` are test aids, not fields. */
export const SCORED_FIELDS = [
  'kind', 'action', 'principalArn', 'callerAccount', 'resourceAccount', 'region', 'repositoryName', 'tag',
  'crossAccount', 'missingPolicy', 'denyingPolicyType', 'count',
] as const;

interface Tally { entries: number; kindsRight: number; fields: number; fieldsRight: number }

export interface CorpusScore extends Tally {
  unrecognized: number;
  labelledUnrecognized: number;
  perKind: Record<string, Tally>;
  perField: Record<string, { right: number; total: number }>;
  wrong: string[];
}

/** The value of a field as a label writes it; `count` 1 is the same as no count. */
function valueOf(source: Record<string, any>, field: string): unknown {
  const value = source[field];
  return field === 'count' && value === 1 ? undefined : value;
}

/** The fields of one diagnosis that differ from its label, as `field: got X, want Y`. */
export function differences(entry: CorpusEntry, d: Diagnosis): string[] {
  const out: string[] = [];
  for (const field of SCORED_FIELDS) {
    const want = valueOf(entry.expected, field);
    const got = valueOf(d as any, field);
    if (field === 'kind' && (entry.expected.ambiguousWith ?? []).includes(String(got))) continue;
    if (want !== got) out.push(`${field}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
  return out;
}

export function scoreCorpus(corpus: readonly CorpusEntry[], run: (text: string) => Diagnosis): CorpusScore {
  const score: CorpusScore = {
    entries: 0, kindsRight: 0, fields: 0, fieldsRight: 0, unrecognized: 0, labelledUnrecognized: 0, perKind: {}, perField: {}, wrong: [],
  };
  for (const entry of corpus) {
    const d = run(entry.text);
    const kind = (score.perKind[entry.expected.kind] ??= { entries: 0, kindsRight: 0, fields: 0, fieldsRight: 0 });
    const wrong = differences(entry, d);
    let fields = 0;
    for (const field of SCORED_FIELDS) {
      if (valueOf(entry.expected, field) === undefined && valueOf(d as any, field) === undefined) continue;
      fields++;
      const f = (score.perField[field] ??= { right: 0, total: 0 });
      f.total++;
      if (!wrong.some((w) => w.startsWith(`${field}:`))) f.right++;
    }
    const right = fields - wrong.length;
    const kindRight = !wrong.some((w) => w.startsWith('kind:'));
    for (const t of [score, kind]) {
      t.entries++;
      t.fields += fields;
      t.fieldsRight += right;
      if (kindRight) t.kindsRight++;
    }
    if (d.kind === 'unrecognized') score.unrecognized++;
    if (entry.expected.kind === 'unrecognized') score.labelledUnrecognized++;
    if (wrong.length > 0) score.wrong.push(`${entry.id}: ${wrong.join('; ')}`);
  }
  return score;
}
