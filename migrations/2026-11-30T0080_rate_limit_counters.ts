import { type Kysely, sql } from 'kysely';

// Frozen: this migration imports no app code and never changes once landed.
//
// Rate-limit counters shared by every API instance on one server PostgreSQL (RATE_LIMIT_STORE): one row per
// limited key and route, bumped by one upsert per request. UNLOGGED: a counter is worth nothing after a
// crash (it restarts at zero, as a restarted process's memory would), so it writes no WAL, costs the replicas
// nothing and never reaches them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create unlogged table rate_limit_counters (
      key text primary key,
      hits integer not null,
      resets_at timestamptz not null
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists rate_limit_counters`.execute(db);
}
