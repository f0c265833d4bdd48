import { type CompiledQuery, type RawBuilder, sql } from 'kysely';
import type { Database, Db } from '../../db/schema.ts';
import { type LeafMap, StatementShapes } from '../../db/statement-shapes.ts';
import { toPgDate } from '../../domain/calendar.ts';
import {
  coarseCondition,
  type EventFilters,
  filtersKey,
  mapFilterLeaves,
  normalizeFilters,
  whereEventFilters,
  windowCondition,
} from '../events/events.service.ts';

export type GapOrder = 'chronological' | 'longest';

/** Where a page of gaps continues: after this start (chronological) or this (days, start) (longest). */
export type GapPosition =
  | { order: 'chronological'; start: string }
  | { order: 'longest'; days: number; start: string };

export interface GapSearch {
  filters: EventFilters;
  asOf: string;
  /** An ISO 8601 duration (already checked against ISO_DURATION_PATTERN) or a number of days. */
  min: { duration: string } | { days: number } | null;
  /** Rule 7: add the gap from this day (the window start) to the first block. */
  leadingFrom: string | null;
  order: GapOrder;
  limit: number;
  after: GapPosition | null;
  /** Events uncertain by more than this many days on a side are coarse (see coarseCondition). */
  coarseDays: number;
  /** Leave the coarse events out of the gaps. */
  excludeCoarse: boolean;
}

/** One reported gap: a row of the page, the longest one, or the open one (`since_last`). */
export interface GapRecord {
  section: 'page' | 'longest' | 'since_last';
  certain_start: string;
  certain_end: string;
  certain_days: number;
  /** `-infinity` / `infinity` when a one-of set open at one end bounds the gap. */
  possible_start: string;
  possible_end: string;
  possible_days: number | null;
  open: boolean;
  leading: boolean;
  after_id: string | null;
  after_slug: string | null;
  after_title: Record<string, string> | null;
  after_edtf: string | null;
  before_id: string | null;
  before_slug: string | null;
  before_title: Record<string, string> | null;
  before_edtf: string | null;
}

export interface GapRows {
  eventsConsidered: number;
  /** Matching coarse events considered (0 when they were left out: count them with countCoarseEvents). */
  coarseEvents: number;
  /** The page in order, one row more than `limit` when another page follows. */
  page: GapRecord[];
  longest: GapRecord | null;
  sinceLast: GapRecord | null;
}

type GapRow = { events_considered: number; coarse_events: number } & (
  | GapRecord
  | { [K in keyof GapRecord]: null }
);

/**
 * The gap rules (docs/design.md, gap rules) in one statement over the filtered events: a running max of
 * the latest end numbers the blocks of overlapping events, each block is reduced to its bounds and bounding
 * events, and consecutive blocks give the gaps. It reads each matching event once, in (start_earliest, id) order.
 */
export async function findGaps(db: Db, search: GapSearch): Promise<GapRows> {
  const statement = gapStatements.compile(search, (input) => buildGapStatement(db, input));
  const { rows } = await db.executeQuery<GapRow>(statement);
  const records = rows.filter(
    (row): row is GapRecord & { events_considered: number; coarse_events: number } => row.section !== null,
  );
  return {
    eventsConsidered: rows[0]?.events_considered ?? 0,
    coarseEvents: rows[0]?.coarse_events ?? 0,
    page: records.filter((r) => r.section === 'page'),
    longest: records.find((r) => r.section === 'longest') ?? null,
    sinceLast: records.find((r) => r.section === 'since_last') ?? null,
  };
}

/** The gap statement's parameters: the filters' values, as_of, min, the leading day, limit, cursor, coarse days. */
export const gapLeaves: LeafMap<GapSearch> = (search, leaf) => ({
  ...search,
  filters: mapFilterLeaves(search.filters, leaf),
  asOf: leaf(search.asOf, 'day'),
  min:
    search.min === null
      ? null
      : 'days' in search.min
        ? { days: leaf(search.min.days, 'count') }
        : { duration: leaf(search.min.duration, 'text') },
  leadingFrom: search.leadingFrom === null ? null : leaf(search.leadingFrom, 'day'),
  limit: leaf(search.limit, 'count'),
  after:
    search.after === null
      ? null
      : search.after.order === 'chronological'
        ? { order: 'chronological', start: leaf(search.after.start, 'day') }
        : {
            order: 'longest',
            days: leaf(search.after.days, 'count'),
            start: leaf(search.after.start, 'day'),
          },
  coarseDays: leaf(search.coarseDays, 'count'),
});

/** The gap statement compiled once per shape (src/db/statement-shapes.ts): Kysely built its large CTE each time. */
export const gapStatements = new StatementShapes(gapLeaves);

