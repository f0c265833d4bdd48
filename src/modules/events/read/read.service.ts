import type { Db } from '../../../db/schema.ts';
import { displayDate } from '../../../domain/display.ts';
import { type CursorCodec, pageOf } from '../../../http/cursor.ts';
import { Problem } from '../../../http/problem.ts';
import { type EventFilterQuery, type EventFilters, filtersKey, normalizeFilters } from '../event-filters.ts';
import { type ApiEvent, toApiEvents } from './events.mapper.ts';
import type { Selection } from './fields.mapper.ts';
import { countEvents, findEventByIdOrSlug, listEventRows } from './page.queries.ts';
import { listEventJsonRows, pageText } from './page-json.queries.ts';

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

/**
 * A page as the UTF-8 bytes of an `EventList`'s JSON, written by PostgreSQL (but for the display strings of a
 * date none are stored for): bytes, because that is what the ETag's digest and the socket take.
 */
export interface EventPageJson {
  body: Buffer;
  next_cursor: string | null;
  total?: number;
}

function pageKey(filters: EventFilters, order: string): string {
  return `${filtersKey(filters)}|${order}`;
}

/** One page of the timeline in (start, id) order, with the cursor of the next page. */
export async function listEvents(db: Db, codec: CursorCodec, query: EventPageQuery): Promise<EventPage> {
  const { filters, limit, order, key, after } = pageRequest(codec, query);
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

/**
 * The same page as `listEvents`, as the JSON bytes the route sends: one statement, no row objects (see
 * page-json.queries.ts). Byte for byte it differs only in the spaces PostgreSQL keeps in language maps.
 */
export async function listEventsJson(
  db: Db,
  codec: CursorCodec,
  query: EventPageQuery,
  members?: Selection,
): Promise<EventPageJson> {
  const { filters, limit, order, key, after } = pageRequest(codec, query);
  const [text, total] = await Promise.all([
    pageText(db, filters, { limit, order, after }, members),
    query.count === 'exact' ? countEvents(db, filters) : Promise.resolve(undefined),
  ]);
  let data: Buffer;
  let nextCursor: string | null;
  if (text.missing === 0) {
    data = text.data ?? EMPTY;
    nextCursor =
      text.rows > limit ? codec.encode([text.last_start as string, text.last_id as string], key) : null;
  } else {
    // A date without stored display strings (a write that did not store them): Node writes them, row by row.
    const rows = await listEventJsonRows(db, filters, { limit, order, after }, members);
    const page = pageOf(rows, limit, (last) => codec.encode([last.start_earliest, last.id], key));
    data = Buffer.from(
      page.rows
        .map((row) => (row.tail === null ? row.head : `${row.head}${displayJson(row.edtf)}${row.tail}`))
        .join(','),
      'utf8',
    );
    nextCursor = page.nextCursor;
  }
  const end = `],"next_cursor":${JSON.stringify(nextCursor)}${total !== undefined ? `,"total":${total}` : ''}}`;
  const body = Buffer.concat([DATA_OPEN, data, Buffer.from(end, 'utf8')]);
  return { body, next_cursor: nextCursor, ...(total !== undefined ? { total } : {}) };
}

const DATA_OPEN = Buffer.from('{"data":[', 'utf8');
const EMPTY = Buffer.alloc(0);

function pageRequest(codec: CursorCodec, query: EventPageQuery) {
  const filters = normalizeFilters(query);
  const order = query.order ?? 'asc';
  const limit = query.limit ?? 50;
  const key = pageKey(filters, order);
  const after = query.cursor ? codec.decode(query.cursor, key, ['day', 'uuid']) : undefined;
  return { filters, order, limit, key, after };
}

// The display strings as JSON text, by EDTF (they are a pure function of it): a page repeats few dates.
const DISPLAY_JSON_CACHE_SIZE = 10_000;
const displayJsonCache = new Map<string, string>();

function displayJson(edtf: string): string {
  let json = displayJsonCache.get(edtf);
  if (json === undefined) {
    json = JSON.stringify(displayDate({ edtf }));
    if (displayJsonCache.size >= DISPLAY_JSON_CACHE_SIZE) displayJsonCache.clear();
    displayJsonCache.set(edtf, json);
  }
  return json;
}

export async function getEvent(db: Db, idOrSlug: string, includeDeleted = false): Promise<ApiEvent> {
  const row = await findEventByIdOrSlug(db, idOrSlug, includeDeleted);
  if (!row) throw new Problem('notFound', `No event "${idOrSlug}": look it up with GET /v1/events?q=…`);
  const [event] = await toApiEvents(db, [row]);
  if (!event) throw new Problem('notFound', `No event "${idOrSlug}"`);
  return event;
}
