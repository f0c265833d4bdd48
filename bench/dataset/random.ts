/** A seeded generator (mulberry32), so a data set is the same for the same seed and size. */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A version 4 UUID drawn from this generator. */
  uuid(): string {
    const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
    const a = hex(this.next() * 4_294_967_296);
    const b = hex(this.next() * 4_294_967_296);
    const c = hex(this.next() * 4_294_967_296);
    const d = hex(this.next() * 4_294_967_296);
    const variant = ((Number.parseInt(c[0] as string, 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

/** Draws indexes 0..n-1 with probability ∝ 1/(i+1)^s: a few very common items and a long tail. */
export class Zipf {
  readonly #cumulative: Float64Array;

  constructor(n: number, s: number) {
    this.#cumulative = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += 1 / (i + 1) ** s;
      this.#cumulative[i] = total;
    }
    for (let i = 0; i < n; i++) this.#cumulative[i] = (this.#cumulative[i] as number) / total;
  }

  draw(random: Random): number {
    const u = random.next();
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Picks among weighted items. */
export class Weighted<T> {
  readonly #items: readonly T[];
  readonly #cumulative: number[];

  constructor(entries: readonly (readonly [T, number])[]) {
    this.#items = entries.map(([item]) => item);
    let total = 0;
    this.#cumulative = entries.map(([, weight]) => {
      total += weight;
      return total;
    });
    this.#cumulative = this.#cumulative.map((c) => c / total);
  }

  draw(random: Random): T {
    const u = random.next();
    const i = this.#cumulative.findIndex((c) => u < c);
    return this.#items[i === -1 ? this.#items.length - 1 : i] as T;
  }
}