/** The gap statement as Kysely builds it, every time (the shapes above are made from it). */
export function buildGapStatement(db: Db, search: GapSearch): CompiledQuery {
  const filtered = readsParticipantCopy(search.filters)
    ? participantRows(db, search)
    : whereEventFilters(
        db
          .selectFrom('events')
          .select([
            'events.id',
            'events.start_earliest as se',
            'events.start_latest as sl',
            'events.end_earliest as ee',
            'events.end_latest as el',
            coarseCondition(search.coarseDays).as('coarse'),
          ]),
        search.filters,
      ).where('events.start_earliest', '<=', toPgDate(search.asOf));
  const asOf = sql`${toPgDate(search.asOf)}::date`;
  const order = orderOf(search.order);

  return sql<GapRow>`
    -- Rules 1 and 2: the matching events that start on or before as_of (+∞ is stored as 'infinity').
    with filtered as ${filtered},
    -- Rule 3: the largest el of the events before this one in (se, id) order is the current block's reach;
    -- an event starting after it opens a new block. (filtered is read once, so PostgreSQL inlines it.)
    walked as (
      select f.*, max(f.el) over (order by f.se, f.id rows between unbounded preceding and 1 preceding) as reach
      from filtered f
      where ${search.excludeCoarse ? sql`not f.coarse` : sql`true`}
    ),
    numbered as (
      select w.*,
        sum(case when w.reach is null or w.se > w.reach then 1 else 0 end)
          over (order by w.se, w.id rows between unbounded preceding and current row) as block
      from walked w
    ),
    -- Rule 4: each block's bounds; after = the latest-ending event (on a tie the later in walk order),
    -- before = the first event.
    blocks as (
      select n.block,
        count(*) as size, count(*) filter (where n.coarse) as coarse_size, min(n.se) as min_se, min(n.sl) as min_sl, max(n.ee) as max_ee, max(n.el) as max_el,
        (array_agg(n.id order by n.el desc, n.se desc, n.id desc))[1] as last_ending_id,
        (array_agg(n.id order by n.se, n.id))[1] as first_starting_id
      from numbered n
      group by n.block
    ),
    paired as (
      select b.*,
        lag(b.max_el) over (order by b.block) as prev_max_el,
        lag(b.max_ee) over (order by b.block) as prev_max_ee,
        lag(b.last_ending_id) over (order by b.block) as prev_last_ending_id,
        max(b.block) over () as last_block
      from blocks b
    ),
    -- Rule 4 between consecutive blocks, rule 5 the open gap, rule 7 the leading gap.
    gaps as (
      select p.prev_max_el as certain_start, p.min_se as certain_end,
        p.prev_max_ee as possible_start, p.min_sl as possible_end,
        false as open, false as leading, p.prev_last_ending_id as after_id, p.first_starting_id as before_id
      from paired p
      where p.block > 1
      union all
      select p.max_el, ${asOf}, p.max_ee, ${asOf}, true, false, p.last_ending_id, null
      from paired p
      where p.block = p.last_block and p.max_el < ${asOf}
      ${leadingGap(search.leadingFrom)}
    ),
    -- A possible span is unbounded when a one-of set open at one end ([..1760-12-03]) bounds it.
    measured as (
      select g.*, g.certain_end - g.certain_start as certain_days,
        case when isfinite(g.possible_start) and isfinite(g.possible_end) then g.possible_end - g.possible_start end
          as possible_days
      from gaps g
    ),
    -- Rule 6.
    kept as (
      select m.* from measured m where ${minCondition(search.min)}
    ),
    page as (
      select k.*, row_number() over (order by ${order}) as ordinal
      from kept k
      where ${afterCondition(search.after)}
      order by ${order}
      limit ${search.limit + 1}
    ),
    reported as (
      select 'page' as section, p.ordinal,
        p.certain_start, p.certain_end, p.certain_days, p.possible_start, p.possible_end, p.possible_days,
        p.open, p.leading, p.after_id, p.before_id
      from page p
      union all
      select 'longest', 0, l.certain_start, l.certain_end, l.certain_days, l.possible_start, l.possible_end,
        l.possible_days, l.open, l.leading, l.after_id, l.before_id
      from (select * from kept order by certain_days desc, certain_start limit 1) l
      union all
      select 'since_last', 0, m.certain_start, m.certain_end, m.certain_days, m.possible_start, m.possible_end,
        m.possible_days, m.open, m.leading, m.after_id, m.before_id
      from measured m
      where m.open
    )
    select c.events_considered, c.coarse_events, r.section,
      r.certain_start, r.certain_end, r.certain_days, r.possible_start, r.possible_end, r.possible_days,
      r.open, r.leading,
      a.id as after_id, a.slug as after_slug, a.title as after_title, a.edtf as after_edtf,
      b.id as before_id, b.slug as before_slug, b.title as before_title, b.edtf as before_edtf
    from (
      select coalesce(sum(blocks.size), 0)::int as events_considered,
        coalesce(sum(blocks.coarse_size), 0)::int as coarse_events
      from blocks
    ) c
    left join reported r on true
    left join events a on a.id = r.after_id
    left join events b on b.id = r.before_id
    order by r.section, r.ordinal
  `.compile(db);
}

/** The filters with nothing set, to tell whether any filter other than those below is in use. */
const NO_FILTERS = normalizeFilters({});

/**
 * Whether the walk can read the participant rows alone: some actors (any of them, or one), and besides them only
 * roles, types, statuses and the window, which the rows carry too (the copy of migration 0100). Any other filter,
 * including one added later, makes the walk read the events as before.
 */
