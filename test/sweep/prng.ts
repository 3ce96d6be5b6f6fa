// A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on every
// machine and Node version, so a seed printed by a failing sweep rebuilds the same app.
/* eslint-disable no-bitwise */ // a 32-bit generator is bit arithmetic

export class Prng {
  private state: number;

  constructor(seed: number) {
    // spread small consecutive seeds apart so seed 1 and seed 2 do not start alike
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0) || 1;
  }

  /** A number in [0, 1). */
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability `p`. */
  public chance(p: number): boolean {
    return this.next() < p;
  }

  /** An integer in [min, max]. */
  public int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  public pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }

  /** Between `min` and `max` distinct values, in their original order. */
  public some<T>(values: readonly T[], min: number, max: number): T[] {
    const count = Math.min(values.length, this.int(min, max));
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(this.next() * values.length));
    return [...chosen].sort((a, b) => a - b).map((i) => values[i]);
  }
}
