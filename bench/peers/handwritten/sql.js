import { displayObject, displayOf } from './display.js';

// Each task is one statement whose single value is the whole response body, built by PostgreSQL in the
// API's shape: the same fields in the same order, the same values. The server sends that text as it is.

const ROLE_ORDER = `array['forum','host','chair','initiator','speaker','recipient','mediator','party','observer']`;
const TEXT_QUERY = (q) =>
  `(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('german', ${q}) || websearch_to_tsquery('simple', ${q}))`;
const ISO_INSTANT = (column) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One event of the alias `e` as the API writes it. `inline`: the display strings as an expression in the
 * statement, which runs three times faster than the function but makes the statement slow to plan
 * (see server.js: which statements are planned once and which every time).
 */
function eventObject(e, inline) {
  return `json_build_object(
    'id', ${e}.id, 'slug', ${e}.slug, 'type', ${e}.type, 'status', ${e}.status,
    'title', ${e}.title, 'summary', ${e}.summary,
    'date', json_build_object(
      'edtf', ${e}.edtf, 'precision', ${e}.precision,
      'start', json_build_object('earliest', nullif(${e}.start_earliest, '-infinity'),
                                 'latest', nullif(${e}.start_latest, '-infinity'),
                                 'approximate', ${e}.start_approximate, 'uncertain', ${e}.start_uncertain),
      'end', json_build_object('earliest', nullif(${e}.end_earliest, 'infinity'),
                               'latest', nullif(${e}.end_latest, 'infinity'),
                               'approximate', ${e}.end_approximate, 'uncertain', ${e}.end_uncertain),
      'approximate', ${e}.approximate, 'uncertain', ${e}.uncertain,
      'open_start', ${e}.open_start, 'unknown_start', ${e}.unknown_start,
      'open_end', ${e}.open_end, 'unknown_end', ${e}.unknown_end, 'one_of', ${e}.one_of,
      'display', ${inline ? displayObject((c) => `${e}.${c}`) : displayOf(e)}),
    'participants', coalesce((
      select json_agg(json_build_object('actor', json_build_object('id', a.id, 'kind', a.kind, 'name', a.name),
                                        'role', p.role)
                      order by array_position(${ROLE_ORDER}, p.role), a.id)
      from event_participants p join actors a on a.id = p.actor_id
      where p.event_id = ${e}.id), '[]'),
    'location', case when ${e}.location_name is null and ${e}.location_country is null and ${e}.location_lat is null
      then null
      else json_strip_nulls(json_build_object('name', ${e}.location_name, 'country', ${e}.location_country,
                                              'lat', ${e}.location_lat, 'lon', ${e}.location_lon,
                                              'precision', ${e}.location_precision)) end,
    'sources', coalesce((
      select json_agg(json_strip_nulls(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url,
        'published', s.published, 'lang', s.lang, 'quote', s.quote, 'quoted_actor', s.quoted_actor))
        order by s.position)
      from event_sources s where s.event_id = ${e}.id), '[]'),
    'tags', ${e}.tags,
    'relations', coalesce((
      select json_agg(json_build_object('kind', r.kind, 'event', json_build_object('id', r.target_id, 'slug', t.slug))
                      order by r.kind, r.target_id)
      from event_relations r join events t on t.id = r.target_id and t.deleted_at is null
      where r.event_id = ${e}.id), '[]'),
    'version', ${e}.version,
    'created_at', ${ISO_INSTANT(`${e}.created_at`)},
    'updated_at', ${ISO_INSTANT(`${e}.updated_at`)})`;
}

/**
 * A page: `ids` is a subquery of (event_id, start_earliest) rows in timeline order, at most limit + 1 of
 * them; the body is `{data, next_cursor}` with this peer's own cursor (the position, base64url).
 */
function pageOf(ids, limit, inline) {
  return `with ids as (${ids}),
    page as (
      select i.event_id, i.start_earliest, row_number() over (order by i.start_earliest, i.event_id) as n
      from ids i
    ),
    shown as (
      select ${eventObject('e', inline)} as event, page.n, page.start_earliest, page.event_id
      from page join events e on e.id = page.event_id
      where page.n <= ${limit}
    )
    select json_build_object(
      'data', coalesce((select json_agg(shown.event order by shown.n) from shown), '[]'),
      'next_cursor', (
        select translate(encode(convert_to(json_build_array(shown.start_earliest, shown.event_id)::text, 'UTF8'),
                                'base64'), E'+/=\\n', '-_')
        from shown
        where shown.n = ${limit} and (select count(*) from page) > ${limit})
    )::text as body`;
}

/** The keyset condition after a cursor's (start, id), on columns `start` and `id`. */
const after = (start, id, p) => (p ? `and (${start}, ${id}) > ($${p}::date, $${p + 1}::uuid)` : '');

/**
 * An actor's events of one type in a window: participant rows (they carry the event's type and dates) that
 * start in the window, plus those that started earlier and reach into it; $1 actor, $2 type, $3 from, $4 to,
 * $5 limit, $6/$7 the cursor's position.
 */
