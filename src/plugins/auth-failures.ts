/**
 * Failed authentications per client address, in fixed one-minute windows. Once an address has failed
 * `limit` times in its window, it is refused until the window ends without its key being looked up: a key
 * guesser costs the database nothing and learns nothing more.
 */
export class AuthFailureLimiter {
  readonly #windows = new Map<string, { startedAt: number; failures: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    readonly maxAddresses = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `address` may try again, or 0 when it may try now. */
  retryAfterMs(address: string): number {
    if (this.limit === 0) return 0;
    const window = this.#windows.get(address);
    if (!window || window.failures < this.limit) return 0;
    const left = window.startedAt + this.windowMs - this.now();
    return Math.max(left, 0);
  }

  recordFailure(address: string): void {
    if (this.limit === 0) return;
    const now = this.now();
    const window = this.#windows.get(address);
    if (window && now - window.startedAt < this.windowMs) {
      window.failures += 1;
      return;
    }
    this.#windows.delete(address);
    if (this.#windows.size >= this.maxAddresses) this.#evict(now);
    this.#windows.set(address, { startedAt: now, failures: 1 });
  }

  /** How many addresses are being tracked (bounded by `maxAddresses`). */
  get size(): number {
    return this.#windows.size;
  }

  // Ended windows go first; if every window is current (many addresses at once), the oldest do.
  #evict(now: number): void {
    for (const [address, window] of this.#windows) {
      if (now - window.startedAt >= this.windowMs) this.#windows.delete(address);
    }
    for (const address of this.#windows.keys()) {
      if (this.#windows.size < this.maxAddresses) break;
      this.#windows.delete(address);
    }
  }
}
