import { sql } from 'kysely';
import type { Db } from '../../../db/schema.ts';
import { type EventFilters, whereEventFilters } from '../event-filters.ts';

/**
 * The languages of the titles and summaries of the events an export holds, each sorted: the CSV export has a
 * column per language, so they are known before its first row. One pass over the matching events' texts.
 */
export async function exportLanguages(
  db: Db,
  filters: EventFilters,
): Promise<{ title: string[]; summary: string[] }> {
  const matching = whereEventFilters(
    db.selectFrom('events').select(['events.title', 'events.summary']),
    filters,
  );
  const { rows } = await sql<{ member: 'title' | 'summary'; lang: string }>`
    select distinct x.member, x.lang
    from (${matching}) as e
    cross join lateral (
      select 'title' as member, jsonb_object_keys(e.title) as lang
      union all select 'summary', jsonb_object_keys(e.summary)
    ) as x
    order by x.member, x.lang`.execute(db);
  return {
    title: rows.filter((r) => r.member === 'title').map((r) => r.lang),
    summary: rows.filter((r) => r.member === 'summary').map((r) => r.lang),
  };
}
