import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// The change feed reads the revisions every write already leaves in its own transaction. A revision's id comes
// from a sequence, and ids commit out of order under concurrent writers; the id of the transaction that wrote
// it (`xact`) lets the feed hand out only what no running transaction can still precede: rows whose
// transaction is older than the oldest one running (`pg_snapshot_xmin`). Existing rows all get this
// migration's transaction id, and keep their id order within it.
const statements: string[] = [
  `
  alter table revisions add column xact xid8 not null default pg_current_xact_id()
  `,
  `
  create index revisions_feed_idx on revisions (xact, id)
  `,
  // One notification per writing statement (PostgreSQL folds equal ones per transaction), delivered at
  // commit: it wakes the API processes' change streams, which then read the feed themselves.
  `
  create function notify_timeline_changes() returns trigger language plpgsql as $$
  begin
    perform pg_notify('timeline_changes', '');
    return null;
  end
  $$
  `,
  `
  create trigger revisions_notify_changes after insert on revisions
    for each statement execute function notify_timeline_changes()
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists revisions_notify_changes on revisions`.execute(db);
  await sql`drop function if exists notify_timeline_changes()`.execute(db);
  await sql`drop index if exists revisions_feed_idx`.execute(db);
  await sql`alter table revisions drop column if exists xact`.execute(db);
}
