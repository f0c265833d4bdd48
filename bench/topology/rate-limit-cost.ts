import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/db/schema.ts';
import { countHit } from '../../src/http/rate-limit/rate-limit.queries.ts';

// What the shared rate-limit store costs the primary: statements per second of its upsert (one key for all,
// as one busy client; one key per loop, as many clients) beside `select 1`, from 16 loops for 5 s each through
// DATABASE_URL (a migrated database, e.g. the topology's bench database through PgBouncer).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5543/bench_100k npx tsx bench/topology/rate-limit-cost.ts

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write(
    'set DATABASE_URL to a migrated database (the upserts go to its rate_limit_counters)\n',
  );
  process.exit(64);
}
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 8 }) }),
});
const LOOPS = 16;
const SECONDS = 5;

async function rate(label: string, statement: (loop: number) => Promise<unknown>): Promise<void> {
  const until = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: LOOPS }, async (_, loop) => {
      while (performance.now() < until) {
        await statement(loop);
        done += 1;
      }
    }),
  );
  process.stdout.write(`| ${label} | ${Math.round(done / SECONDS)} |\n`);
}

process.stdout.write('| statement (16 loops, pool 8) | per second |\n|---|---|\n');
await rate('`select 1`', () => sql`select 1`.execute(db));
await rate('rate-limit upsert, one key', () => countHit(db, 'bench:one-key', 60_000));
await rate('rate-limit upsert, a key per loop', (loop) => countHit(db, `bench:key-${loop}`, 60_000));
await sql`delete from rate_limit_counters where key like 'bench:%'`.execute(db);
await db.destroy();
