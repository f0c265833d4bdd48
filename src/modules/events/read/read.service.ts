import { createHash } from 'node:crypto';
import type { Db } from '../../../db/schema.ts';
import type { CursorCodec } from '../../../http/cursor.ts';
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

function decodePosition(codec: CursorCodec, cursor: string, key: string): [string, string] {
  const position = codec.decode(cursor, key);
  const [start, id] = position;
  if (typeof start !== 'string' || typeof id !== 'string') {
    throw new Problem('badCursor', 'cursor: it is malformed', [
      { detail: 'malformed', pointer: '/cursor', in: 'query' },
    ]);
  }
  return [start, id];
}

/** One page of the timeline in (start, id) order, with the cursor of the next page. */
export async function listEvents(db: Db, codec: CursorCodec, query: EventPageQuery): Promise<EventPage> {
  const filters = normalizeFilters(query);
  const order = query.order ?? 'asc';
  const limit = query.limit ?? 50;
  const key = pageKey(filters, order);
  const after = query.cursor ? decodePosition(codec, query.cursor, key) : undefined;
  const [rows, total] = await Promise.all([
    listEventRows(db, filters, { limit, order, after }),
    query.count === 'exact' ? countEvents(db, filters) : Promise.resolve(undefined),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const data = await toApiEvents(db, page);
  return {
    data,
    next_cursor: rows.length > limit && last ? codec.encode([last.start_earliest, last.id], key) : null,
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

/** A strong validator of the representation; its version prefix is what If-Match is checked against. */
export function eventEtag(event: ApiEvent): string {
  const digest = createHash('sha256').update(JSON.stringify(event)).digest('base64url').slice(0, 16);
  return `"${event.version}-${digest}"`;
}

/** The version an If-Match header asks for, or undefined for `*`; a malformed one is a 400. */
export function versionFromIfMatch(header: string): number | undefined {
  if (header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"(\d+)(?:-[\w-]*)?"$/.exec(header.trim());
  if (!match) {
    throw new Problem('validation', 'If-Match: give the ETag of the event as you last read it, e.g. "3-…"', [
      { detail: 'not an ETag of this API', pointer: '/If-Match', in: 'header' },
    ]);
  }
  return Number(match[1]);
}
