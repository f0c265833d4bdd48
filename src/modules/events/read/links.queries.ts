import { sql } from 'kysely';
import type { Db } from '../../../db/schema.ts';

// The links of a page or an export batch. The ids go as one array parameter, not as an IN list of 500
// parameters, which made these queries take 2 to 2.5 times as long (parsing, binding and planning the list).

export function participantsOf(db: Db, eventIds: string[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('event_participants as p')
    .innerJoin('actors as a', 'a.id', 'p.actor_id')
    .select(['p.event_id', 'p.role', 'a.id', 'a.kind', 'a.name'])
    .where('p.event_id', '=', sql<string>`any(${eventIds}::uuid[])`)
    .orderBy('p.event_id')
    .orderBy(
      sql`array_position(array['forum','host','chair','initiator','speaker','recipient','mediator','party','observer'], p.role)`,
    )
    .orderBy('a.id')
    .execute();
}

export function sourcesOf(db: Db, eventIds: string[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('event_sources')
    .select(['event_id', 'title', 'publisher', 'url', 'published', 'lang', 'quote', 'quoted_actor'])
    .where('event_id', '=', sql<string>`any(${eventIds}::uuid[])`)
    .orderBy('event_id')
    .orderBy('position')
    .execute();
}

export function relationsOf(db: Db, eventIds: string[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('event_relations as r')
    .innerJoin('events as t', (join) => join.onRef('t.id', '=', 'r.target_id').on('t.deleted_at', 'is', null))
    .select(['r.event_id', 'r.kind', 'r.target_id', 't.slug as target_slug'])
    .where('r.event_id', '=', sql<string>`any(${eventIds}::uuid[])`)
    .orderBy('r.event_id')
    .orderBy('r.kind')
    .orderBy('r.target_id')
    .execute();
}
