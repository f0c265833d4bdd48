import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CompiledQuery, sql } from 'kysely';
import { seedDatabase } from '../../seeds/load.ts';
import { openPostgres } from '../../src/db/connect.ts';
import {
  PREPARED_PER_CONNECTION,
  PreparedStatements,
  preparable,
  statementName,
} from '../../src/db/prepared.ts';
import type { Db } from '../../src/db/schema.ts';
import { inReadSnapshot } from '../../src/db/transaction.ts';
import { normalizeFilters } from '../../src/modules/events/event-filters.ts';
import { type KeysetPage, listEventRowsQuery } from '../../src/modules/events/read/page.queries.ts';
import { pageText, pageTextStatements } from '../../src/modules/events/read/page-json.queries.ts';
import { createTestDatabase, type TestDatabase, usingServerPostgres } from '../helpers/database.ts';

// Reads go to server PostgreSQL as named statements, parsed once per connection (src/db/prepared.ts).

describe('which statements are named', () => {
  test('the same text gets the same name, another text another', () => {
    assert.equal(statementName('select 1'), statementName('select 1'));
    assert.notEqual(statementName('select 1'), statementName('select 2'));
    assert.match(statementName('select 1'), /^q[A-Za-z0-9_-]{24}$/);
  });

  test('reads are named; writes and full text are not', () => {
    assert.equal(preparable('select * from events where id = $1'), true);
    assert.equal(preparable('  WITH x as (select 1) select * from x'), true);
    assert.equal(preparable('insert into events (id) values ($1)'), false);
    assert.equal(preparable('update events set version = version + 1'), false);
    assert.equal(
      preparable("select id from events where search @@ websearch_to_tsquery('english', $1)"),
      false,
    );
    assert.equal(preparable('selection'), false);
  });

  test('a connection names at most its budget of statements, and keeps naming those it has', () => {
    const statements = new PreparedStatements(2);
    assert.equal(statements.nameFor('select 1'), statementName('select 1'));
    assert.equal(statements.nameFor('select 2'), statementName('select 2'));
    assert.equal(statements.nameFor('select 3'), undefined);
    assert.equal(statements.nameFor('select 1'), statementName('select 1'));
    assert.equal(statements.size, 2);
    assert.equal(new PreparedStatements().nameFor('select 1') !== undefined, PREPARED_PER_CONNECTION > 0);
  });
});

let database: TestDatabase;
const handles: { close(): Promise<void> }[] = [];

before(async () => {
  if (usingServerPostgres) database = await createTestDatabase();
});
after(async () => {
  for (const handle of handles) await handle.close();
  await database?.close();
});

/** A pool of one connection, so that the session the test looks at is the one that ran the statements. */
function open(preparedStatements?: boolean, settings?: 'connection' | 'role') {
  const handle = openPostgres({
    url: database.url as string,
    poolSize: 1,
    statementTimeoutMs: 7000,
    connectTimeoutMs: 5000,
    preparedStatements,
    settings,
  });
  handles.push(handle);
  return handle.db;
}

