import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// Gaps of a body ("bench-council-1's meetings", 10,000 of them at 1M events) read every matching event's dates.
// The participant rows already carry their event's type, start_earliest, end_latest and liveness (migration 0002);
// with the status, the two other bounds and the open flags as well, the walk reads the body's events from one
// index of the participant rows alone instead of looking each event up by its key (half of the statement's time).
// The same triggers keep the copy: a participant row takes its event's values when written, and an event's change
// of any copied column reaches its participant rows in the same transaction.
const statements: string[] = [
  `
  -- Rewrites every participant row: on a large database that takes longer than the API's statement timeout.
  set local statement_timeout = 0
  `,
  `
  alter table event_participants
    add column status text,
    add column start_latest date,
    add column end_earliest date,
    add column open_start boolean,
    add column open_end boolean
  `,
  `
  -- Rebuilt below with the copied columns included; not kept up to date through the rewrite.
  drop index if exists event_participants_type_timeline_idx
  `,
  `
  update event_participants p
    set status = e.status, start_latest = e.start_latest, end_earliest = e.end_earliest,
      open_start = e.open_start, open_end = e.open_end
    from events e
    where e.id = p.event_id
  `,
  `
  alter table event_participants
    alter column status set not null,
    alter column start_latest set not null,
    alter column end_earliest set not null,
    alter column open_start set not null,
    alter column open_end set not null
  `,
  `
  create or replace function event_participants_copy_event() returns trigger
  language plpgsql as $$
  begin
    select e.type, e.status, e.start_earliest, e.start_latest, e.end_earliest, e.end_latest,
        e.open_start, e.open_end, e.deleted_at is null
      into new.type, new.status, new.start_earliest, new.start_latest, new.end_earliest, new.end_latest,
        new.open_start, new.open_end, new.live
      from events e
      where e.id = new.event_id;
    return new;
  end
  $$
  `,
  `
  create or replace function events_copy_to_participants() returns trigger
  language plpgsql as $$
  begin
    update event_participants
      set type = new.type, status = new.status, start_earliest = new.start_earliest,
        start_latest = new.start_latest, end_earliest = new.end_earliest, end_latest = new.end_latest,
        open_start = new.open_start, open_end = new.open_end, live = new.deleted_at is null
      where event_id = new.id;
    return null;
  end
  $$
  `,
  `
  drop trigger if exists events_copy_to_participants on events
  `,
  `
  create trigger events_copy_to_participants
    after update of type, status, start_earliest, start_latest, end_earliest, end_latest, open_start, open_end,
      deleted_at on events
    for each row
    when (old.type is distinct from new.type
      or old.status is distinct from new.status
      or old.start_earliest is distinct from new.start_earliest
      or old.start_latest is distinct from new.start_latest
      or old.end_earliest is distinct from new.end_earliest
      or old.end_latest is distinct from new.end_latest
      or old.open_start is distinct from new.open_start
      or old.open_end is distinct from new.open_end
      or (old.deleted_at is null) is distinct from (new.deleted_at is null))
    execute function events_copy_to_participants()
  `,
  `
  -- The same keys and predicate as migration 0002's index, so the timeline's plans are unchanged; the included
  -- columns let the gap walk read a body's events of a type from this index alone (an index-only scan).
  create index event_participants_type_timeline_idx
    on event_participants (actor_id, type, start_earliest, event_id)
    include (status, start_latest, end_earliest, end_latest, open_start, open_end)
    where live
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
  await sql`drop index if exists event_participants_type_timeline_idx`.execute(db);
  await sql`drop trigger if exists events_copy_to_participants on events`.execute(db);
  await sql`
    create or replace function events_copy_to_participants() returns trigger
    language plpgsql as $$
    begin
      update event_participants
        set type = new.type, start_earliest = new.start_earliest, end_latest = new.end_latest,
          live = new.deleted_at is null
        where event_id = new.id;
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create trigger events_copy_to_participants
      after update of type, start_earliest, end_latest, deleted_at on events
      for each row
      when (old.type is distinct from new.type
        or old.start_earliest is distinct from new.start_earliest
        or old.end_latest is distinct from new.end_latest
        or (old.deleted_at is null) is distinct from (new.deleted_at is null))
      execute function events_copy_to_participants()
  `.execute(db);
  await sql`
    create or replace function event_participants_copy_event() returns trigger
    language plpgsql as $$
    begin
      select e.type, e.start_earliest, e.end_latest, e.deleted_at is null
        into new.type, new.start_earliest, new.end_latest, new.live
        from events e
        where e.id = new.event_id;
      return new;
    end
    $$
  `.execute(db);
  await sql`
    alter table event_participants
      drop column open_end, drop column open_start, drop column end_earliest, drop column start_latest,
      drop column status
  `.execute(db);
  await sql`
    create index event_participants_type_timeline_idx
      on event_participants (actor_id, type, start_earliest, event_id) where live
  `.execute(db);
}
