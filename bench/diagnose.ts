import { readFileSync } from 'fs';
import { join } from 'path';
import { diagnose } from '../src';
import { cpuMillis, median } from './timing';
import { scoreCorpus, CorpusEntry } from '../test/diagnose/corpus/score';

// `ts-node --transpile-only bench/diagnose.ts`: how much of the real-message corpus diagnose gets
// right (per field and per kind), and how long the worst 1 MB inputs take. Printed, not asserted:
// a timed assertion fails on a busy machine, an accuracy floor lives in test/diagnose/corpus.test.ts.

const corpus: CorpusEntry[] = JSON.parse(readFileSync(join(__dirname, '..', 'test', 'diagnose', 'corpus', 'real-messages.json'), 'utf8'));
const score = scoreCorpus(corpus, diagnose);
const pct = (n: number, d: number) => `${n}/${d} (${((100 * n) / d).toFixed(1)}%)`;
console.log(`fields right: ${pct(score.fieldsRight, score.fields)}`);
console.log(`kinds right:  ${pct(score.kindsRight, score.entries)}`);
console.log(`unrecognized: ${pct(score.unrecognized, score.entries)} (labelled unrecognized: ${score.labelledUnrecognized})`);
console.log('per kind (label): entries, kinds right, fields right / fields');
for (const [kind, k] of Object.entries(score.perKind).sort()) console.log(`  ${kind.padEnd(30)} ${String(k.entries).padStart(3)} ${String(k.kindsRight).padStart(3)}  ${k.fieldsRight}/${k.fields}`);
console.log('per field: right / labelled-or-produced');
for (const [field, f] of Object.entries(score.perField)) console.log(`  ${field.padEnd(18)} ${f.right}/${f.total}`);
if (process.argv.includes('--wrong')) for (const w of score.wrong) console.log(w);

const oneMegabyte = 1_000_000;
const message = corpus[0].text;
const worst: Array<[string, string]> = [
  ['one long token', 'arn:'.repeat(oneMegabyte / 4)],
  ['backslashes', '\\'.repeat(oneMegabyte)],
  ['registry host markers', '.dkr.ecr.'.repeat(oneMegabyte / 9)],
  ['many messages', `${message}\n`.repeat(Math.floor(oneMegabyte / (message.length + 1)))],
  ['punctuation then a message', ')'.repeat(oneMegabyte - message.length) + message],
  ['not authorized, repeated', ' is not authorized to perform'.repeat(oneMegabyte / 29)],
  ['timestamps', '2024-01-01T00:00:00Z x\n'.repeat(oneMegabyte / 23)],
  ['hosts of every kind', 'api.ecr.us-east-1.amazonaws.com prod-us-east-1-starport-layer-bucket public.ecr.aws '.repeat(oneMegabyte / 84)],
  ['denial lines', 'denied: User: arn:aws:sts::111111111111:assumed-role/a/b is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:111111111111:repository/r\n'.repeat(oneMegabyte / 160)],
];
let slowest = 0;
for (const [name, input] of worst) {
  // CPU time, not wall time: steadier on a machine shared with other work
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const started = cpuMillis();
    diagnose(input);
    times.push(cpuMillis() - started);
  }
  const m = median(times);
  slowest = Math.max(slowest, m);
  console.log(`1 MB ${name.padEnd(28)} median ${m.toFixed(1)} ms CPU`);
}
console.log(`worst case on 1 MB: ${slowest.toFixed(1)} ms CPU`);