async function preparedNames(db: Db): Promise<string[]> {
  // Full text (`@@`) is never named, so this look-up does not add itself to the list.
  const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements
    where name <> '' and statement @@ to_tsquery('simple', 'select')
    order by name`.execute(db);
  return rows.map((row) => row.name);
}

const read = (db: Db) => sql<{ one: number }>`select ${1}::int as one`.compile(db);
const search = (db: Db) =>
  sql<{
    hit: boolean;
  }>`select to_tsvector('simple', 'Brussels summit') @@ to_tsquery('simple', ${'summit'}) as hit`.compile(db);

describe('named statements on server PostgreSQL', {
  skip: !usingServerPostgres && 'server PostgreSQL only',
}, () => {
  test('a read runs as a named statement of its connection, full text does not', async () => {
    const db = open();
    const compiled = read(db);
    assert.deepEqual((await db.executeQuery(compiled)).rows, [{ one: 1 }]);
    assert.deepEqual((await db.executeQuery(compiled)).rows, [{ one: 1 }]);
    assert.deepEqual((await db.executeQuery(search(db))).rows, [{ hit: true }]);
    assert.deepEqual(await preparedNames(db), [statementName(compiled.sql)]);
  });

  test('DATABASE_PREPARED_STATEMENTS=false and DATABASE_SETTINGS=role (PgBouncer) name nothing', async () => {
    for (const db of [open(false), open(undefined, 'role')]) {
      await db.executeQuery(read(db));
      assert.deepEqual(await preparedNames(db), []);
    }
  });

  test("an actor's timeline page keeps using the participant index under a generic plan", async () => {
    const db = open();
    const query: CompiledQuery = listEventRowsQuery(
      db,
      normalizeFilters({ actor: ['nato'], type: ['meeting'], from: '2019', to: '2019' }),
      { limit: 50, order: 'asc' },
    ).compile();
    await db.executeQuery(query);
    const literal = (value: unknown) =>
      typeof value === 'string' ? `'${value.replaceAll("'", "''")}'` : String(value);
    // The participant indexes hold only live rows: `live` must be written in the statement, not a parameter,
    // or a generic plan (which does not know the parameter's value) cannot use them.
    await sql`set plan_cache_mode = force_generic_plan`.execute(db);
    await sql`set enable_seqscan = off`.execute(db);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain (costs off) execute ${sql.id(
      statementName(query.sql),
    )}(${sql.raw(query.parameters.map(literal).join(', '))})`.execute(db);
    await sql`reset plan_cache_mode`.execute(db);
    await sql`reset enable_seqscan`.execute(db);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    assert.match(plan, /event_participants_type_timeline_idx/, plan);
  });

  test('timeline pages are planned once: PostgreSQL keeps their generic plan', async () => {
    const db = open();
    const plans = async (filters: ReturnType<typeof normalizeFilters>, page: KeysetPage) => {
      // Ten runs: PostgreSQL plans each of the first five for its values, then compares a generic plan's cost
      // with theirs. With the limit a parameter it took a tenth of the table and planned every run again.
      for (let run = 0; run < 10; run++) await pageText(db, filters, page);
      const statement = pageTextStatements.compile({ filters, page, selection: undefined }, () => {
        throw new Error('the shape was compiled by the runs above');
      });
      const { rows } = await sql<{ generic_plans: number; custom_plans: number }>`select
          generic_plans::int, custom_plans::int from pg_prepared_statements
        where name = ${statementName(statement.sql)}`.execute(db);
      return rows;
    };
    // The first page of the whole timeline has no parameter left at all.
    assert.deepEqual(await plans(normalizeFilters({}), { limit: 50, order: 'asc' }), [
      { generic_plans: 10, custom_plans: 0 },
    ]);
    // The next page's cursor is a parameter: planned five times, then the generic plan.
    const after: [string, string] = ['1990-01-01', '00000000-0000-4000-8000-000000000001'];
    assert.deepEqual(await plans(normalizeFilters({}), { limit: 50, order: 'asc', after }), [
      { generic_plans: 5, custom_plans: 5 },
    ]);
  });

  test('a full-text page plans only its positions each run; its events are written by a statement planned once', async () => {
    const db = open();
    await seedDatabase(db);
    const words = ['council', 'summit', 'meeting', 'nato', 'russia', 'council', 'summit', 'meeting'];
    const pages = [];
    for (const q of words)
      pages.push(await pageText(db, normalizeFilters({ q }), { limit: 50, order: 'asc' }));
    assert.ok(pages.every((page) => page.rows > 0 && page.data !== null));
    const { rows } = await sql<{ statement: string; generic_plans: number; custom_plans: number }>`select
        statement, generic_plans::int, custom_plans::int from pg_prepared_statements
      where name <> '' and statement like '%unnest($1::uuid[])%' and statement not like '%pg_prepared%'`.execute(
      db,
    );
    // One text for every word: the ids are its one parameter, and after five runs the generic plan is kept.
    assert.equal(rows.length, 1, JSON.stringify(rows));
    const [written] = rows as [(typeof rows)[0]];
    assert.equal(written.generic_plans + written.custom_plans, words.length);
    assert.ok(written.generic_plans >= words.length - 5, JSON.stringify(written));
    assert.doesNotMatch(written.statement, /@@/);
  });

  test('reads in one snapshot do not see a write committed between them', async () => {
    const db = open();
    const other = openPostgres({
      url: database.url as string,
      poolSize: 1,
      statementTimeoutMs: 7000,
      connectTimeoutMs: 5000,
    });
    handles.push(other);
    await sql`create table snapshot_probe (n int)`.execute(other.db);
    const count = async (on: Db) =>
      (await sql<{ n: number }>`select count(*)::int as n from snapshot_probe`.execute(on)).rows[0]?.n;
    const seen = await inReadSnapshot(db, async (tx) => {
      const before = await count(tx);
      await sql`insert into snapshot_probe values (1)`.execute(other.db);
      return [before, await count(tx)];
    });
    assert.deepEqual(seen, [0, 0]);
    // Outside a snapshot the second read sees the row, as every statement of READ COMMITTED does.
    assert.deepEqual([await count(db)], [1]);
    await assert.rejects(
      inReadSnapshot(db, (tx) => sql`insert into snapshot_probe values (2)`.execute(tx)),
      /read-only transaction/,
    );
  });
});
