import { type RawBuilder, sql } from 'kysely';
import type { Database, Db, EventRow } from '../../../db/schema.ts';
import { toPgDate } from '../../../domain/calendar.ts';
import { type EventFilters, whereEventFilters } from '../event-filters.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an event reference is a UUID (any case); anything else is a slug. */
export const isUuid = (ref: string): boolean => UUID.test(ref);

export const eventColumns = [
  'events.id',
  'events.slug',
  'events.type',
  'events.status',
  'events.title',
  'events.summary',
  'events.edtf',
  'events.precision',
  'events.start_earliest',
  'events.start_latest',
  'events.end_earliest',
  'events.end_latest',
  'events.approximate',
  'events.uncertain',
  'events.open_end',
  'events.unknown_end',
  'events.start_approximate',
  'events.start_uncertain',
  'events.end_approximate',
  'events.end_uncertain',
  'events.open_start',
  'events.unknown_start',
  'events.one_of',
  'events.location_name',
  'events.location_country',
  'events.location_lat',
  'events.location_lon',
  'events.location_precision',
  'events.tags',
  'events.version',
  'events.created_at',
  'events.updated_at',
  'events.deleted_at',
] as const;

export type EventRecord = Omit<EventRow, 'search' | 'extent'>;

export function findEventByIdOrSlug(db: Db, idOrSlug: string, includeDeleted = false) {
  let q = db.selectFrom('events').select(eventColumns);
  q = isUuid(idOrSlug)
    ? q.where('events.id', '=', idOrSlug.toLowerCase())
    : q.where('events.slug', '=', idOrSlug);
  if (!includeDeleted) q = q.where('events.deleted_at', 'is', null);
  return q.executeTakeFirst();
}

export interface KeysetPage {
  limit: number;
  order: 'asc' | 'desc';
  /** The (start_earliest, id) of the last row of the previous page. */
  after?: [string, string];
}

/**
 * A page's row count written into the statement's text, not bound as a parameter. A generic plan (named
 * statements, src/db/prepared.ts) takes a parameter's LIMIT for a tenth of the rows (100,000 at 1M), so its cost
 * never came near a custom plan's and PostgreSQL planned every page again (about 1 ms at 1M). With the number in
 * the text there is one statement per limit (clients mostly use the default) and the generic plan is kept.
 */
export function limitLiteral(rows: number): RawBuilder<number> {
  if (!Number.isSafeInteger(rows) || rows < 0)
    throw new Error(`a page's row count is an integer, not ${rows}`);
  return sql.lit(rows);
}

/**
 * One page of the timeline in (start_earliest, id) order, `limit + 1` rows to know if more follow.
 *
 * Every row passes all the filters; what changes with them is where the rows are read from, so that a page
 * costs an index range, not a walk from 1945:
 * - with a window, the events that start in it come from one index range in timeline order, and the few that
 *   started earlier and reach into it (they all contain the window's first day) from a GiST probe;
 * - with actors, both read the actors' participant rows, which carry their event's type and dates.
 * The parts are disjoint (they split on the start), each is cut at `limit + 1`, and the page is their merge.
 * With `temporal=overlaps` each part's own condition implies the window overlap, which is left out: repeated,
 * the planner multiplied the two selectivities, took the straddlers of a window for a few where there were
 * thousands (9,129 at 1M for 1990) and read them all through GiST before the text index for a rare word.
 */
export function listEventRows(db: Db, filters: EventFilters, page: KeysetPage): Promise<EventRecord[]> {
  return listEventRowsQuery(db, filters, page).execute();
}

/** The statement of `listEventRows`, to be run as it is or read from by a larger one. */
export function listEventRowsQuery(db: Db, filters: EventFilters, page: KeysetPage) {
  return pageRowsQuery(db, filters, page, eventColumns);
}

/** Where an event of a page is: its id and its place in the timeline. */
export interface EventPosition {
  id: string;
  start_earliest: string;
}

const positionColumns = ['events.id', 'events.start_earliest'] as const;

/**
 * The page of `listEventRowsQuery` as positions only: the same rows in the same order, two columns instead of
 * thirty-three. For a statement planned at every run (full text, src/db/prepared.ts) the columns are most of
 * the planning: each is copied through every level of the union (bench/README.md, "Full text, sixth session").
 */
export function listEventPositionsQuery(db: Db, filters: EventFilters, page: KeysetPage) {
  return pageRowsQuery(db, filters, page, positionColumns);
}

function pageRowsQuery<C extends typeof eventColumns | typeof positionColumns>(
  db: Db,
  filters: EventFilters,
  page: KeysetPage,
  columns: C,
) {
  const parts = startParts(filters).map((part) => pagePart(db, filters, page, part, columns));
  const [only, ...more] = parts;
  if (!only) throw new Error('a timeline page has at least one part');
  if (more.length === 0) return only;
  return db
    .selectFrom((eb) => {
      let union = eb.selectFrom(only.as('part0')).selectAll();
      more.forEach((part, i) => {
        union = union.unionAll(eb.selectFrom(part.as(`part${i + 1}`)).selectAll());
      });
      return union.as('parts');
    })
    .selectAll()
    .orderBy('parts.start_earliest', page.order)
    .orderBy('parts.id', page.order)
    .limit(limitLiteral(page.limit + 1));
}