export function actorTimeline(withCursor) {
  const c = withCursor ? 6 : 0;
  return pageOf(
    `select event_id, start_earliest from (
      (select p.event_id, p.start_earliest from event_participants p
        where p.live and p.actor_id = $1 and p.type = $2 and p.start_earliest between $3::date and $4::date
          ${after('p.start_earliest', 'p.event_id', c)}
        order by p.start_earliest, p.event_id limit $5 + 1)
      union
      (select p.event_id, p.start_earliest from event_participants p
        where p.live and p.actor_id = $1 and p.type = $2 and p.start_earliest < $3::date and p.extent @> $3::date
          ${after('p.start_earliest', 'p.event_id', c)}
        order by p.start_earliest, p.event_id limit $5 + 1)
    ) parts order by start_earliest, event_id limit $5 + 1`,
    '$5',
    true,
  );
}

/** The whole timeline from its start; $1 limit, $2/$3 the cursor's position. */
export function firstPages(withCursor) {
  return pageOf(
    `select e.id as event_id, e.start_earliest from events e
      where e.deleted_at is null ${after('e.start_earliest', 'e.id', withCursor ? 2 : 0)}
      order by e.start_earliest, e.id limit $1 + 1`,
    '$1',
    true,
  );
}

/** Full text in a window: $1 q, $2 from, $3 to, $4 limit, $5/$6 the cursor's position. */
export function fullText(withCursor) {
  const c = withCursor ? 5 : 0;
  return pageOf(
    `select event_id, start_earliest from (
      (select e.id as event_id, e.start_earliest from events e
        where e.deleted_at is null and e.search @@ ${TEXT_QUERY('$1')}
          and e.start_earliest between $2::date and $3::date ${after('e.start_earliest', 'e.id', c)}
        order by e.start_earliest, e.id limit $4 + 1)
      union all
      (select e.id, e.start_earliest from events e
        where e.deleted_at is null and e.search @@ ${TEXT_QUERY('$1')}
          and e.start_earliest < $2::date and e.extent @> $2::date ${after('e.start_earliest', 'e.id', c)}
        order by e.start_earliest, e.id limit $4 + 1)
    ) parts order by start_earliest, event_id limit $4 + 1`,
    '$4',
    false,
  );
}

/**
 * Events per year over everything (what happened: `held`, the API's default), zero-filled from the first start to the last finite day: `count` by
 * overlap, `certain` by containment. Events are counted per distinct (start, end) from the span index, then
 * per (start year, end year); each group adds its count at its first year and removes it after its last.
 */
export const HISTOGRAM_BY_YEAR = `
  with span as (
    select min(start_earliest) as first,
      max(case when end_latest = 'infinity' then start_latest else end_latest end) as last
    from events where deleted_at is null and status = 'held'
  ),
  bounds as (
    select first, greatest(last, first) as last, extract(year from first)::int as y0 from span
  ),
  extents as (
    select start_earliest, end_latest, count(*) as n from events where deleted_at is null and status = 'held'
    group by start_earliest, end_latest
  ),
  spans as (
    select extract(year from x.start_earliest)::int - b.y0 as sb,
      case when x.end_latest = 'infinity' then null else extract(year from x.end_latest)::int - b.y0 end as eb,
      sum(x.n) as n
    from extents x, bounds b group by 1, 2
  ),
  changes as (
    select greatest(sb, 0) as i, n as delta, case when sb = eb then n else 0 end as certain from spans
    union all
    select greatest(eb + 1, 0), -n, 0 from spans where eb is not null
  ),
  per_year as (select i, sum(delta) as delta, sum(certain) as certain from changes group by i),
  years as (
    select b.y0 + g.i as year, (sum(coalesce(p.delta, 0)) over (order by g.i))::int as count,
      coalesce(p.certain, 0)::int as certain, g.i
    from bounds b
    cross join generate_series(0, extract(year from b.last)::int - b.y0) as g(i)
    left join per_year p on p.i = g.i
  )
  select json_build_object(
    'data', coalesce((select json_agg(json_build_object(
        'bucket', lpad(year::text, 4, '0'),
        'start', make_date(year, 1, 1), 'end', make_date(year, 12, 31),
        'count', count, 'certain', certain) order by i) from years), '[]'),
    'next_cursor', null, 'bucket', 'year',
    'from', (select first from bounds), 'to', (select last from bounds),
    'statuses', json_build_array('held')
  )::text as body`;

/** The API's default: an event uncertain by more than this many days on a side is coarse. */
const COARSE_DAYS = 366;
const COARSE = (e) => `(
    (not ${e}.open_start and (not isfinite(${e}.start_earliest) or not isfinite(${e}.start_latest)
      or ${e}.start_latest - ${e}.start_earliest > ${COARSE_DAYS}))
    or (not ${e}.open_end and (not isfinite(${e}.end_earliest) or not isfinite(${e}.end_latest)
      or ${e}.end_latest - ${e}.end_earliest > ${COARSE_DAYS})))`;

