import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// A summary of the live events for the histogram and the stats over everything (issue #17), kept exact by
// statement-level triggers on events in the writing transaction, so that `GET /v1/timeline/histogram` and
// `GET /v1/stats` without filters (but `status`) read a few thousand rows instead of every event.
//
// - event_histogram_spans: per status, the year of the earliest start (null: unbounded, -infinity) and of the
//   latest end (null: open or unknown, infinity), as PostgreSQL numbers years (1 BC is -1).
// - event_histogram_bounds: per status, side 'first' the first day each event touches (its earliest finite
//   bound), side 'last' the last (its latest finite bound): the histogram's range without a window.
// - event_stats_counts: per status, type and country: `GET /v1/stats` over everything by those keys (and by
//   the PLOVER category and quad class, which belong to the type).
//
// All three are append-only deltas (+n, -n): a write only ever inserts rows, so writers never wait for each other
// on a counter row, however long an import runs beside them. The reader sums them; event_histogram_compact()
// folds them into one row per key (the service calls it periodically). docs/decisions.md says why.

const SPANS = `insert into event_histogram_spans (status, start_year, end_year, n)
        select c.status, event_histogram_year(c.se), event_histogram_year(c.el), sum(c.n)
        from changes c group by 1, 2, 3 having sum(c.n) <> 0`;

const STATS = `insert into event_stats_counts (status, type, location_country, n)
        select c.status, c.type, c.country, sum(c.n)
        from changes c group by 1, 2, 3 having sum(c.n) <> 0`;

const BOUNDS = `insert into event_histogram_bounds (status, side, day, n)
        select c.status, b.side, b.day, sum(c.n)
        from changes c
        cross join lateral (values
          ('first', event_histogram_first_day(c.se, c.sl, c.el)),
          ('last', event_histogram_last_day(c.el, c.sl, c.ee))) as b(side, day)
        group by 1, 2, 3 having sum(c.n) <> 0`;

