import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import { type EventFilters, whereEventFilters } from '../events/events.service.ts';

// An actor's network in one statement: the matching events it takes part in (the filters include it as
// `actor`), every other participant of them, and per participant the number of shared events and the first
// and last of them in timeline order.

export interface NetworkRow {
  id: string;
  kind: string;
  name: Record<string, string>;
  events: number;
  first_id: string;
  first_slug: string | null;
  first_edtf: string;
  last_id: string;
  last_slug: string | null;
  last_edtf: string;
}

export async function networkRows(
  db: Db,
  actor: string,
  filters: EventFilters,
  page: { offset: number; limit: number | null },
): Promise<NetworkRow[]> {
  const matched = whereEventFilters(
    db.selectFrom('events').select(['events.id', 'events.slug', 'events.edtf', 'events.start_earliest']),
    filters,
  );
  const { rows } = await sql<NetworkRow>`with matched as (${matched}),
    shared as (
      select distinct p.actor_id, m.id, m.slug, m.edtf, m.start_earliest
      from matched m join event_participants p on p.event_id = m.id
      where p.actor_id <> ${actor}
    ),
    ranked as (
      select s.*, count(*) over (partition by s.actor_id)::int as events,
        row_number() over (partition by s.actor_id order by s.start_earliest, s.id) as from_first,
        row_number() over (partition by s.actor_id order by s.start_earliest desc, s.id desc) as from_last
      from shared s
    )
    select a.id, a.kind, a.name, f.events,
      f.id as first_id, f.slug as first_slug, f.edtf as first_edtf,
      l.id as last_id, l.slug as last_slug, l.edtf as last_edtf
    from ranked f
    join ranked l on l.actor_id = f.actor_id and l.from_last = 1
    join actors a on a.id = f.actor_id
    where f.from_first = 1
    order by f.events desc, a.id collate "C"
    offset ${page.offset}
    ${page.limit === null ? sql`` : sql`limit ${page.limit}`}`.execute(db);
  return rows;
}
