import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';

export interface Hit {
  /** Requests counted in the current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

/**
 * Counts one request of `key` in one statement: a new key, or one whose window has ended, starts a window of
 * `windowMs` at 1. The database's clock decides, so instances whose clocks differ still share one window.
 */
export async function countHit(db: Db, key: string, windowMs: number): Promise<Hit> {
  const { rows } = await sql<Hit>`
    insert into rate_limit_counters as c (key, hits, resets_at)
    values (${key}, 1, now() + ${windowMs} * interval '1 millisecond')
    on conflict (key) do update set
      hits = case when c.resets_at <= now() then 1 else c.hits + 1 end,
      resets_at = case when c.resets_at <= now() then excluded.resets_at else c.resets_at end
    returning hits as current,
              greatest(0, ceil(extract(epoch from (c.resets_at - now())) * 1000))::int as ttl
  `.execute(db);
  return rows[0] ?? { current: 1, ttl: windowMs };
}

/** The count of `key` without counting a request (0 once its window has ended). */
export async function readHits(db: Db, key: string): Promise<Hit> {
  const { rows } = await sql<Hit>`
    select hits as current, greatest(0, ceil(extract(epoch from (resets_at - now())) * 1000))::int as ttl
      from rate_limit_counters
     where key = ${key} and resets_at > now()
  `.execute(db);
  return rows[0] ?? { current: 0, ttl: 0 };
}

/** Forgets windows that ended: keys of addresses that stopped sending would otherwise stay for good. */
export async function deleteEndedWindows(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_counters')
    .where('resets_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
