import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// Full text over a window (issue #17): the events that started before the window and still run on its first
// day ("straddlers") are read in two parts. Open-ended ones (end 'infinity': every one that started before the
// window runs into it) in timeline order from a small btree, so a common word stops at `limit + 1` matches; the
// finite ones from a GiST of finite extents only. In the GiST of all extents the open-ended ranges contain
// every later day, so a probe for one day visited all of them (9,129 entries, 8,800 heap pages for 1990 at
// 1M, for 333 finite straddlers).
const STATEMENTS = [
  // Building the GiST reads every event: on a large database that takes longer than the API's statement timeout.
  `set local statement_timeout = 0`,
  `create index events_open_end_idx on events (start_earliest, id)
    where end_latest = 'infinity' and deleted_at is null`,
  `create index events_finite_extent_idx on events using gist (extent)
    where end_latest <> 'infinity' and deleted_at is null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per call: PGlite's extended protocol takes a single command at a time.
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists events_finite_extent_idx`.execute(db);
  await sql`drop index if exists events_open_end_idx`.execute(db);
}
