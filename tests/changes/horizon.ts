import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

/**
 * How long a change-feed test waits for the feed to catch up. The feed hands out a change only once every
 * older transaction has ended, and on a shared server PostgreSQL that includes other databases' transactions:
 * a test file importing a large file next to this one holds the horizon back for as long as its import runs.
 */
export const FEED_WAIT_MS = 180_000;

/**
 * Waits until every transaction that began before this call has ended, so that the feed's horizon is past
 * every change committed so far (the seed, earlier tests) and a token read now is after all of them.
 */
export async function feedSettled(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(db);
  const xid = rows[0]?.xid;
  const deadline = Date.now() + FEED_WAIT_MS;
  for (;;) {
    const { rows: past } = await sql<{ past: boolean }>`
      select pg_snapshot_xmin(pg_current_snapshot()) > ${xid}::xid8 as past`.execute(db);
    if (past[0]?.past) return;
    if (Date.now() > deadline)
      throw new Error(`transactions older than ${xid} still running after ${FEED_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
