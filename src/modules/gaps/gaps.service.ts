import type { Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { compareDays, fromPgDate, spanDuration, todayIso } from '../../domain/calendar.ts';
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
import {
  type CoarseEventRow,
  countCoarseEvents,
  findCoarseEvents,
  findGaps,
  type GapOrder,
  type GapPosition,
  type GapRecord,
  type GapRows,
  type GapSearch,
} from './gaps.queries.ts';
import type {
  CoarseEventSchema,
  CoarseReportSchema,
  GapEventRefSchema,
  GapReportSchema,
  GapSchema,
} from './gaps.schemas.ts';

export type ApiGap = Static<typeof GapSchema>;
type ApiCoarseReport = Static<typeof CoarseReportSchema>;
type ApiCoarseEvent = Static<typeof CoarseEventSchema>;
type ApiStatus = GapReport['statuses'][number];
export type ApiGapEventRef = Static<typeof GapEventRefSchema>;
export type GapReport = Static<typeof GapReportSchema>;

export interface GapQuery extends EventFilterQuery {
  coarse_days?: number;
  exclude_coarse?: boolean;
  as_of?: string;
  min?: string;
  min_days?: number;
  order?: GapOrder;
  include_leading?: boolean;
  limit?: number;
  cursor?: string;
}

/** A gap asks when something happened: without `status`, only events that took place count. */
export const GAP_DEFAULT_STATUSES = ['held'];
/** Events known only within more than a year (a decade, 20XX, an unknown end…) are coarse by default. */
export const DEFAULT_COARSE_DAYS = 366;
// How far the search for hidden gaps looks, and how much of it the answer lists.
const HIDDEN_SCAN = 1000;
const HIDDEN_LIMIT = 50;
const COARSE_LIMIT = 200;

/** The gaps of the matching events (docs/design.md, gap rules): a page of them, `since_last` and `longest`. */
export async function listGaps(
  db: Db,
  codec: CursorCodec,
  query: GapQuery,
  today: string = todayIso(),
): Promise<GapReport> {
  const filters = normalizeFilters(query, { defaultStatuses: GAP_DEFAULT_STATUSES });
  const asOf = resolveAsOf(query.as_of, filters, today);
  const min = resolveMin(query);
  const order = query.order ?? 'chronological';
  const limit = query.limit ?? 50;
  const leadingFrom = query.include_leading ? filters.windowStart : null;
  const coarseDays = query.coarse_days ?? DEFAULT_COARSE_DAYS;
  const excludeCoarse = query.exclude_coarse ?? false;
  const key = JSON.stringify([filtersKey(filters), asOf, min, order, leadingFrom, coarseDays, excludeCoarse]);
  const after = query.cursor ? decodePosition(codec, query.cursor, key, order) : null;

  const search: GapSearch = {
    filters,
    asOf,
    min,
    leadingFrom,
    order,
    limit,
    after,
    coarseDays,
    excludeCoarse,
  };
  const rows = await findGaps(db, search);
  const page = pageOf(rows.page, limit, (last) => codec.encode(positionOf(last, order), key));
  return {
    data: page.rows.map(toApiGap),
    next_cursor: page.nextCursor,
    since_last: rows.sinceLast ? toApiGap(rows.sinceLast) : null,
    longest: rows.longest ? toApiGap(rows.longest) : null,
    events_considered: rows.eventsConsidered,
    as_of: asOf,
    statuses: filters.statuses as ApiStatus[],
    coarse: await coarseReport(db, search, rows),
  };
}

/**
 * What coarse events do to the answer: a coarse event (uncertain by more than `coarseDays` on a side) may
 * close gaps that would be certain without it — one event dated `20XX` leaves an actor with no gap at all. The
 * gaps of the same question without the coarse events are searched for those whose certain span a coarse
 * event reaches into; each is reported with the events that hide it.
 */
async function coarseReport(db: Db, search: GapSearch, rows: GapRows): Promise<ApiCoarseReport> {
  const report: ApiCoarseReport = {
    days: search.coarseDays,
    excluded: search.excludeCoarse,
    events: rows.coarseEvents,
    hidden: [],
    advice: null,
  };
  if (search.excludeCoarse) {
    report.events = await countCoarseEvents(db, search.filters, search.asOf, search.coarseDays);
    if (report.events > 0) {
      report.advice = `${count(report.events, 'matching event')} dated with an uncertainty of more than ${search.coarseDays} days on a side ${report.events === 1 ? 'was' : 'were'} left out of these gaps (exclude_coarse=true).`;
    }
    return report;
  }
  if (rows.coarseEvents === 0) return report;
  const [coarse, without] = await Promise.all([
    findCoarseEvents(db, search.filters, search.asOf, search.coarseDays, COARSE_LIMIT),
    findGaps(db, { ...search, excludeCoarse: true, order: 'chronological', limit: HIDDEN_SCAN, after: null }),
  ]);
  const candidates = without.page.slice(0, HIDDEN_SCAN);
  if (without.sinceLast && !candidates.some((g) => g.open)) candidates.push(without.sinceLast);
  // A coarse event hides a gap when its extent reaches into the gap's certain span.
  const hidden = candidates
    .map((gap) => ({
      gap,
      by: coarse.filter(
        (e) => compareDays(e.se, gap.certain_end) < 0 && compareDays(e.el, gap.certain_start) > 0,
      ),
    }))
    .filter((h) => h.by.length > 0);
  report.hidden = hidden.slice(0, HIDDEN_LIMIT).map((h) => ({
    gap: toApiGap(h.gap),
    hidden_by: h.by.map(toCoarseEvent),
  }));
  if (hidden.length > 0) {
    const culprits = [...new Map(hidden.flatMap((h) => h.by).map((e) => [e.id, e])).values()];
    const named = culprits
      .slice(0, 3)
      .map((e) => `${e.slug ?? e.id} (${e.edtf})`)
      .join(', ');
    report.advice = `${count(hidden.length, 'gap')} ${hidden.length === 1 ? 'is' : 'are'} hidden by ${count(culprits.length, 'event')} dated with an uncertainty of more than ${search.coarseDays} days: ${named}${culprits.length > 3 ? ', …' : ''}. Date ${culprits.length === 1 ? 'it' : 'them'} more precisely where the sources allow (e.g. 2019-07 instead of 20XX), or ask with exclude_coarse=true to leave such events out (coarse_days sets what counts as coarse).`;
  }
  return report;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function toCoarseEvent(e: CoarseEventRow): ApiCoarseEvent {
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    date: e.edtf,
    start_uncertainty_days: e.start_days,
    end_uncertainty_days: e.end_days,
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
    const [start] = codec.decode(cursor, key, ['day']);
    return { order, start };
  }
  const [days, start] = codec.decode(cursor, key, ['count', 'day']);
  return { order, days, start };
}

/** Days as PostgreSQL writes them (`0044-03-15 BC`, `-infinity`) → ISO days, null when unbounded. */
const day = (value: string): string | null =>
  value === 'infinity' || value === '-infinity' ? null : fromPgDate(value);

function toApiGap(gap: GapRecord): ApiGap {
  const certain = { start: day(gap.certain_start) as string, end: day(gap.certain_end) as string };
  return {
    certain: { ...certain, days: gap.certain_days },
    possible: { start: day(gap.possible_start), end: day(gap.possible_end), days: gap.possible_days },
    duration: spanDuration(certain.start, certain.end),
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
