import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import { toPgDate } from '../../domain/calendar.ts';
import {
  type EventFilters,
  filtersKey,
  normalizeFilters,
  whereEventFilters,
} from '../events/events.service.ts';

export type BucketSize = 'year' | 'month' | 'day';

const STEP: Record<BucketSize, string> = { year: '1 year', month: '1 month', day: '1 day' };

/**
 * The first and last day touched by the matching events, to bound an open window: of each event its earliest
 * finite bound, and its latest (an open end counts up to its latest start, as an unknown one does).
 */
export async function matchingRange(db: Db, filters: EventFilters) {
  return whereEventFilters(db.selectFrom('events'), filters)
    .select([
      sql<string | null>`min(case
        when isfinite(events.start_earliest) then events.start_earliest
        when isfinite(events.start_latest) then events.start_latest
        else events.end_latest end)`.as('first'),
      sql<string | null>`max(case
        when isfinite(events.end_latest) then events.end_latest
        when isfinite(events.start_latest) then events.start_latest
        else events.end_earliest end)`.as('last'),
    ])
    .executeTakeFirstOrThrow();
}

export interface HistogramRow {
  start: string;
  end: string;
  count: number;
  certain: number;
}

/**
 * A year as a number on a line without gaps: PostgreSQL numbers 1 BC as -1 and has no year 0, so BC years are
 * moved up by one (1 BC → 0, 2 BC → -1) and a bucket count across the era boundary has no hole.
 */
function lineYear(year: RawBuilder<unknown>) {
  return sql`(${year} + case when ${year} < 0 then 1 else 0 end)`;
}

/**
 * The number of the bucket that contains `day`, counting from the bucket that starts on `first` (0); earlier
 * days get negative numbers. `day` must be finite; `first` is in PostgreSQL's form.
 */
function bucketNumber(size: BucketSize, day: RawBuilder<unknown>, first: string) {
  const year = sql`(${lineYear(sql`extract(year from ${day})::int`)} - ${lineYear(sql`extract(year from ${first}::date)::int`)})`;
  if (size === 'year') return year;
  if (size === 'month')
    return sql`(${year} * 12 + extract(month from ${day})::int - extract(month from ${first}::date)::int)`;
  return sql`(${day} - ${first}::date)`;
}

/**
 * Counts per bucket from `first` to `last` (`first` bucket-aligned, `last` any day of the last bucket),
 * zero-filled: `count` by the overlaps rule (extent && bucket), `certain` by the within rule (extent <@ bucket).
 *
 * One statement that reads the matching events once. They are first counted per distinct extent (without
 * other filters a streaming aggregate over an index-only scan of events_span_idx, so the bucket arithmetic
 * runs per extent, not per event), then per (start bucket sb, end bucket eb), eb null for an open end
 * ('infinity'). Buckets tile the calendar, so an event overlaps exactly the buckets sb..eb (sb..last when
 * open) and lies within one only when sb = eb. Each group adds its n at sb (at the first bucket when it
 * started before) and takes it away after eb: a running sum gives `count` in O(groups + buckets), however
 * long the spans, where probing the extent index per bucket fetched every open-ended event once per bucket.
 */
export async function histogramRows(
  db: Db,
  filters: EventFilters,
  size: BucketSize,
  first: string,
  last: string,
): Promise<HistogramRow[]> {
  first = toPgDate(first);
  last = toPgDate(last);
  const extents = whereEventFilters(db.selectFrom('events'), filters)
    .select(['events.start_earliest', 'events.end_latest', sql<number>`count(*)`.as('n')])
    .groupBy(['events.start_earliest', 'events.end_latest']);
  const sb = bucketNumber(size, sql.ref('x.start_earliest'), first);
  const eb = bucketNumber(size, sql.ref('x.end_latest'), first);
  // An unbounded start (-infinity) enters at the first bucket, as any start before it does.
  const spans = sql`with extents as ${extents}
    select case when isfinite(x.start_earliest) then ${sb} end as sb,
      case when x.end_latest = 'infinity' then null else ${eb} end as eb, sum(x.n) as n
    from extents x
    group by 1, 2`;
  return bucketRows(db, spans, size, first, last);
}

/**
 * The statuses whose counts the summary (migration 0090: event_histogram_spans and _bounds, kept by triggers
 * on events) answers exactly: the histogram over all live events of those statuses, per year, with no other
 * filter and no window. Anything else is counted from the events.
 */
