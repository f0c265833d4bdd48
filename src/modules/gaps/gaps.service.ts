import type { Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { spanDuration, todayIso } from '../../domain/calendar.ts';
import { parsePartialDate } from '../../domain/partial-date.ts';
import { type CursorCodec, pageOf } from '../../http/cursor.ts';
import { invalidField, Problem } from '../../http/problem.ts';
import { findActor } from '../actors/actors.service.ts';
import {
  type EventFilterQuery,
  type EventFilters,
  filtersKey,
  normalizeFilters,
} from '../events/events.service.ts';
import { findGaps, type GapOrder, type GapPosition, type GapRecord, type GapSearch } from './gaps.queries.ts';
import type { GapEventRefSchema, GapReportSchema, GapSchema } from './gaps.schemas.ts';

export type ApiGap = Static<typeof GapSchema>;
export type ApiGapEventRef = Static<typeof GapEventRefSchema>;
export type GapReport = Static<typeof GapReportSchema>;

export interface GapQuery extends EventFilterQuery {
  as_of?: string;
  min?: string;
  min_days?: number;
  order?: GapOrder;
  include_leading?: boolean;
  limit?: number;
  cursor?: string;
}

/** The gaps of the matching events (docs/design.md, gap rules): a page of them, `since_last` and `longest`. */
export async function listGaps(
  db: Db,
  codec: CursorCodec,
  query: GapQuery,
  today: string = todayIso(),
): Promise<GapReport> {
  const filters = normalizeFilters(query);
  const asOf = resolveAsOf(query.as_of, filters, today);
  const min = resolveMin(query);
  const order = query.order ?? 'chronological';
  const limit = query.limit ?? 50;
  const leadingFrom = query.include_leading ? filters.windowStart : null;
  const key = JSON.stringify([filtersKey(filters), asOf, min, order, leadingFrom]);
  const after = query.cursor ? decodePosition(codec, query.cursor, key, order) : null;

  const search: GapSearch = { filters, asOf, min, leadingFrom, order, limit, after };
  const rows = await findGaps(db, search);
  const page = pageOf(rows.page, limit, (last) => codec.encode(positionOf(last, order), key));
  return {
    data: page.rows.map(toApiGap),
    next_cursor: page.nextCursor,
    since_last: rows.sinceLast ? toApiGap(rows.sinceLast) : null,
    longest: rows.longest ? toApiGap(rows.longest) : null,
    events_considered: rows.eventsConsidered,
    as_of: asOf,
  };
}

/** The gaps of one actor's events, in any role unless `role` narrows it; 404 for an unknown actor. */
export async function listActorGaps(
  db: Db,
  codec: CursorCodec,
  actorId: string,
  query: Omit<GapQuery, 'actor' | 'actor_match'>,
  today: string = todayIso(),
): Promise<GapReport> {
  const actor = await findActor(db, actorId);
  if (!actor) throw new Problem('notFound', `No actor "${actorId}": list actors with GET /v1/actors?q=…`);
  return listGaps(db, codec, { ...query, actor: [actorId] }, today);
}

/** `as_of` as a day: a partial date means its last day; by default the window's last day, else today. */
function resolveAsOf(asOf: string | undefined, filters: EventFilters, today: string): string {
  if (asOf === undefined) return filters.windowEnd ?? today;
  try {
    return parsePartialDate(asOf).last;
  } catch (error) {
    throw invalidField('query', 'as_of', error instanceof Error ? error.message : 'not a date');
  }
}

function resolveMin(query: GapQuery): GapSearch['min'] {
  if (query.min !== undefined && query.min_days !== undefined) {
    throw invalidField('query', 'min_days', 'give either min (an ISO 8601 duration) or min_days, not both');
  }
  if (query.min !== undefined) return { duration: query.min };
  if (query.min_days !== undefined) return { days: query.min_days };
  return null;
}

function positionOf(gap: GapRecord, order: GapOrder): (string | number)[] {
  return order === 'longest' ? [gap.certain_days, gap.certain_start] : [gap.certain_start];
}

function decodePosition(codec: CursorCodec, cursor: string, key: string, order: GapOrder): GapPosition {
  if (order === 'chronological') {
    const [start] = codec.decode(cursor, key, ['string']);
    return { order, start };
  }
  const [days, start] = codec.decode(cursor, key, ['number', 'string']);
  return { order, days, start };
}

function toApiGap(gap: GapRecord): ApiGap {
  return {
    certain: { start: gap.certain_start, end: gap.certain_end, days: gap.certain_days },
    possible: { start: gap.possible_start, end: gap.possible_end, days: gap.possible_days },
    duration: spanDuration(gap.certain_start, gap.certain_end),
    after: eventRef(gap.after_id, gap.after_slug, gap.after_title, gap.after_edtf),
    before: eventRef(gap.before_id, gap.before_slug, gap.before_title, gap.before_edtf),
    open: gap.open,
    leading: gap.leading,
  };
}

function eventRef(
  id: string | null,
  slug: string | null,
  title: Record<string, string> | null,
  edtf: string | null,
): ApiGapEventRef | null {
  return id !== null && title !== null && edtf !== null ? { id, slug, title, date: edtf } : null;
}
