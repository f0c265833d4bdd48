import { sql } from 'kysely';
import type { Db } from '../../../db/schema.ts';
import { type EventFilters, whereEventFilters } from '../event-filters.ts';

export interface MatchingSetFingerprint {
  count: number;
  /** Order-independent sums of 64-bit hashes, as decimal text (numeric: a sum of bigints never overflows). */
  events: string;
  actors: string;
  targets: string;
}

/**
 * What an export of the matching events shows, in a few numbers, without reading their texts: how many
 * events match, and sums of hashes of each event's (id, version), of each participant's actor (id, version),
 * and of each live relation target's (id, version). A write bumps the version of what it changes, so a
 * create, update or delete of a matching event, a renamed participant or a changed or deleted relation target
 * changes one of the sums (a sum, not an XOR: the same actor in two events must not cancel out).
 */
export async function matchingSetFingerprint(db: Db, filters: EventFilters): Promise<MatchingSetFingerprint> {
  const matching = whereEventFilters(
    db.selectFrom('events').select(['events.id', 'events.version']),
    filters,
  );
  const { rows } = await sql<MatchingSetFingerprint>`
    with matching as materialized (${matching})
    select
      (select count(*)::int from matching) as count,
      (select coalesce(sum(hashtextextended(m.id::text || ':' || m.version, 0)), 0)::text from matching m)
        as events,
      (select coalesce(sum(hashtextextended(p.event_id::text || ':' || a.id || ':' || a.version, 0)), 0)::text
        from matching m
        join event_participants p on p.event_id = m.id
        join actors a on a.id = p.actor_id) as actors,
      (select coalesce(sum(hashtextextended(r.event_id::text || ':' || t.id || ':' || t.version, 0)), 0)::text
        from matching m
        join event_relations r on r.event_id = m.id
        join events t on t.id = r.target_id and t.deleted_at is null) as targets`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('an aggregate always returns one row');
  return row;
}
