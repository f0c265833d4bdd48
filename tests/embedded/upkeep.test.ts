import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CompiledQuery, Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import {
  EmbeddedUpkeep,
  readTableActivity,
  tableNeeds,
  tablesToAnalyzeAtStart,
} from '../../src/db/embedded-upkeep.ts';
import type { Database } from '../../src/db/schema.ts';
import { createEmbeddedDatabase } from '../helpers/database.ts';

// The embedded database has no autovacuum: the upkeep analyzes and vacuums by autovacuum's rules, between
// requests. Always on PGlite, whatever TEST_DATABASE_URL says (server PostgreSQL has autovacuum).

const EVENTS = 3000;
const ACTORS = 40;

let database: DatabaseHandle & { pglite: import('@electric-sql/pglite').PGlite };
let db: Kysely<Database>;
before(async () => {
  database = await createEmbeddedDatabase();
  db = database.db;
  // Events of two types over 1950–2030, each with two of 40 actors: what an import of a few thousand rows leaves.
  await sql`
    insert into actors (id, kind, name)
    select 'state-' || g, 'state', jsonb_build_object('en', 'State ' || g) from generate_series(1, ${ACTORS}) g`.execute(
    db,
  );
  await sql`
    insert into events (slug, type, title, edtf, precision, start_earliest, start_latest, end_earliest, end_latest)
    select 'upkeep-' || g, case when g % 3 = 0 then 'statement' else 'meeting' end,
           jsonb_build_object('en', 'Event ' || g), to_char(d, 'YYYY-MM-DD'), 'day', d, d, d, d
      from generate_series(1, ${EVENTS}) g, lateral (select date '1950-01-01' + g * 9 as d) day`.execute(db);
  await sql`
    insert into event_participants (event_id, actor_id, role)
    select e.id, 'state-' || (1 + (n + k) % ${ACTORS}), 'party'
      from (select id, row_number() over (order by slug) as n from events where slug like 'upkeep-%') e,
           generate_series(0, 1) k`.execute(db);
});
after(async () => {
  await database.close();
});

const stat = async (table: string) =>
  (
    await sql<{ last_analyze: Date | null; last_vacuum: Date | null; n_dead_tup: number }>`
      select last_analyze, last_vacuum, n_dead_tup::int as n_dead_tup
        from pg_stat_user_tables where relname = ${table}`.execute(db)
  ).rows[0];

describe('autovacuum rules', () => {
  const quiet = {
    table: 't',
    reltuples: 1000,
    dead: 0,
    modifiedSinceAnalyze: 0,
    insertedSinceVacuum: 0,
    analyzeThreshold: 50,
    analyzeScale: 0.1,
    vacuumThreshold: 50,
    vacuumScale: 0.2,
    insertThreshold: 1000,
    insertScale: 0.2,
  };
  test('analyze past 50 + 10 % changed rows, vacuum past 50 + 20 % dead rows or 1000 + 20 % inserts', () => {
    assert.deepEqual(tableNeeds({ ...quiet, modifiedSinceAnalyze: 150 }), {
      table: 't',
      analyze: false,
      vacuum: false,
    });
    assert.deepEqual(tableNeeds({ ...quiet, modifiedSinceAnalyze: 151 }), {
      table: 't',
      analyze: true,
      vacuum: false,
    });
    assert.deepEqual(tableNeeds({ ...quiet, dead: 250 }), { table: 't', analyze: false, vacuum: false });
    assert.deepEqual(tableNeeds({ ...quiet, dead: 251 }), { table: 't', analyze: false, vacuum: true });
    assert.deepEqual(tableNeeds({ ...quiet, insertedSinceVacuum: 1201 }), {
      table: 't',
      analyze: false,
      vacuum: true,
    });
    assert.equal(tableNeeds({ ...quiet, insertedSinceVacuum: 5000, insertThreshold: -1 }).vacuum, false);
  });
  test('a table never analyzed (reltuples -1) counts as empty: 51 changed rows are enough', () => {
    assert.equal(tableNeeds({ ...quiet, reltuples: -1, modifiedSinceAnalyze: 51 }).analyze, true);
    assert.equal(tableNeeds({ ...quiet, reltuples: -1, modifiedSinceAnalyze: 50 }).analyze, false);
  });
});

