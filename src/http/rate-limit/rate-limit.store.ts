import type { Db } from '../../db/schema.ts';
import { countHit, deleteEndedWindows, type Hit, readHits } from './rate-limit.queries.ts';

type Callback = (error: Error | null, result?: Hit) => void;

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A @fastify/rate-limit store whose counters live in PostgreSQL (table rate_limit_counters), so that N API
 * instances on one database allow the limit once, not N times. Like the plugin's in-memory store, each route
 * counts on its own (the key is prefixed with the route). Counts go to the primary (`db` must not be a
 * replica). A database error fails the request (the plugin's default), as any query of it would.
 */
export function postgresRateLimitStore(db: Db) {
  return class PostgresRateLimitStore {
    readonly #prefix: string;

    // The plugin hands the route's merged settings, with the route as `routeInfo` (its types say otherwise).
    constructor(params?: unknown) {
      const route = (params as RouteParams | undefined)?.routeInfo;
      this.#prefix = route?.url ? `${[route.method ?? ''].flat().join(',')} ${route.url}|` : '';
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      countHit(db, this.#prefix + key, timeWindow).then(
        (hit) => callback(null, hit),
        (error: Error) => callback(error),
      );
    }

    read(key: string, callback: Callback): void {
      readHits(db, this.#prefix + key).then(
        (hit) => callback(null, hit),
        (error: Error) => callback(error),
      );
    }

    child(params: unknown): PostgresRateLimitStore {
      return new PostgresRateLimitStore(params);
    }
  };
}

/** Deletes ended windows every `intervalMs` until stopped; a failure waits for the next round. */
export function sweepEndedWindows(db: Db, intervalMs: number): () => void {
  const timer = setInterval(() => void deleteEndedWindows(db).catch(() => undefined), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
