import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { openPostgres, type PostgresOptions } from '../../src/db/connect.ts';
import { createTestDatabase, type TestDatabase, usingServerPostgres } from '../helpers/database.ts';

// PgBouncer in transaction pooling mode refuses start-up parameters and keeps no per-connection state, so with
// DATABASE_SETTINGS=role the API sends none and relies on the role's or database's defaults (server PostgreSQL
// only: the embedded database has no connections).

let database: TestDatabase;
const warnings: string[] = [];
const logger = { warn: (_obj: object, msg: string) => warnings.push(msg) };
const handles: { close(): Promise<void> }[] = [];

before(async () => {
  if (usingServerPostgres) database = await createTestDatabase();
});
after(async () => {
  for (const handle of handles) await handle.close();
  await database?.close();
});

function open(settings: PostgresOptions['settings']) {
  const handle = openPostgres({
    url: database.url as string,
    poolSize: 1,
    statementTimeoutMs: 7000,
    connectTimeoutMs: 5000,
    settings,
    logger,
  });
  handles.push(handle);
  return handle;
}

async function shown(settings: PostgresOptions['settings']) {
  const { rows } = await sql<
    Record<string, string>
  >`select current_setting('statement_timeout') as statement_timeout,
      current_setting('idle_in_transaction_session_timeout') as idle,
      current_setting('max_parallel_workers_per_gather') as workers`.execute(open(settings).db);
  // The role check runs beside the first query: let it log.
  await sleep(200);
  return rows[0];
}

describe('database session settings', { skip: !usingServerPostgres && 'server PostgreSQL only' }, () => {
  test('connection: each connection sends them at start-up', async () => {
    warnings.length = 0;
    assert.deepEqual(await shown('connection'), { statement_timeout: '7s', idle: '14s', workers: '0' });
    assert.deepEqual(warnings, []);
  });

  test('role: nothing is sent, and missing role defaults are logged with the statements that set them', async () => {
    warnings.length = 0;
    assert.deepEqual(await shown('role'), { statement_timeout: '0', idle: '0', workers: '2' });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /ALTER ROLE "[^"]+" SET statement_timeout = '7000ms';/);
    assert.match(warnings[0] ?? '', /SET idle_in_transaction_session_timeout = '14000ms';/);
    assert.match(warnings[0] ?? '', /SET max_parallel_workers_per_gather = '0';/);
  });

  test('role: with the defaults set on the database, the sessions have them and nothing is logged', async () => {
    const name = new URL(database.url as string).pathname.slice(1);
    await sql`${sql.raw(`alter database ${name} set statement_timeout = '7s'`)}`.execute(database.db);
    await sql`${sql.raw(`alter database ${name} set idle_in_transaction_session_timeout = 14000`)}`.execute(
      database.db,
    );
    await sql`${sql.raw(`alter database ${name} set max_parallel_workers_per_gather = 0`)}`.execute(
      database.db,
    );
    warnings.length = 0;
    assert.deepEqual(await shown('role'), { statement_timeout: '7s', idle: '14s', workers: '0' });
    assert.deepEqual(warnings, []);
  });
});
