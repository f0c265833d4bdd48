import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import type { FeedPosition } from './changes.token.ts';

export interface ChangeRow {
  xact: string;
  id: string;
  entity: 'event' | 'actor' | 'event_type';
  entity_id: string;
  slug: string | null;
  version: number;
  operation: 'create' | 'update' | 'delete';
  created_at: Date | string;
}

// Every transaction older than the oldest one still running has ended, so every row it committed is visible
// and nothing can commit before it any more: the feed hands out only those rows, in (xact, id) order. A row
// of a later transaction waits until every older one has ended, so a token never skips a change that commits
// later. Ending early with fewer rows is fine: the next read resumes from the token.
const HORIZON = sql<string>`pg_snapshot_xmin(pg_current_snapshot())`;

/** The changes after `after`, oldest first, up to `limit`. */
export async function changesAfter(db: Db, after: FeedPosition, limit: number): Promise<ChangeRow[]> {
  const { rows } = await sql<ChangeRow>`
    select xact::text as xact, id::text as id, entity, entity_id, snapshot ->> 'slug' as slug, version,
      operation, created_at
    from revisions
    where (xact, id) > (${after.xact}::xid8, ${after.id}::bigint) and xact < ${HORIZON}
    order by xact, id
    limit ${limit}`.execute(db);
  return rows;
}

/** The position of the last change the feed can hand out now (`null` before the first write). */
export async function latestPosition(db: Db): Promise<FeedPosition | null> {
  const { rows } = await sql<FeedPosition>`
    select xact::text as xact, id::text as id
    from revisions
    where xact < ${HORIZON}
    order by xact desc, id desc
    limit 1`.execute(db);
  return rows[0] ?? null;
}
