import { sql } from 'kysely';
import type { Db } from '../../../db/schema.ts';
import { type EventFilters, whereEventFilters } from '../event-filters.ts';

/** The matching events that have no coordinates: the GeoJSON export leaves them out and says how many. */
export async function countEventsWithoutCoordinates(db: Db, filters: EventFilters): Promise<number> {
  const row = await whereEventFilters(db.selectFrom('events'), filters)
    .where((eb) => eb.or([eb('events.location_lat', 'is', null), eb('events.location_lon', 'is', null)]))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}