/**
 * The gaps between an actor's `held` events of one type up to today, longest first (the API's walk, docs/design.md's gap rules):
 * $1 actor, $2 type, $3 limit. `duration` comes from PostgreSQL's age(), which borrows days from the start's
 * month where the API's date-fns borrows from the month before the end: the comparison leaves it out.
 */
export const GAPS_LONGEST = `
  with filtered as (
    select e.id, e.start_earliest as se, e.start_latest as sl, e.end_earliest as ee, e.end_latest as el,
      ${COARSE('e')} as coarse
    from events e
    where e.deleted_at is null and e.status = 'held' and e.type = $2 and e.start_earliest <= current_date
      and e.id in (select p.event_id from event_participants p where p.actor_id = $1 and p.type = $2 and p.live)
  ),
  walked as (
    select f.*, max(f.el) over (order by f.se, f.id rows between unbounded preceding and 1 preceding) as reach
    from filtered f
  ),
  numbered as (
    select w.*, sum(case when w.reach is null or w.se > w.reach then 1 else 0 end)
      over (order by w.se, w.id rows between unbounded preceding and current row) as block
    from walked w
  ),
  blocks as (
    select block, count(*) as size, min(se) as min_se, min(sl) as min_sl, max(ee) as max_ee, max(el) as max_el,
      (array_agg(id order by el desc, se desc, id desc))[1] as last_ending_id,
      (array_agg(id order by se, id))[1] as first_starting_id
    from numbered group by block
  ),
  paired as (
    select b.*, lag(max_el) over (order by block) as prev_max_el, lag(max_ee) over (order by block) as prev_max_ee,
      lag(last_ending_id) over (order by block) as prev_last_ending_id, max(block) over () as last_block
    from blocks b
  ),
  gaps as (
    select prev_max_el as certain_start, min_se as certain_end, prev_max_ee as possible_start, min_sl as possible_end,
      false as open, prev_last_ending_id as after_id, first_starting_id as before_id
    from paired where block > 1
    union all
    select max_el, current_date, max_ee, current_date, true, last_ending_id, null
    from paired where block = last_block and max_el < current_date
  ),
  measured as (
    select g.*, certain_end - certain_start as certain_days, possible_end - possible_start as possible_days,
      age(certain_end, certain_start) as span
    from gaps g
  ),
  page as (
    select m.*, row_number() over (order by certain_days desc, certain_start) as n
    from measured m order by certain_days desc, certain_start limit $3 + 1
  ),
  -- Only the gaps shown are turned into JSON: the page (its first is the longest) and the open one.
  shown as (
    select * from page where n <= $3
    union all
    select m.*, null from measured m where m.open
  ),
  gap_json as (
    select s.n, s.open, json_build_object(
      'certain', json_build_object('start', certain_start, 'end', certain_end, 'days', certain_days),
      'possible', json_build_object('start', possible_start, 'end', possible_end, 'days', possible_days),
      'duration', json_build_object(
        'iso', 'P' || coalesce(nullif(
          case when extract(year from span) > 0 then extract(year from span)::int || 'Y' else '' end ||
          case when extract(month from span) > 0 then extract(month from span)::int || 'M' else '' end ||
          case when extract(day from span) > 0 then extract(day from span)::int || 'D' else '' end, ''), '0D'),
        'months', (extract(year from span) * 12 + extract(month from span))::int),
      'after', (select json_build_object('id', a.id, 'slug', a.slug, 'title', a.title, 'date', a.edtf)
                from events a where a.id = s.after_id),
      'before', (select json_build_object('id', b.id, 'slug', b.slug, 'title', b.title, 'date', b.edtf)
                 from events b where b.id = s.before_id),
      'open', s.open, 'leading', false) as gap
    from shown s
  )
  select json_build_object(
    'data', coalesce((select json_agg(gap order by n) from gap_json where n is not null), '[]'),
    'next_cursor', (select translate(encode(convert_to(json_build_array(p.certain_days, p.certain_start)::text, 'UTF8'),
                                            'base64'), E'+/=\\n', '-_')
                    from page p where p.n = $3 and (select count(*) from page) > $3),
    'since_last', (select gap from gap_json where n is null),
    'longest', (select gap from gap_json where n = 1),
    'events_considered', (select coalesce(sum(size), 0)::int from blocks),
    'as_of', current_date,
    'statuses', json_build_array('held'),
    -- Only the answer without coarse events is built here: hidden gaps (a coarse event that may cover a gap)
    -- are not, and the same-answers check fails if a data set has coarse events in the task.
    'coarse', json_build_object('days', ${COARSE_DAYS}, 'excluded', false,
      'events', (select count(*) from filtered where coarse), 'hidden', '[]'::json, 'advice', null)
  )::text as body`;
