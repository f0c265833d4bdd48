import type { Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { type ChangeRow, changesAfter, latestPosition } from './changes.queries.ts';
import type { ChangeListSchema, ChangeSchema } from './changes.schemas.ts';
import { encodeToken, FEED_START, type FeedPosition } from './changes.token.ts';

export type ApiChange = Static<typeof ChangeSchema>;
export type ApiChangeList = Static<typeof ChangeListSchema>;

/** One page of the feed after `since` (from the first change without it). */
export async function listChanges(
  db: Db,
  since: FeedPosition | undefined,
  limit: number,
): Promise<ApiChangeList> {
  const from = since ?? FEED_START;
  const rows = await changesAfter(db, from, limit + 1);
  const page = rows.slice(0, limit).map(toApiChange);
  return {
    data: page,
    next_token: page.at(-1)?.token ?? encodeToken(from),
    has_more: rows.length > limit,
  };
}

/** Where a reader that wants only what happens from now on starts. */
export async function currentPosition(db: Db): Promise<FeedPosition> {
  return (await latestPosition(db)) ?? FEED_START;
}

function toApiChange(row: ChangeRow): ApiChange {
  return {
    token: encodeToken(row),
    entity: row.entity,
    id: row.entity_id,
    slug: row.entity === 'event' ? row.slug : null,
    operation: row.operation,
    version: row.version,
    changed_at: new Date(row.created_at).toISOString(),
  };
}