export function readsParticipantCopy(f: EventFilters): boolean {
  if (f.actors.length === 0 || (f.actorMatch === 'all' && f.actors.length > 1)) return false;
  const rest: EventFilters = {
    ...f,
    actors: [],
    actorMatch: NO_FILTERS.actorMatch,
    roles: [],
    types: [],
    statuses: [],
    windowStart: null,
    windowEnd: null,
    temporal: NO_FILTERS.temporal,
  };
  return filtersKey(rest) === filtersKey(NO_FILTERS);
}

/**
 * The matching events as the walk reads them, from the actors' participant rows (live ones only: a deleted event's
 * rows are not live). An event with several matching rows (two of the actors, or one actor in two roles) is read
 * once. By (actor, type, start) the rows come from one index alone when `type` is given (migration 0100).
 */
function participantRows(db: Db, search: GapSearch) {
  const f = search.filters;
  let q = db
    .selectFrom('event_participants as p')
    .distinctOn(['p.start_earliest', 'p.event_id'])
    .select([
      'p.event_id as id',
      'p.start_earliest as se',
      'p.start_latest as sl',
      'p.end_earliest as ee',
      'p.end_latest as el',
      coarseCondition(search.coarseDays, 'p').as('coarse'),
    ])
    .where('p.live', '=', true)
    .where('p.actor_id', 'in', f.actors);
  if (f.roles.length > 0) q = q.where('p.role', 'in', f.roles as Database['event_participants']['role'][]);
  if (f.types.length > 0) q = q.where('p.type', 'in', f.types);
  if (f.statuses.length > 0)
    q = q.where('p.status', 'in', f.statuses as ('held' | 'scheduled' | 'cancelled')[]);
  if (f.windowStart || f.windowEnd) q = q.where(windowCondition(f, f.temporal, 'p'));
  return q
    .where('p.start_earliest', '<=', toPgDate(search.asOf))
    .orderBy('p.start_earliest')
    .orderBy('p.event_id');
}

function orderOf(order: GapOrder): RawBuilder<unknown> {
  return order === 'longest' ? sql`certain_days desc, certain_start` : sql`certain_start`;
}

function leadingGap(leadingFrom: string | null): RawBuilder<unknown> {
  if (leadingFrom === null) return sql``;
  const from = toPgDate(leadingFrom);
  return sql`
      union all
      select ${from}::date, p.min_se, ${from}::date, p.min_sl, false, true, null, p.first_starting_id
      from paired p
      where p.block = 1 and ${from}::date < p.min_se`;
}

function minCondition(min: GapSearch['min']): RawBuilder<unknown> {
  if (min === null) return sql`true`;
  if ('days' in min) return sql`m.certain_days >= ${min.days}`;
  // PostgreSQL reads ISO 8601 durations as intervals; date + interval adds months (clamped), then days.
  return sql`m.certain_start + ${min.duration}::interval <= m.certain_end`;
}

function afterCondition(after: GapPosition | null): RawBuilder<unknown> {
  if (after === null) return sql`true`;
  if (after.order === 'chronological') return sql`k.certain_start > ${after.start}::date`;
  return sql`(k.certain_days < ${after.days} or (k.certain_days = ${after.days} and k.certain_start > ${after.start}::date))`;
}

/** A coarse event: its bounds as PostgreSQL writes them and how many days each side is uncertain by. */
export interface CoarseEventRow {
  id: string;
  slug: string | null;
  title: Record<string, string>;
  edtf: string;
  se: string;
  el: string;
  /** null: unbounded. */
  start_days: number | null;
  end_days: number | null;
}

/** The matching coarse events that start on or before as_of, in timeline order, at most `limit`. */
export function findCoarseEvents(
  db: Db,
  filters: EventFilters,
  asOf: string,
  days: number,
  limit: number,
): Promise<CoarseEventRow[]> {
  return whereEventFilters(
    db.selectFrom('events').select([
      'events.id',
      'events.slug',
      'events.title',
      'events.edtf',
      'events.start_earliest as se',
      'events.end_latest as el',
      sql<number | null>`case when events.open_start then 0
          when isfinite(events.start_earliest) and isfinite(events.start_latest)
          then events.start_latest - events.start_earliest end`.as('start_days'),
      sql<number | null>`case when events.open_end then 0
          when isfinite(events.end_earliest) and isfinite(events.end_latest)
          then events.end_latest - events.end_earliest end`.as('end_days'),
    ]),
    filters,
  )
    .where('events.start_earliest', '<=', toPgDate(asOf))
    .where(coarseCondition(days))
    .orderBy('events.start_earliest')
    .orderBy('events.id')
    .limit(limit)
    .execute();
}

/** How many matching coarse events start on or before as_of. */
export async function countCoarseEvents(db: Db, filters: EventFilters, asOf: string, days: number) {
  const row = await whereEventFilters(db.selectFrom('events'), filters)
    .select(sql<number>`count(*)::int`.as('n'))
    .where('events.start_earliest', '<=', toPgDate(asOf))
    .where(coarseCondition(days))
    .executeTakeFirstOrThrow();
  return row.n;
}
