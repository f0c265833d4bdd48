import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// Each event's JSON text, as a timeline page shows it (display strings included), stored at write time in
// event_pages, so that a page statement joins 50 stored texts instead of writing each event from its row, its
// participants with their actors' names, its sources and relations and its date's display strings (half of a
// page's PostgreSQL CPU, bench/README.md "Stored event texts"). A page whose event has no stored text (or a null
// one: its date had no display strings) writes that event as before, so a text missing is slower, never wrong.
//
// How the texts stay true (docs/design.md, "Stored event texts"):
// - Statement triggers on every table a text shows (events, event_participants, event_sources, event_relations,
//   actors' names and kinds, date_displays) queue the ids of the events whose text changes in
//   event_pages_pending, for the writing transaction (its xid), and mark the transaction in event_pages_commits.
// - A deferred constraint trigger on that mark runs once per transaction, just before it commits, when every row
//   of the write is in place: it writes the queued events' texts and empties the queue.
// - Concurrent writes: the texts of an event are written under the lock of its event_pages row, taken in id
//   order, by a volatile function whose queries see whatever committed before the lock was granted. The last
//   writer of a text therefore sees every change committed before it.
//
// EVENT_TEXT below is the writer of src/modules/events/read/page-json.queries.ts (`eventJsonParts`, no field
// selection) with `d.display` in the display gap, copied as it was when this migration was written. A change of
// that writer ships a migration that replaces event_page_json and event_pages_fill and rewrites the texts;
// tests/foundation/event-pages.test.ts fails until it does.
const EVENT_TEXT = `
'{"id":' || (to_json("e"."id")::text) || ',"slug":' || (coalesce(to_json("e"."slug")::text, 'null')) || ',"type":' || (to_json("e"."type")::text) || ',"status":' || (to_json("e"."status")::text) || ',"title":' || (e.title::text) || ',"summary":' || (e.summary::text) || ',"date":{"edtf":' || (to_json("e"."edtf")::text) || ',"precision":' || (to_json("e"."precision")::text) || ',"start":{"earliest":' || (case
    when "e"."start_earliest" = 'infinity'::date or "e"."start_earliest" = '-infinity'::date then 'null'
    when "e"."start_earliest" < '0001-01-01'::date then '"' || case to_char("e"."start_earliest", 'YYYY')::int
      when 1 then '0000' else '-' || lpad((to_char("e"."start_earliest", 'YYYY')::int - 1)::text, 4, '0') end
      || to_char("e"."start_earliest", '-MM-DD') || '"'
    else '"' || to_char("e"."start_earliest", 'YYYY-MM-DD') || '"' end) || ',"latest":' || (case
    when "e"."start_latest" = 'infinity'::date or "e"."start_latest" = '-infinity'::date then 'null'
    when "e"."start_latest" < '0001-01-01'::date then '"' || case to_char("e"."start_latest", 'YYYY')::int
      when 1 then '0000' else '-' || lpad((to_char("e"."start_latest", 'YYYY')::int - 1)::text, 4, '0') end
      || to_char("e"."start_latest", '-MM-DD') || '"'
    else '"' || to_char("e"."start_latest", 'YYYY-MM-DD') || '"' end) || ',"approximate":' || ("e"."start_approximate"::text) || ',"uncertain":' || ("e"."start_uncertain"::text) || '},"end":{"earliest":' || (case
    when "e"."end_earliest" = 'infinity'::date or "e"."end_earliest" = '-infinity'::date then 'null'
    when "e"."end_earliest" < '0001-01-01'::date then '"' || case to_char("e"."end_earliest", 'YYYY')::int
      when 1 then '0000' else '-' || lpad((to_char("e"."end_earliest", 'YYYY')::int - 1)::text, 4, '0') end
      || to_char("e"."end_earliest", '-MM-DD') || '"'
    else '"' || to_char("e"."end_earliest", 'YYYY-MM-DD') || '"' end) || ',"latest":' || (case
    when "e"."end_latest" = 'infinity'::date or "e"."end_latest" = '-infinity'::date then 'null'
    when "e"."end_latest" < '0001-01-01'::date then '"' || case to_char("e"."end_latest", 'YYYY')::int
      when 1 then '0000' else '-' || lpad((to_char("e"."end_latest", 'YYYY')::int - 1)::text, 4, '0') end
      || to_char("e"."end_latest", '-MM-DD') || '"'
    else '"' || to_char("e"."end_latest", 'YYYY-MM-DD') || '"' end) || ',"approximate":' || ("e"."end_approximate"::text) || ',"uncertain":' || ("e"."end_uncertain"::text) || '},"approximate":' || ("e"."approximate"::text) || ',"uncertain":' || ("e"."uncertain"::text) || ',"open_start":' || ("e"."open_start"::text) || ',"unknown_start":' || ("e"."unknown_start"::text) || ',"open_end":' || ("e"."open_end"::text) || ',"unknown_end":' || ("e"."unknown_end"::text) || ',"one_of":' || ("e"."one_of"::text) || ',"display":' || d.display || '},"participants":' || ('[' || coalesce((
    select string_agg('{"actor":{"id":' || to_json(a.id)::text || ',"kind":' || to_json(a.kind)::text
        || ',"name":' || a.name::text || '},"role":' || to_json(p.role)::text || '}', ','
      order by array_position(array['forum','host','chair','initiator','speaker','recipient','mediator','party','observer'], p.role), a.id)
    from event_participants p join actors a on a.id = p.actor_id
    where p.event_id = e.id), '') || ']') || ',"location":' || (case
    when coalesce(e.location_name, '') = '' and coalesce(e.location_country, '') = '' and e.location_lat is null
    then 'null'
    else '{' || concat_ws(',', case when "e"."location_name" <> '' then '"name":' || to_json("e"."location_name")::text end, case when "e"."location_country" <> '' then '"country":' || to_json("e"."location_country")::text end, '"lat":' || to_json(e.location_lat)::text, '"lon":' || to_json(e.location_lon)::text, case when "e"."location_precision" <> '' then '"precision":' || to_json("e"."location_precision")::text end) || '}' end) || ',"sources":' || ('[' || coalesce((
    select string_agg('{' || concat_ws(',', '"title":' || to_json(s.title)::text,
        case when "s"."publisher" <> '' then '"publisher":' || to_json("s"."publisher")::text end, case when "s"."url" <> '' then '"url":' || to_json("s"."url")::text end,
        case when "s"."published" <> '' then '"published":' || to_json("s"."published")::text end, case when "s"."lang" <> '' then '"lang":' || to_json("s"."lang")::text end,
        case when "s"."quote" <> '' then '"quote":' || to_json("s"."quote")::text end, case when "s"."quoted_actor" <> '' then '"quoted_actor":' || to_json("s"."quoted_actor")::text end) || '}', ','
      order by s.position)
    from event_sources s where s.event_id = e.id), '') || ']') || ',"tags":' || (to_json(e.tags)::text) || ',"relations":' || ('[' || coalesce((
    select string_agg('{"kind":' || to_json(r.kind)::text || ',"event":{"id":' || to_json(r.target_id)::text
        || ',"slug":' || coalesce(to_json(t.slug)::text, 'null') || '}}', ',' order by r.kind, r.target_id)
    from event_relations r join events t on t.id = r.target_id and t.deleted_at is null
    where r.event_id = e.id), '') || ']') || ',"version":' || (e.version::text) || ',"created_at":' || ('"' || to_char("e"."created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"') || ',"updated_at":' || ('"' || to_char("e"."updated_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"') || '}'`;