describe('embedded upkeep', () => {
  test('after a bulk load, one pass analyzes the loaded tables, and an actor page then reads the participant index', async () => {
    const startedAt = new Date(Date.now() - 1000);
    assert.equal((await stat('events'))?.last_analyze, null, 'nothing analyzed the load yet');
    const atStart = await tablesToAnalyzeAtStart(db);
    assert.ok(atStart.includes('events') && atStart.includes('event_participants'), atStart.join());

    const activity = await readTableActivity(db);
    const byTable = new Map(activity.map((a) => [a.table, tableNeeds(a)]));
    assert.equal(byTable.get('events')?.analyze, true);
    assert.equal(byTable.get('event_participants')?.analyze, true);

    const upkeep = new EmbeddedUpkeep(db, { intervalMs: 0, idle: () => true });
    await upkeep.runOnce();
    for (const table of ['events', 'event_participants']) {
      const after = await stat(table);
      assert.ok(after?.last_analyze && after.last_analyze >= startedAt, `${table} analyzed by the pass`);
    }
    assert.ok(upkeep.status().analyzes >= 2);

    // The actor page as the API runs it, planned with the fresh statistics.
    const captured: CompiledQuery[] = [];
    const logged = new Kysely<Database>({
      dialect: new PGliteDialect(database.pglite),
      log: (event) => {
        if (event.level === 'query') captured.push(event.query);
      },
    });
    const app = await buildApp({
      config: loadConfig({ EMBEDDED_UPKEEP_INTERVAL_MS: '0', RATE_LIMIT_READS_PER_MINUTE: '0' }),
      database: { ...database, db: logged },
    });
    try {
      const page = await app.inject('/v1/events?actor=state-7&type=meeting&from=1990&to=1999&limit=50');
      assert.equal(page.statusCode, 200, page.body);
      assert.ok(page.json().data.length > 0);
    } finally {
      await app.close();
    }
    const plans: string[] = [];
    for (const query of captured) {
      const explained = await database.pglite.query<{ 'QUERY PLAN': string }>(
        `explain ${query.sql}`,
        query.parameters as unknown[],
      );
      plans.push(explained.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    const all = plans.join('\n\n');
    assert.match(
      all,
      /Index (Only )?Scan using event_participants_\w*timeline_idx/,
      'the page starts from the participant index',
    );
    // Planned for empty tables, the same page joined each participant row against an index scan of every
    // event (a nested loop with `Join Filter: (events.id = p.event_id)`) and read all participant rows.
    assert.doesNotMatch(all, /Join Filter: \(events(_\d+)?\.id = p(_\d+)?\.event_id\)/, all);
    assert.doesNotMatch(all, /Seq Scan on event_participants/, all);
  });

  test('dead rows from updates and deletes past 50 + 20 % are vacuumed by the next pass; fewer are left', async () => {
    // 811 of 3000 events updated (threshold 650), 1500 of 6000 participant rows deleted (threshold 1250),
    // 10 of 40 actors updated (threshold 58: left for later, as autovacuum would).
    await sql`update events set tags = '{touched}' where slug like 'upkeep-%' and start_earliest < '1970-01-01'`.execute(
      db,
    );
    await sql`delete from event_participants where actor_id in (select 'state-' || g from generate_series(1, 10) g)`.execute(
      db,
    );
    await sql`update actors set aliases = '{x}' where id in (select 'state-' || g from generate_series(31, 40) g)`.execute(
      db,
    );
    await sql`select pg_stat_force_next_flush()`.execute(db);
    assert.deepEqual(
      [
        (await stat('events'))?.n_dead_tup,
        (await stat('event_participants'))?.n_dead_tup,
        (await stat('actors'))?.n_dead_tup,
      ],
      [811, 1500, 10],
    );

    const upkeep = new EmbeddedUpkeep(db, { intervalMs: 0, idle: () => true });
    await upkeep.runOnce();
    assert.deepEqual(
      [
        (await stat('events'))?.n_dead_tup,
        (await stat('event_participants'))?.n_dead_tup,
        (await stat('actors'))?.n_dead_tup,
      ],
      [0, 0, 10],
    );
    assert.ok((await stat('events'))?.last_vacuum);
    assert.equal((await stat('actors'))?.last_vacuum, null);
  });

  test('the upkeep starts nothing while a request is in flight, and runs as soon as there is none', async () => {
    await sql`update events set tags = '{again}' where slug like 'upkeep-%' and start_earliest < '1990-01-01'`.execute(
      db,
    );
    let inFlight = 1;
    const upkeep = new EmbeddedUpkeep(db, { intervalMs: 0, idle: () => inFlight === 0 });
    const pass = upkeep.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual([upkeep.status().analyzes, upkeep.status().vacuums], [0, 0], 'waited for the request');
    inFlight = 0;
    await pass;
    assert.ok(upkeep.status().vacuums + upkeep.status().analyzes >= 1);
  });

  test('/readyz reports what a commit survives and what the upkeep did', async (t) => {
    const app = await buildApp({
      config: loadConfig({ EMBEDDED_UPKEEP_INTERVAL_MS: '60000' }),
      database,
    });
    t.after(() => app.close());
    const ready = await app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    const body = ready.json();
    assert.equal(body.embedded.commits_survive, 'none', 'an in-memory test database');
    assert.deepEqual(Object.keys(body.embedded.upkeep).sort(), [
      'analyzes',
      'last_action',
      'last_check',
      'vacuums',
    ]);
    assert.ok(app.upkeep, 'the upkeep runs on the embedded database');
  });
});