/**
 * Where a part of the page reads its events: a range of starts, or those that contain `straddling` (`ends`:
 * only the open-ended ones, or only the others).
 */
type StartPart =
  | { from: string | null; to: string | null }
  | { straddling: string; ends?: 'open' | 'finite' };

function startParts(f: EventFilters): StartPart[] {
  const inWindow = { from: f.windowStart, to: f.windowEnd };
  // `within` needs the whole event in the window, so it starts there; `overlaps` also takes the events that
  // started before the window and still run on its first day.
  if (f.temporal === 'within' || !f.windowStart) return [inWindow];
  // Full text: the open-ended straddlers in timeline order (a common word stops at limit + 1), the finite ones
  // from a GiST without the open-ended ranges (migration 0091); a rare word still takes the text index.
  if (f.q && f.actors.length === 0)
    return [
      inWindow,
      { straddling: f.windowStart, ends: 'open' },
      { straddling: f.windowStart, ends: 'finite' },
    ];
  return [inWindow, { straddling: f.windowStart }];
}

function pagePart<C extends typeof eventColumns | typeof positionColumns>(
  db: Db,
  f: EventFilters,
  page: KeysetPage,
  part: StartPart,
  columns: C,
) {
  if (f.actors.length === 0) {
    const q = whereEventFilters(db.selectFrom('events').select(columns), f, { overlapImplied: true });
    // The finite straddlers are few but sit at the far end of the timeline index: sorted on an expression,
    // they are taken from their GiST and sorted, where the planner otherwise walked the index from its start.
    const start =
      'straddling' in part && part.ends === 'finite'
        ? sql`events.start_earliest + 0`
        : sql.ref('events.start_earliest');
    return partConditions('events', 'id', part, page)
      .reduce((query, condition) => query.where(condition), q)
      .orderBy(start, page.order)
      .orderBy('events.id', page.order)
      .limit(limitLiteral(page.limit + 1));
  }
  // Driven by the participant rows of the actors (with `all`, of the first: the filters check the others).
  // An event with several of those rows is read once: distinct on its place in the timeline.
  const drivers = f.actorMatch === 'all' ? f.actors.slice(0, 1) : f.actors;
  let q = db
    .selectFrom('event_participants as p')
    .innerJoin('events', 'events.id', 'p.event_id')
    .distinctOn(['p.start_earliest', 'p.event_id'])
    .select(columns)
    // `live` written in the statement, not a parameter: a generic plan (src/db/prepared.ts) can then use the
    // participant indexes, which hold only live rows.
    .where(sql<boolean>`p.live`)
    .where('p.actor_id', 'in', drivers);
  if (f.roles.length > 0) q = q.where('p.role', 'in', f.roles as Database['event_participants']['role'][]);
  if (f.types.length > 0) q = q.where('p.type', 'in', f.types);
  q = partConditions('p', 'event_id', part, page).reduce((query, condition) => query.where(condition), q);
  // The filters only name `events`, which the join keeps.
  return whereEventFilters(
    q
      .orderBy('p.start_earliest', page.order)
      .orderBy('p.event_id', page.order)
      .limit(limitLiteral(page.limit + 1)),
    f,
    { drivenByParticipants: true, overlapImplied: true },
  );
}

/** The part's range of starts and the keyset position, on `events` or on participant rows (`p`). */
function partConditions(table: 'events' | 'p', id: 'id' | 'event_id', part: StartPart, page: KeysetPage) {
  const start = sql.ref(`${table}.start_earliest`);
  const conditions: RawBuilder<boolean>[] = [];
  if ('straddling' in part) {
    // Written as literals, so that a generic plan can use the partial indexes of migration 0091. An open-ended
    // event that started before the day contains it.
    const end = sql.ref(`${table}.end_latest`);
    if (part.ends === 'open') conditions.push(sql<boolean>`${end} = 'infinity'`);
    if (part.ends === 'finite') conditions.push(sql<boolean>`${end} <> 'infinity'`);
    conditions.push(sql<boolean>`${start} < ${toPgDate(part.straddling)}::date`);
    if (part.ends !== 'open')
      conditions.push(sql<boolean>`${sql.ref(`${table}.extent`)} @> ${toPgDate(part.straddling)}::date`);
  } else {
    if (part.from) conditions.push(sql<boolean>`${start} >= ${toPgDate(part.from)}::date`);
    if (part.to) conditions.push(sql<boolean>`${start} <= ${toPgDate(part.to)}::date`);
  }
  if (page.after) {
    const [after, afterId] = page.after;
    const cmp = sql.raw(page.order === 'asc' ? '>' : '<');
    conditions.push(
      sql<boolean>`(${start}, ${sql.ref(`${table}.${id}`)}) ${cmp} (${after}::date, ${afterId}::uuid)`,
    );
  }
  return conditions;
}

export async function countEvents(db: Db, filters: EventFilters): Promise<number> {
  const row = await whereEventFilters(db.selectFrom('events'), filters)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}