export function summaryAnswers(filters: EventFilters, size: BucketSize): boolean {
  // Without a window `temporal` changes nothing, nor `actor_match` without actors: only the rest must be unset.
  const { temporal, actorMatch, statuses } = filters;
  const unfiltered = { ...normalizeFilters({}), temporal, actorMatch, statuses };
  return size === 'year' && statuses.length > 0 && filtersKey(filters) === filtersKey(unfiltered);
}

/** matchingRange from the summary: the first and last day of the events of `statuses` (summaryAnswers). */
export async function summaryRange(db: Db, statuses: string[]) {
  // The first (last) day whose events of those statuses still count, read in day order from the index.
  const side = (name: 'first' | 'last') => sql`select b.day from event_histogram_bounds b
    where b.side = ${name} and b.status in (${sql.join(statuses)})
    group by b.day having sum(b.n) > 0
    order by b.day ${sql.raw(name === 'first' ? 'asc' : 'desc')} limit 1`;
  const { rows } = await sql<{ first: string | null; last: string | null }>`
    select (${side('first')}) as first, (${side('last')}) as last`.execute(db);
  return rows[0] as { first: string | null; last: string | null };
}

/** histogramRows per year from the summary, for the filters summaryAnswers accepts. */
export async function summaryHistogramRows(
  db: Db,
  statuses: string[],
  first: string,
  last: string,
): Promise<HistogramRow[]> {
  first = toPgDate(first);
  last = toPgDate(last);
  const firstYear = lineYear(sql`extract(year from ${first}::date)::int`);
  // Years are stored as PostgreSQL numbers them (null: unbounded start, open or unknown end).
  const spans = sql`select case when s.start_year is not null then ${lineYear(sql.ref('s.start_year'))} - ${firstYear} end as sb,
      case when s.end_year is not null then ${lineYear(sql.ref('s.end_year'))} - ${firstYear} end as eb, sum(s.n) as n
    from event_histogram_spans s
    where s.status in (${sql.join(statuses)})
    group by 1, 2
    having sum(s.n) <> 0`;
  return bucketRows(db, spans, 'year', first, last);
}

/**
 * Counts per bucket from `first` to `last` (PostgreSQL's form; `first` bucket-aligned, `last` any day of the
 * last bucket), zero-filled, from `spans`: rows (sb, eb, n), n events from start bucket sb (null: before the
 * first) to end bucket eb (null: open). Each group adds its n at sb (at the first bucket when it started
 * before) and takes it away after eb: a running sum gives `count` in O(groups + buckets).
 */
async function bucketRows(
  db: Db,
  spans: RawBuilder<unknown>,
  size: BucketSize,
  first: string,
  last: string,
): Promise<HistogramRow[]> {
  const step = sql`${STEP[size]}::interval`;
  const lastBucket = bucketNumber(size, sql`${last}::date`, first);
  const { rows } = await sql<HistogramRow>`
    with spans as (${spans}),
    -- +n where a span enters the buckets (an earlier start enters at the first), -n after its last bucket.
    changes as (
      select greatest(coalesce(s.sb, 0), 0) as i, s.n as delta, case when s.sb = s.eb then s.n else 0 end as certain
      from spans s
      union all
      select greatest(s.eb + 1, 0), -s.n, 0
      from spans s
      where s.eb is not null
    ),
    per_bucket as (
      select c.i, sum(c.delta) as delta, sum(c.certain) as certain
      from changes c
      group by c.i
    )
    select
      (${first}::date + b.i * ${step})::date as start,
      (${first}::date + (b.i + 1) * ${step} - interval '1 day')::date as "end",
      (sum(coalesce(p.delta, 0)) over (order by b.i))::int as count,
      coalesce(p.certain, 0)::int as certain
    from generate_series(0, ${lastBucket}) as b(i)
    left join per_bucket p on p.i = b.i
    order by b.i
  `.execute(db);
  return rows;
}

/**
 * Folds the summary's delta rows into one row per key (event_histogram_compact, migration 0090). Writers
 * only append, so without this the rows a reader sums grow with every write statement.
 */
export async function compactHistogramSummary(db: Db): Promise<void> {
  await sql`select event_histogram_compact()`.execute(db);
}
