import type { Db } from '../../../db/schema.ts';
import { type CursorCodec, pageOf } from '../../../http/cursor.ts';
import { Problem } from '../../../http/problem.ts';
import { type EventFilterQuery, type EventFilters, filtersKey, normalizeFilters } from '../event-filters.ts';
import { type ApiEvent, toApiEvents } from './events.mapper.ts';
import { countEvents, findEventByIdOrSlug, listEventRows } from './page.queries.ts';

export interface EventPageQuery extends EventFilterQuery {
  limit?: number;
  cursor?: string;
  order?: 'asc' | 'desc';
  count?: 'exact';
}

export interface EventPage {
  data: ApiEvent[];
  next_cursor: string | null;
  total?: number;
}

function pageKey(filters: EventFilters, order: string): string {
  return `${filtersKey(filters)}|${order}`;
}

/** One page of the timeline in (start, id) order, with the cursor of the next page. */
export async function listEvents(db: Db, codec: CursorCodec, query: EventPageQuery): Promise<EventPage> {
  const filters = normalizeFilters(query);
  const order = query.order ?? 'asc';
  const limit = query.limit ?? 50;
  const key = pageKey(filters, order);
  const after = query.cursor ? codec.decode(query.cursor, key, ['day', 'uuid']) : undefined;
  const [rows, total] = await Promise.all([
    listEventRows(db, filters, { limit, order, after }),
    query.count === 'exact' ? countEvents(db, filters) : Promise.resolve(undefined),
  ]);
  const page = pageOf(rows, limit, (last) => codec.encode([last.start_earliest, last.id], key));
  return {
    data: await toApiEvents(db, page.rows),
    next_cursor: page.nextCursor,
    ...(total !== undefined ? { total } : {}),
  };
}

export async function getEvent(db: Db, idOrSlug: string, includeDeleted = false): Promise<ApiEvent> {
  const row = await findEventByIdOrSlug(db, idOrSlug, includeDeleted);
  if (!row) throw new Problem('notFound', `No event "${idOrSlug}": look it up with GET /v1/events?q=…`);
  const [event] = await toApiEvents(db, [row]);
  if (!event) throw new Problem('notFound', `No event "${idOrSlug}"`);
  return event;
}
