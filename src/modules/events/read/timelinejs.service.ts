import type { Db } from '../../../db/schema.ts';
import type { CursorCodec } from '../../../http/cursor.ts';
import { normalizeFilters } from '../event-filters.ts';
import { toTimelineJs } from './formats.mapper.ts';
import { labelsOf } from './labels.queries.ts';
import { describeQuery } from './query-title.mapper.ts';
import { type EventPageQuery, listEvents } from './read.service.ts';

/** A page of the timeline as TimelineJS 3 JSON in `lang`, with its title slide and the next page's cursor. */
export async function listEventsTimelineJs(db: Db, codec: CursorCodec, query: EventPageQuery, lang: string) {
  const filters = normalizeFilters(query);
  const page = await listEvents(db, codec, query);
  const types = [...new Set([...filters.types, ...page.data.map((e) => e.type)])];
  const labels = await labelsOf(db, types, filters.actors);
  const title = describeQuery(
    { from: query.from, to: query.to, filters, actorNames: labels.actors, typeLabels: labels.types },
    lang,
  );
  return {
    body: toTimelineJs(page.data, lang, { title, typeLabels: labels.types, nextCursor: page.next_cursor }),
    next_cursor: page.next_cursor,
    total: page.total,
  };
}
