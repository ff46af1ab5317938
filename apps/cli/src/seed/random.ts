import { randomBytes } from 'node:crypto';

/**
 * A small seeded PRNG (mulberry32): demo data needs millions of draws per second, which
 * `crypto` cannot give, and a fixed seed makes a generated data set reproducible in tests.
 */
export class Random {
  private state: number;

  constructor(seed: number = randomBytes(4).readUInt32LE(0)) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Log-normal around `median`: support delays are short for most tickets and long for a few. */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * gaussian);
  }
}

/** Picks from a fixed distribution in O(log n): the cumulative weights are built once. */
export class Weighted<T> {
  private readonly values: T[];
  private readonly cumulative: number[];

  constructor(entries: readonly (readonly [T, number])[]) {
    let sum = 0;
    this.values = entries.map(([value]) => value);
    this.cumulative = entries.map(([, weight]) => (sum += weight));
    this.cumulative = this.cumulative.map((c) => c / sum);
  }

  pick(random: Random): T {
    const r = random.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}
