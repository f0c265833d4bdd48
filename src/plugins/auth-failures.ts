import type { Db } from '../db/schema.ts';
import { countHit, readHits } from '../http/rate-limit/rate-limit.queries.ts';

/** Where failed authentications are counted: one process's memory, or PostgreSQL for N instances. */
export interface AuthFailureCounter {
  readonly limit: number;
  /** Milliseconds until `address` may try again, or 0 when it may try now. */
  retryAfterMs(address: string): Promise<number>;
  recordFailure(address: string): Promise<void>;
}

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

/** The in-memory limiter behind the counter interface (one process; the embedded database). */
export function memoryAuthFailures(limiter: AuthFailureLimiter): AuthFailureCounter {
  return {
    limit: limiter.limit,
    retryAfterMs: async (address) => limiter.retryAfterMs(address),
    recordFailure: async (address) => limiter.recordFailure(address),
  };
}

/**
 * Failed authentications counted in PostgreSQL's rate-limit counters (the primary: `db` must not be a replica),
 * so that N API instances refuse an address after `limit` failures in all, not `limit` in each. The window is
 * the same fixed minute as in memory, started by the address's first failure and timed by the database's clock.
 */
export function postgresAuthFailures(db: Db, limit: number, windowMs = 60_000): AuthFailureCounter {
  const key = (address: string) => `auth-failures|ip:${address}`;
  return {
    limit,
    async retryAfterMs(address) {
      if (limit === 0) return 0;
      const hit = await readHits(db, key(address));
      return hit.current >= limit ? hit.ttl : 0;
    },
    async recordFailure(address) {
      if (limit === 0) return;
      await countHit(db, key(address), windowMs);
    },
  };
}
