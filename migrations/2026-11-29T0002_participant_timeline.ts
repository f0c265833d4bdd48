import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// An actor's timeline ("state-kr's meetings in the 2010s, 50 at a time") must not walk every event of the
// type from 1945 probing participants. Each participant row carries a copy of its event's type, dates and
// liveness, kept by triggers, so one index range gives an actor's events in timeline order and a GiST probe
// gives the ones that started before a window and reach into it.
const statements: string[] = [
  `
  -- Rewrites every participant row: on a large database that takes longer than the API's statement timeout.
  set local statement_timeout = 0
  `,
  `
  create extension if not exists btree_gist
  `,
  `
  alter table event_participants
    add column type text,
    add column start_earliest date,
    add column end_latest date,
    add column live boolean not null default true,
    add column extent daterange generated always as (daterange(start_earliest, end_latest, '[]')) stored
  `,
  `
  update event_participants p
    set type = e.type, start_earliest = e.start_earliest, end_latest = e.end_latest, live = e.deleted_at is null
    from events e
    where e.id = p.event_id
  `,
  `
  alter table event_participants
    alter column type set not null,
    alter column start_earliest set not null,
    alter column end_latest set not null
  `,
  `
  -- A participant row takes its event's copy when it is written, whatever the writer sent.
  create function event_participants_copy_event() returns trigger
  language plpgsql as $$
  begin
    select e.type, e.start_earliest, e.end_latest, e.deleted_at is null
      into new.type, new.start_earliest, new.end_latest, new.live
      from events e
      where e.id = new.event_id;
    return new;
  end
  $$
  `,
  `
  create trigger event_participants_copy_event
    before insert or update of event_id on event_participants
    for each row execute function event_participants_copy_event()
  `,
  `
  -- An event's change of type, dates or deletion reaches its participant rows in the same transaction.
  create function events_copy_to_participants() returns trigger
  language plpgsql as $$
  begin
    update event_participants
      set type = new.type, start_earliest = new.start_earliest, end_latest = new.end_latest,
        live = new.deleted_at is null
      where event_id = new.id;
    return null;
  end
  $$
  `,
  `
  create trigger events_copy_to_participants
    after update of type, start_earliest, end_latest, deleted_at on events
    for each row
    when (old.type is distinct from new.type
      or old.start_earliest is distinct from new.start_earliest
      or old.end_latest is distinct from new.end_latest
      or (old.deleted_at is null) is distinct from (new.deleted_at is null))
    execute function events_copy_to_participants()
  `,
  `
  create index event_participants_timeline_idx
    on event_participants (actor_id, start_earliest, event_id) where live
  `,
  `
  create index event_participants_type_timeline_idx
    on event_participants (actor_id, type, start_earliest, event_id) where live
  `,
  `
  create index event_participants_extent_idx
    on event_participants using gist (actor_id, type, extent) where live
  `,
  `
  -- The histogram reads (start, end) pairs, and the span of the matching events, from this index alone.
  create index events_span_idx on events (start_earliest, end_latest) include (start_latest)
    where deleted_at is null
  `,
  `
  analyze event_participants
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per call: PGlite's extended protocol takes a single command at a time.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists events_span_idx`.execute(db);
  await sql`drop trigger if exists events_copy_to_participants on events`.execute(db);
  await sql`drop function if exists events_copy_to_participants()`.execute(db);
  await sql`drop trigger if exists event_participants_copy_event on event_participants`.execute(db);
  await sql`drop function if exists event_participants_copy_event()`.execute(db);
  await sql`
    alter table event_participants
      drop column extent, drop column live, drop column end_latest, drop column start_earliest, drop column type
  `.execute(db);
}
