import { AppSpec } from './app-spec';
import { snippet } from './build';
import { generate } from './generator';
import { Category, runApp } from './runner';
import { shrink } from './shrink';

// Runs a range of seeds and sums up: apps, decisions, mismatches by category and by signature
// (a signature is taken to be one cause), each with the seeds that show it and a minimal reproduction,
// and the apps the library refused with one of its listed errors.

export const CATEGORIES: readonly Category[] = ['over', 'under', 'crash', 'silent'];

export interface SignatureSummary {
  readonly signature: string;
  readonly category: Category;
  readonly seeds: number[];
  /** Mismatch instances (one principal × one target, or one crash) across the apps. */
  instances: number;
  readonly example: string;
}

export interface SweepSummary {
  readonly apps: number;
  readonly decisions: number;
  readonly allowed: number;
  readonly ms: number;
  /** Apps with at least one mismatch of the category. */
  readonly appsWith: Record<Category, number>;
  readonly signatures: SignatureSummary[];
  /** Apps the library refused with one of its listed errors (refusals.ts), by refusal: no mismatch, but counted. */
  readonly refused: Record<string, number[]>;
}

export async function sweep(seeds: readonly number[]): Promise<SweepSummary> {
  const started = Date.now();
  let decisions = 0;
  let allowed = 0;
  const appsWith = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const signatures = new Map<string, SignatureSummary>();
  const refused: Record<string, number[]> = {};
  for (const seed of seeds) {
    const result = await runApp(generate(seed));
    if (result.refused) (refused[result.refused] ??= []).push(seed);
    decisions += result.decisions;
    allowed += result.allowed;
    for (const category of CATEGORIES) if (result.mismatches.some((m) => m.category === category)) appsWith[category]++;
    for (const m of result.mismatches) {
      const entry = signatures.get(m.signature) ?? { signature: m.signature, category: m.category, seeds: [], instances: 0, example: `seed ${seed}: ${m.example}` };
      if (!entry.seeds.includes(seed)) entry.seeds.push(seed);
      entry.instances++;
      signatures.set(m.signature, entry);
    }
  }
  return { apps: seeds.length, decisions, allowed, ms: Date.now() - started, appsWith, signatures: ordered(signatures.values()), refused };
}

/** One summary of several sweeps (of batches of seeds); `ms` is their sum. */
export function mergeSummaries(parts: readonly SweepSummary[]): SweepSummary {
  const signatures = new Map<string, SignatureSummary>();
  for (const s of parts.flatMap((p) => p.signatures)) {
    const known = signatures.get(s.signature);
    if (known) {
      known.seeds.push(...s.seeds);
      known.instances += s.instances;
    } else {
      signatures.set(s.signature, { ...s, seeds: [...s.seeds] });
    }
  }
  const refused: Record<string, number[]> = {};
  for (const [name, seeds] of parts.flatMap((p) => Object.entries(p.refused))) (refused[name] ??= []).push(...seeds);
  const sum = (f: (p: SweepSummary) => number) => parts.reduce((n, p) => n + f(p), 0);
  return {
    apps: sum((p) => p.apps),
    decisions: sum((p) => p.decisions),
    allowed: sum((p) => p.allowed),
    ms: sum((p) => p.ms),
    appsWith: Object.fromEntries(CATEGORIES.map((c) => [c, sum((p) => p.appsWith[c])])) as Record<Category, number>,
    signatures: ordered(signatures.values()),
    refused,
  };
}

/** The smallest app (as TypeScript) that still shows the signature, shrunk from the app of `seed`. */
export async function reproduce(signature: string, seed: number, maxTries?: number): Promise<{ code: string; spec: AppSpec; tries: number }> {
  const stillFails = async (candidate: AppSpec) => (await runApp(candidate, signature)).mismatches.some((m) => m.signature === signature);
  const { spec, tries } = await shrink(generate(seed), stillFails, maxTries);
  return { code: snippet(spec), spec, tries };
}

/** In the order of CATEGORIES (over-grants first), then the signatures most apps show first. */
function ordered(signatures: Iterable<SignatureSummary>): SignatureSummary[] {
  return [...signatures].sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || b.seeds.length - a.seeds.length);
}

export function formatSummary(summary: SweepSummary): string {
  const count = (c: Category) => summary.signatures.filter((s) => s.category === c).reduce((n, s) => n + s.instances, 0);
  const lines = [
    `${summary.apps} apps, ${summary.decisions} evaluator decisions (${summary.allowed} allowed, ${summary.decisions - summary.allowed} denied), ` +
    `${(summary.ms / 1000).toFixed(1)} s (${(summary.ms / Math.max(summary.apps, 1)).toFixed(0)} ms an app)`,
    `over-grants ${count('over')}, under-grants ${count('under')}, crashes ${count('crash')}, silent (a side the app cannot write, with no warning) ${count('silent')} ` +
    `— apps with each: ${CATEGORIES.map((c) => `${c} ${summary.appsWith[c]}`).join(', ')}`,
  ];
  for (const [name, seeds] of Object.entries(summary.refused)) {
    lines.push(`refused with the library's clear error (not a mismatch): ${name} — ${seeds.length} app(s); seeds ${seeds.slice(0, 8).join(', ')}${seeds.length > 8 ? ', …' : ''}`);
  }
  for (const s of summary.signatures) {
    lines.push('', `[${s.category}] ${s.signature}`, `  ${s.instances} instance(s) in ${s.seeds.length} app(s); seeds ${s.seeds.slice(0, 8).join(', ')}${s.seeds.length > 8 ? ', …' : ''}`, `  ${s.example}`);
  }
  return lines.join('\n');
}
