import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { NRC_SEED, seedDatabase } from '../../seeds/load.ts';
import { type DatabaseHandle, openPostgres } from '../../src/db/connect.ts';
import { createMigrator, migrateToLatest, migrationNames, pendingMigrations } from '../../src/db/migrate.ts';
import { createTestDatabase, usingServerPostgres } from '../helpers/database.ts';

describe(`migrations and seed on ${usingServerPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let database: DatabaseHandle;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  test('every migration is applied and the schema has the tables, indexes and vocabulary', async () => {
    const migrations = await createMigrator(database.db).getMigrations();
    assert.ok(migrations.length > 0);
    assert.ok(
      migrations.every((m) => m.executedAt !== undefined),
      'all migrations executed',
    );
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(
      database.db,
    );
    for (const table of [
      'actors',
      'api_keys',
      'event_participants',
      'event_relations',
      'event_sources',
      'event_types',
      'events',
      'idempotency_records',
      'revisions',
    ]) {
      assert.ok(
        tables.rows.some((r) => r.table_name === table),
        `table ${table}`,
      );
    }
    const indexes = await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes where tablename = 'events'`.execute(database.db);
    const def = (name: string) => indexes.rows.find((r) => r.indexname === name)?.indexdef ?? '';
    assert.match(def('events_extent_idx'), /USING gist \(extent\)/);
    assert.match(def('events_keyset_idx'), /\(start_earliest, id\)/);
    assert.match(def('events_search_idx'), /USING gin \(search\)/);
    const types = await database.db.selectFrom('event_types').select('code').orderBy('code').execute();
    assert.deepEqual(
      types.map((t) => t.code),
      [
        'agreement',
        'battle',
        'expulsion',
        'founding',
        'interview',
        'invitation',
        'meeting',
        'protest',
        'remote_violence',
        'resumption',
        'riot',
        'sanction',
        'statement',
        'strategic_development',
        'summit',
        'suspension',
        'violence_against_civilians',
        'visit',
      ],
    );
  });

  test('up to date, migrate returns at once; a missing row makes its migration pending, and an unknown one hands over to Kysely', async () => {
    const names = await migrationNames();
    assert.deepEqual(
      names,
      (await createMigrator(database.db).getMigrations()).map((m) => m.name),
      'the same names, in the same order, as Kysely reads from the folder',
    );
    assert.deepEqual(await pendingMigrations(database.db), []);
    assert.deepEqual(await migrateToLatest(database.db), { results: [] });

    const last = names.at(-1) as string;
    const row = await sql<{ name: string; timestamp: string }>`
      select name, timestamp from kysely_migration where name = ${last}`.execute(database.db);
    await sql`delete from kysely_migration where name = ${last}`.execute(database.db);
    try {
      assert.deepEqual(await pendingMigrations(database.db), [last]);
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${last}, ${row.rows[0]?.timestamp})`.execute(
        database.db,
      );
    }
    await sql`insert into kysely_migration (name, timestamp) values ('2999-01-01T0000_from_a_newer_build', '2999-01-01')`.execute(
      database.db,
    );
    try {
      assert.equal(await pendingMigrations(database.db), undefined);
      await assert.rejects(migrateToLatest(database.db), /2999-01-01T0000_from_a_newer_build/);
    } finally {
      await sql`delete from kysely_migration where name = '2999-01-01T0000_from_a_newer_build'`.execute(
        database.db,
      );
    }
    assert.deepEqual(await pendingMigrations(database.db), []);
  });

  test('dates round-trip as YYYY-MM-DD strings and counts as numbers', async () => {
    const row = await sql<{ d: unknown; inf: unknown; n: unknown }>`
      select '2019-07-05'::date as d, 'infinity'::date as inf, count(*)::int as n from event_types`.execute(
      database.db,
    );
    assert.deepEqual(row.rows[0], { d: '2019-07-05', inf: 'infinity', n: 18 });
  });

  test('seed: loads the NRC timeline, and a second run changes nothing', async () => {
    const first = await seedDatabase(database.db, NRC_SEED);
    assert.deepEqual(first, {
      actors: { created: 8, updated: 0, unchanged: 0 },
      events: { created: 7, updated: 0, unchanged: 0 },
    });
    const snapshot = async () => ({
      events: await database.db
        .selectFrom('events')
        .select(['id', 'slug', 'version', 'updated_at', 'edtf'])
        .orderBy('slug')
        .execute(),
      revisions: (await sql<{ n: number }>`select count(*)::int as n from revisions`.execute(database.db))
        .rows[0]?.n,
      participants: (
        await sql<{ n: number }>`select count(*)::int as n from event_participants`.execute(database.db)
      ).rows[0]?.n,
    });
    const before = await snapshot();
    const second = await seedDatabase(database.db, NRC_SEED);
    assert.deepEqual(second, {
      actors: { created: 0, updated: 0, unchanged: 8 },
      events: { created: 0, updated: 0, unchanged: 7 },
    });
    assert.deepEqual(await snapshot(), before);
    const meeting = before.events.find((e) => e.slug === 'nrc-meeting-2019-07');
    assert.equal(meeting?.edtf, '2019-07');
  });
});

describe('server PostgreSQL sessions', {
  skip: usingServerPostgres ? false : 'needs TEST_DATABASE_URL',
}, () => {
  test('run without parallel workers unless DATABASE_PARALLEL_WORKERS says otherwise', async () => {
    const setting = async (parallelWorkers?: number) => {
      const handle = openPostgres({
        url: process.env.TEST_DATABASE_URL as string,
        poolSize: 1,
        statementTimeoutMs: 5_000,
        connectTimeoutMs: 5_000,
        ...(parallelWorkers === undefined ? {} : { parallelWorkers }),
      });
      try {
        const { rows } = await sql<{ workers: string }>`
          select current_setting('max_parallel_workers_per_gather') as workers`.execute(handle.db);
        return rows[0]?.workers;
      } finally {
        await handle.close();
      }
    };
    assert.equal(await setting(), '0');
    assert.equal(await setting(3), '3');
  });
});