const STATEMENTS = [
  // The backfill reads every event: on a large database that takes longer than the API's statement timeout.
  `set local statement_timeout = 0`,
  `
  create function event_histogram_first_day(se date, sl date, el date) returns date
    language sql immutable parallel safe
    return case when isfinite(se) then se when isfinite(sl) then sl else el end;
  `,
  `
  create function event_histogram_last_day(el date, sl date, ee date) returns date
    language sql immutable parallel safe
    return case when isfinite(el) then el when isfinite(sl) then sl else ee end;
  `,
  `
  create function event_histogram_year(d date) returns integer
    language sql immutable parallel safe
    return case when isfinite(d) then extract(year from d)::integer end;
  `,
  `
  create table event_histogram_spans (
    status text not null,
    start_year integer,
    end_year integer,
    n integer not null
  )
  `,
  `
  create table event_histogram_bounds (
    status text not null,
    side text not null check (side in ('first', 'last')),
    day date not null,
    n integer not null
  )
  `,
  `create index event_histogram_bounds_idx on event_histogram_bounds (side, day)`,
  `
  create table event_stats_counts (
    status text not null,
    type text not null,
    location_country text,
    n integer not null
  )
  `,
  `
  -- The changed rows of one statement as signed counts: +1 per live row of new_rows, -1 per live row of
  -- old_rows (an update is both). Keys whose sum is zero (the update did not touch what is counted: the
  -- import's search refresh, a title) write nothing. One statement per kind of trigger: a transition table
  -- exists only in the triggers that declare it.
  create function event_histogram_apply() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      with changes as (
        select status, type, location_country as country, start_earliest as se, start_latest as sl,
          end_earliest as ee, end_latest as el, 1 as n
        from new_rows where deleted_at is null
      ), spans as (${SPANS}), stats as (${STATS})
      ${BOUNDS};
    elsif tg_op = 'DELETE' then
      with changes as (
        select status, type, location_country as country, start_earliest as se, start_latest as sl,
          end_earliest as ee, end_latest as el, -1 as n
        from old_rows where deleted_at is null
      ), spans as (${SPANS}), stats as (${STATS})
      ${BOUNDS};
    else
      with changes as (
        select status, type, location_country as country, start_earliest as se, start_latest as sl,
          end_earliest as ee, end_latest as el, 1 as n
        from new_rows where deleted_at is null
        union all
        select status, type, location_country, start_earliest, start_latest, end_earliest, end_latest, -1
        from old_rows where deleted_at is null
      ), spans as (${SPANS}), stats as (${STATS})
      ${BOUNDS};
    end if;
    return null;
  end $$;
  `,
  `
  create function event_histogram_clear() returns trigger language plpgsql as $$
  begin
    delete from event_histogram_spans;
    delete from event_histogram_bounds;
    delete from event_stats_counts;
    return null;
  end $$;
  `,
  `
  -- One row per key with a non-zero sum. Rows deleted here stay visible to readers until this commits, and
  -- rows a concurrent writer adds meanwhile are not touched: no count is lost or counted twice.
  create function event_histogram_compact() returns void language sql as $$
    with moved as (delete from event_histogram_spans returning status, start_year, end_year, n)
    insert into event_histogram_spans (status, start_year, end_year, n)
      select status, start_year, end_year, sum(n) from moved group by 1, 2, 3 having sum(n) <> 0;
    with moved as (delete from event_histogram_bounds returning status, side, day, n)
    insert into event_histogram_bounds (status, side, day, n)
      select status, side, day, sum(n) from moved group by 1, 2, 3 having sum(n) <> 0;
    with moved as (delete from event_stats_counts returning status, type, location_country, n)
    insert into event_stats_counts (status, type, location_country, n)
      select status, type, location_country, sum(n) from moved group by 1, 2, 3 having sum(n) <> 0;
  $$;
  `,
  // The backfill, set-based (one pass over events), before the triggers exist.
  `
  insert into event_histogram_spans (status, start_year, end_year, n)
    select status, event_histogram_year(start_earliest), event_histogram_year(end_latest), count(*)
    from events where deleted_at is null
    group by 1, 2, 3
  `,
  `
  insert into event_histogram_bounds (status, side, day, n)
    select e.status, b.side, b.day, count(*)
    from events e
    cross join lateral (values
      ('first', event_histogram_first_day(e.start_earliest, e.start_latest, e.end_latest)),
      ('last', event_histogram_last_day(e.end_latest, e.start_latest, e.end_earliest))) as b(side, day)
    where e.deleted_at is null
    group by 1, 2, 3
  `,
  `
  insert into event_stats_counts (status, type, location_country, n)
    select status, type, location_country, count(*)
    from events where deleted_at is null
    group by 1, 2, 3
  `,
  `
  create trigger events_histogram_insert after insert on events
    referencing new table as new_rows for each statement execute function event_histogram_apply()
  `,
  `
  create trigger events_histogram_update after update on events
    referencing old table as old_rows new table as new_rows for each statement execute function event_histogram_apply()
  `,
  `
  create trigger events_histogram_delete after delete on events
    referencing old table as old_rows for each statement execute function event_histogram_apply()
  `,
  `
  create trigger events_histogram_truncate after truncate on events
    for each statement execute function event_histogram_clear()
  `,
  `analyze event_histogram_spans`,
  `analyze event_histogram_bounds`,
  `analyze event_stats_counts`,
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per call: PGlite's extended protocol takes a single command at a time.
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'drop trigger if exists events_histogram_insert on events',
    'drop trigger if exists events_histogram_update on events',
    'drop trigger if exists events_histogram_delete on events',
    'drop trigger if exists events_histogram_truncate on events',
    'drop function if exists event_histogram_apply()',
    'drop function if exists event_histogram_clear()',
    'drop function if exists event_histogram_compact()',
    'drop table if exists event_histogram_spans',
    'drop table if exists event_histogram_bounds',
    'drop table if exists event_stats_counts',
    'drop function if exists event_histogram_first_day(date, date, date)',
    'drop function if exists event_histogram_last_day(date, date, date)',
    'drop function if exists event_histogram_year(date)',
  ])
    await sql.raw(statement).execute(db);
}
