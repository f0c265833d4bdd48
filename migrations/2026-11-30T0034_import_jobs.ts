import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// Imports that run in the background (`Prefer: respond-async`, or a synchronous one that outlasts its wait):
// a row per import, so that any process of the service can answer for it, and its outcome outlives the
// process that ran it.
const statements: string[] = [
  `
  create table import_jobs (
      id uuid primary key default gen_random_uuid(),
      api_key_id uuid references api_keys (id),
      state text not null check (state in ('queued', 'running', 'succeeded', 'failed')),
      format text not null,
      dry_run boolean not null,
      -- phase, bytes read, rows and errors so far, rows per second: written every few seconds while it runs
      progress jsonb not null,
      result jsonb,
      problem jsonb,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      -- the runner's heartbeat: a running job whose row stops changing was lost with its process
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    )
  `,
  `
  create index import_jobs_created_idx on import_jobs (created_at)
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists import_jobs`.execute(db);
}