const statements: string[] = [
  `
  -- Writes every stored event's text: on a large database that takes longer than the API's statement timeout.
  set local statement_timeout = 0
  `,
  `
  create table event_pages (
    event_id uuid primary key references events (id) on delete cascade,
    -- null: the event's date has no display strings; the page writes this event from its row.
    json text
  )
  `,
  `create index event_pages_missing_idx on event_pages (event_id) where json is null`,
  `
  -- The events whose text a transaction changed, written by event_pages_fill when it commits.
  create table event_pages_pending (
    xid xid8 not null,
    event_id uuid not null,
    primary key (xid, event_id)
  )
  `,
  `
  -- One row per writing transaction: the deferred trigger on it runs event_pages_fill once, at commit.
  create table event_pages_commits (xid xid8 primary key)
  `,
  `
  -- An event's text as a page shows it; null when it has no display strings or no longer exists. Volatile on
  -- purpose: each of its queries takes a fresh snapshot, so after waiting for a lock it sees what committed.
  create function event_page_json(event uuid) returns text
  language sql volatile as $$
    select ${EVENT_TEXT}
    from events e join date_displays d on d.edtf = e.edtf
    where e.id = event
  $$
  `,
  `
  -- Texts a transaction left to be written later (see event_pages_fill), taken by event_pages_refill.
  create table event_pages_backlog (event_id uuid primary key)
  `,
  `
  -- Writes the texts of these events (those that no longer exist are skipped) and returns how many it was given.
  create function event_pages_write(ids uuid[]) returns integer
  language plpgsql as $$
  declare
    updated uuid[];
  begin
    -- Locked in id order, so that two transactions writing the same texts never wait for each other in a circle.
    -- The statements below start after the locks are granted: they see every write committed before.
    -- (Joins with unnest(ids) rather than "= any (ids)": the array is a parameter here, and PostgreSQL compares each
    -- row with all of its elements, 25,000 of them for a large actor.)
    perform 1 from event_pages p join unnest(ids) as k(id) on p.event_id = k.id order by p.event_id for update of p;
    with changed as (
      update event_pages p set json = ${EVENT_TEXT}
        from unnest(ids) as k(id) join events e on e.id = k.id left join date_displays d on d.edtf = e.edtf
        where p.event_id = k.id
        returning p.event_id)
    select coalesce(array_agg(event_id), '{}') into updated from changed;
    -- The others, by the ids the update did not write (not by "not exists", which would read a newer snapshot and
    -- skip a text another transaction committed meanwhile). A text another transaction inserted meanwhile is
    -- rewritten after its commit, by the volatile function.
    insert into event_pages (event_id, json)
      select e.id, ${EVENT_TEXT}
      from unnest(ids) as k(id)
        left join unnest(updated) as u(id) on u.id = k.id
        join events e on e.id = k.id
        left join date_displays d on d.edtf = e.edtf
      where u.id is null
      order by e.id
      on conflict (event_id) do update set json = event_page_json(excluded.event_id);
    return cardinality(ids);
  end
  $$
  `,
  `
  -- At commit: the queued texts are written in the transaction, up to timeline.event_pages_inline of them (1,000
  -- unless the transaction sets it: the import does). Beyond that (an actor of 100,000 events renamed) rewriting
  -- them all would hold the commit for minutes: their texts are deleted instead, so that pages write those events
  -- from their rows, and left in event_pages_backlog for event_pages_refill to write in batches.
  create function event_pages_fill() returns trigger
  language plpgsql as $$
  declare
    ids uuid[];
  begin
    with queued as (delete from event_pages_pending where xid = new.xid returning event_id)
      select array_agg(event_id order by event_id) into ids from queued;
    delete from event_pages_commits where xid = new.xid;
    if ids is null then
      return null;
    end if;
    if cardinality(ids) <= coalesce(nullif(current_setting('timeline.event_pages_inline', true), '')::integer, 1000)
    then
      perform event_pages_write(ids);
    else
      -- The backlog rows first, inserted or locked, so that a refill skips them until this commits (or this waits
      -- for a refill under way); then the texts, locked in id order and deleted, a refill's just committed included.
      insert into event_pages_backlog (event_id) select unnest(ids) order by 1
        on conflict (event_id) do update set event_id = excluded.event_id;
      perform 1 from event_pages p join unnest(ids) as k(id) on p.event_id = k.id order by p.event_id for update of p;
      delete from event_pages p using unnest(ids) as k(id) where p.event_id = k.id;
    end if;
    return null;
  end
  $$
  `,
  `
  -- Writes up to "batch" texts of the backlog in the calling transaction; returns how many (0: none left, or
  -- another session holds the rest).
  create function event_pages_refill(batch integer) returns integer
  language plpgsql as $$
  declare
    ids uuid[];
  begin
    with taken as (
      delete from event_pages_backlog where event_id in (
        select b.event_id from event_pages_backlog b order by b.event_id limit batch for update skip locked)
      returning event_id)
    select array_agg(event_id order by event_id) into ids from taken;
    if ids is null then
      return 0;
    end if;
    return event_pages_write(ids);
  end
  $$
  `,
  `
  create constraint trigger event_pages_fill after insert on event_pages_commits
    deferrable initially deferred for each row execute function event_pages_fill()
  `,
  `
  -- Queues ids for this transaction's fill (the callers' queries name their transition tables).
  create function event_pages_queue(ids uuid[]) returns void
  language sql as $$
    insert into event_pages_pending (xid, event_id)
      select distinct pg_current_xact_id(), k.id from unnest(ids) as k(id) where k.id is not null
      on conflict do nothing;
    insert into event_pages_commits (xid) values (pg_current_xact_id()) on conflict do nothing;
  $$
  `,
  `
  create function event_pages_events_written() returns trigger
  language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      perform event_pages_queue(array(select n.id from new_rows n));
    else
      -- Only rows whose text changes: an actor's rename rewrites the search document of each of its events, and that
      -- alone must not rewrite their texts (the actor's trigger queues them when its name or kind changed).
      perform event_pages_queue(array(
        select n.id from new_rows n join old_rows o on o.id = n.id
        where (n.slug, n.type, n.status, n.title, n.summary, n.edtf, n.precision, n.start_earliest, n.start_latest,
            n.start_approximate, n.start_uncertain, n.end_earliest, n.end_latest, n.end_approximate, n.end_uncertain,
            n.approximate, n.uncertain, n.open_start, n.unknown_start, n.open_end, n.unknown_end, n.one_of,
            n.location_name, n.location_country, n.location_lat, n.location_lon, n.location_precision, n.tags,
            n.version, n.created_at, n.updated_at)
          is distinct from
          (o.slug, o.type, o.status, o.title, o.summary, o.edtf, o.precision, o.start_earliest, o.start_latest,
            o.start_approximate, o.start_uncertain, o.end_earliest, o.end_latest, o.end_approximate, o.end_uncertain,
            o.approximate, o.uncertain, o.open_start, o.unknown_start, o.open_end, o.unknown_end, o.one_of,
            o.location_name, o.location_country, o.location_lat, o.location_lon, o.location_precision, o.tags,
            o.version, o.created_at, o.updated_at)));
      -- The events that relate to one whose slug or deletion changed show its slug, or stop showing it. (A lookup
      -- per changed id, "offset 0" keeping it one: plpgsql keeps the plan of its first call on a connection, and a
      -- hash join planned for a bulk update would scan all relations on every later single-row write.)
      perform event_pages_queue(array(
        select r.event_id
        from (select n.id from new_rows n join old_rows o on o.id = n.id
              where n.slug is distinct from o.slug or n.deleted_at is distinct from o.deleted_at) as c
          cross join lateral (select x.event_id from event_relations x where x.target_id = c.id offset 0) as r));
    end if;
    return null;
  end
  $$
  `,
  `
  create trigger event_pages_events_inserted after insert on events
    referencing new table as new_rows
    for each statement execute function event_pages_events_written()
  `,
  `
  create trigger event_pages_events_updated after update on events
    referencing old table as old_rows new table as new_rows
    for each statement execute function event_pages_events_written()
  `,
  `
  -- An event's participants, sources or relations: its text changes.
  create function event_pages_links_written() returns trigger
  language plpgsql as $$
  begin
    -- A participant's actor, a relation's target: share-locked in id order, so that a rename of the actor (or a
    -- deletion of the target) under way commits first and this transaction's texts see it, or waits for this one
    -- and then finds the new rows. (The foreign keys' own locks do not wait for such an update.)
    if tg_op in ('INSERT', 'UPDATE') and tg_table_name = 'event_participants' then
      perform 1 from actors a where a.id in (select n.actor_id from new_rows n) order by a.id for share;
    elsif tg_op in ('INSERT', 'UPDATE') and tg_table_name = 'event_relations' then
      perform 1 from events t where t.id in (select n.target_id from new_rows n) order by t.id for share;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
      perform event_pages_queue(array(select n.event_id from new_rows n));
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
      perform event_pages_queue(array(select o.event_id from old_rows o));
    end if;
    return null;
  end
  $$
  `,
  ...['event_participants', 'event_sources', 'event_relations'].flatMap((table) => [
    `create trigger event_pages_inserted after insert on ${table}
       referencing new table as new_rows
       for each statement execute function event_pages_links_written()`,
    `create trigger event_pages_updated after update on ${table}
       referencing old table as old_rows new table as new_rows
       for each statement execute function event_pages_links_written()`,
    `create trigger event_pages_deleted after delete on ${table}
       referencing old table as old_rows
       for each statement execute function event_pages_links_written()`,
  ]),
  `
  -- An actor's name or kind: the text of every event it takes part in.
  create function event_pages_actors_updated() returns trigger
  language plpgsql as $$
  begin
    -- A lookup per renamed actor (see event_pages_events_written for "offset 0").
    perform event_pages_queue(array(
      select p.event_id
      from (select n.id from new_rows n join old_rows o on o.id = n.id
            where n.name is distinct from o.name or n.kind is distinct from o.kind) as c
        cross join lateral (select x.event_id from event_participants x where x.actor_id = c.id offset 0) as p));
    return null;
  end
  $$
  `,
  `
  create trigger event_pages_actors_updated after update on actors
    referencing old table as old_rows new table as new_rows
    for each statement execute function event_pages_actors_updated()
  `,
  `
  -- A date's display strings: a new row completes the texts stored null for want of it (few, by the partial
  -- index); a changed or deleted one, every event of that date (a migration's work, never a request's).
  create function event_pages_displays_written() returns trigger
  language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      perform event_pages_queue(array(
        select p.event_id from event_pages p join events e on e.id = p.event_id
        where p.json is null and e.edtf in (select n.edtf from new_rows n)));
    elsif tg_op = 'UPDATE' then
      perform event_pages_queue(array(
        select e.id from events e where e.edtf in (
          select n.edtf from new_rows n join old_rows o on o.edtf = n.edtf where n.display is distinct from o.display)));
    else
      perform event_pages_queue(array(select e.id from events e where e.edtf in (select o.edtf from old_rows o)));
    end if;
    return null;
  end
  $$
  `,
  `
  create trigger event_pages_displays_inserted after insert on date_displays
    referencing new table as new_rows
    for each statement execute function event_pages_displays_written()
  `,
  `
  create trigger event_pages_displays_updated after update on date_displays
    referencing old table as old_rows new table as new_rows
    for each statement execute function event_pages_displays_written()
  `,
  `
  create trigger event_pages_displays_deleted after delete on date_displays
    referencing old table as old_rows
    for each statement execute function event_pages_displays_written()
  `,
  `
  -- The texts of the events stored before this migration.
  insert into event_pages (event_id, json)
    select e.id, ${EVENT_TEXT}
    from events e left join date_displays d on d.edtf = e.edtf
  `,
  `analyze event_pages`,
];

export async function up(db: Kysely<any>): Promise<void> {
  const started = Date.now();
  for (const statement of statements) await sql.raw(statement).execute(db);
  const seconds = (Date.now() - started) / 1000;
  // Said only where it took a while: a large database.
  if (seconds > 2)
    process.stderr.write(`migration 0110: stored the texts of the events in ${seconds.toFixed(1)} s\n`);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The tables first (the deferred trigger goes with event_pages_commits), then the functions: "cascade" drops the
  // triggers on events, its link tables, actors and date_displays that run them.
  await sql`drop table if exists event_pages_commits, event_pages_pending, event_pages_backlog, event_pages`.execute(
    db,
  );
  await sql`drop function if exists event_pages_fill(), event_pages_refill(integer), event_pages_write(uuid[]),
    event_pages_queue(uuid[]), event_pages_events_written(), event_pages_links_written(),
    event_pages_actors_updated(), event_pages_displays_written(), event_page_json(uuid) cascade`.execute(db);
}
