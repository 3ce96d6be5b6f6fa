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
