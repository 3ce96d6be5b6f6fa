import { App, Aspects, IAspect, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';

// What bench/checks.ts and bench/report.ts measure with: the time spent inside a class's own entry
// points (the difference of two synth times is noisy on a busy machine), and CPU time.

/** Wraps the methods of a prototype so that `total()` is the milliseconds spent inside them since `reset()`. */
export function timeInside(prototype: object, methods: readonly string[]): { reset(): void; total(): number } {
  let total = 0;
  const proto = prototype as Record<string, (...args: unknown[]) => unknown>;
  for (const method of methods) {
    const original = proto[method];
    proto[method] = function (this: unknown, ...args: unknown[]) {
      const started = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        total += Number(process.hrtime.bigint() - started) / 1e6;
      }
    };
  }
  return { reset: () => { total = 0; }, total: () => total };
}

/** CPU time of this process, ms: steadier than wall time on a machine shared with other work. */
export function cpuMillis(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One synth of the app in a mode: wall and CPU time of `app.synth()`, the time inside the measured class, and constructing the app. */
export interface SynthTimes {
  readonly wall: number;
  readonly cpu: number;
  readonly inside: number;
  readonly construct: number;
}

export type Mode = 'none' | 'aspect' | 'plugin' | 'emptyPlugin';

const MODES: readonly Mode[] = ['none', 'aspect', 'plugin', 'emptyPlugin'];

// aws-cdk-lib's validation step costs something whatever the plugin does (it hashes every file of the
// cloud assembly before and after each plugin): a plugin that does nothing shows how much
const EMPTY_PLUGIN: IPolicyValidationPlugin = { name: 'empty', validate: () => ({ success: true, violations: [] }) };

/**
 * Synthesizes a fresh app per run in each mode: without the measured class, with it as an Aspect,
 * and as a validation plugin (after one warm-up round). Returns the times and one synthesized app.
 */
export function measureModes(
  makeApp: () => App, make: () => IAspect & IPolicyValidationPlugin, inside: { reset(): void; total(): number }, runs: number,
): { results: Record<Mode, SynthTimes[]>; sample: App } {
  const synthOnce = (mode: Mode): SynthTimes & { app: App } => {
    const constructStarted = process.hrtime.bigint();
    const app = makeApp();
    const construct = Number(process.hrtime.bigint() - constructStarted) / 1e6;
    if (mode === 'aspect') Aspects.of(app).add(make());
    if (mode === 'plugin') Validations.of(app).addPlugins(make());
    if (mode === 'emptyPlugin') Validations.of(app).addPlugins(EMPTY_PLUGIN);
    const log = console.error;
    console.error = () => undefined; // the plugin mode prints its (empty) validation report
    const wall = process.hrtime.bigint();
    const cpu = cpuMillis();
    inside.reset();
    try {
      app.synth();
    } finally {
      console.error = log;
    }
    return { wall: Number(process.hrtime.bigint() - wall) / 1e6, cpu: cpuMillis() - cpu, inside: inside.total(), construct, app };
  };
  for (const mode of MODES) synthOnce(mode); // warm up module loading and JIT
  const results: Record<Mode, SynthTimes[]> = { none: [], aspect: [], plugin: [], emptyPlugin: [] };
  let sample: App | undefined;
  for (let i = 0; i < runs; i++) {
    for (const mode of MODES) {
      const { app, ...times } = synthOnce(mode);
      results[mode].push(times);
      sample ??= app;
    }
  }
  return { results, sample: sample! };
}

/** The most each mode may add to plain `app.synth()`, as a ratio (issues 17 and 20); absent: no target. */
export type Targets = Partial<Record<'aspect' | 'plugin', number>>;

/**
 * Prints the medians: each mode against plain synth, and the time inside `what` against synth with
 * and without constructing the app, with the target ratio where there is one.
 */
export function printTimes(results: Record<Mode, SynthTimes[]>, what: string, targets: Targets = {}): void {
  for (const measure of ['cpu', 'wall'] as const) {
    const base = median(results.none.map((r) => r[measure]));
    const line = (['aspect', 'plugin', 'emptyPlugin'] as Mode[]).map((mode) => {
      const m = median(results[mode].map((r) => r[measure]));
      return `${mode === 'emptyPlugin' ? 'empty plugin' : mode} ${m.toFixed(0)} ms (+${(m - base).toFixed(0)} ms, ratio ${(m / base).toFixed(2)})`;
    });
    console.log(`${measure.padEnd(4)}: none ${base.toFixed(0)} ms; ${line.join('; ')}`);
  }
  const wallBase = median(results.none.map((r) => r.wall));
  const validationStep = median(results.emptyPlugin.map((r) => r.wall)) - wallBase;
  console.log(`aws-cdk-lib's validation step with a plugin that does nothing: +${validationStep.toFixed(0)} ms (every plugin pays it; ` +
    'the times inside below do not count it)');
  // what `cdk synth` runs is the app: constructing it as well as app.synth()
  const withConstruction = wallBase + median(results.none.map((r) => r.construct));
  for (const mode of ['aspect', 'plugin'] as Mode[]) {
    const inside = median(results[mode].map((r) => r.inside));
    const ratio = (wallBase + inside) / wallBase;
    const target = targets[mode as 'aspect' | 'plugin'];
    // the ratio is rounded as printed, so that the verdict agrees with the figure beside it
    const verdict = target === undefined ? '' : ` (target ≤ ${target.toFixed(2)}: ${Number(ratio.toFixed(2)) <= target ? 'met' : 'not met'})`;
    console.log(`time inside ${what} (${mode}): ${inside.toFixed(0)} ms, ratio ${ratio.toFixed(2)} to plain synth${verdict}, ` +
      `${((withConstruction + inside) / withConstruction).toFixed(2)} to constructing the app and synth (${withConstruction.toFixed(0)} ms)`);
  }
}
