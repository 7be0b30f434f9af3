/** A small seeded generator (mulberry32): a fuzzing run is repeated exactly from its seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uint32. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, n); 0 when n <= 0. */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  /** Small numbers far more often than large ones: mutation counts, range lengths. */
  small(max: number): number {
    return Math.min(max, 1 + Math.floor(-Math.log(1 - this.next() / 0x100000000) * 2));
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }
}
