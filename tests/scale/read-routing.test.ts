import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openPostgres } from '../../src/db/connect.ts';
import { formatLsn, parseLsn } from '../../src/db/read-replicas.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, usingServerPostgres } from '../helpers/database.ts';
import { bearer, createKeys, uniqueSlug } from '../helpers/fixtures.ts';

const serverOnly = usingServerPostgres
  ? {}
  : { skip: 'read replicas need server PostgreSQL: set TEST_DATABASE_URL to run these' };

interface Logged {
  level: 'warn' | 'info';
  obj: Record<string, unknown>;
  msg: string;
}

/**
 * An app whose DATABASE_URL is one fresh database and whose DATABASE_READ_URL is `readUrls`: on one server a
 * second database counts as a copy (same system identifier, and its own WAL position is the server's), so
 * which database answered shows where a read went.
 */
async function routedApp(
  t: { after: (fn: () => Promise<void>) => unknown },
  readUrls: (primaryUrl: string) => Promise<string[]>,
) {
  const primary = await createTestDatabase();
  t.after(() => primary.close());
  const urls = await readUrls(primary.url as string);
  const logged: Logged[] = [];
  const database = openPostgres({
    url: primary.url as string,
    poolSize: 2,
    statementTimeoutMs: 30_000,
    connectTimeoutMs: 1000,
    readUrls: urls,
    readMaxLagMs: 60_000,
    // Checked by the test (database.replicas.check()), not by the clock.
    readCheckIntervalMs: 3_600_000,
    logger: {
      warn: (obj, msg) => logged.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
      info: (obj, msg) => logged.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    },
  });
  const config = loadConfig({
    DATABASE_URL: primary.url as string,
    DATABASE_READ_URL: urls.join(','),
    SEED_ON_EMPTY: 'false',
    CURSOR_SECRET: 'test-cursor-secret-0123456789',
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
    RATE_LIMIT_READS_PER_MINUTE: '0',
  });
  const app = await buildApp({ config, database });
  t.after(async () => {
    await app.close();
    await database.close();
  });
  await database.replicas?.check();
  const keys = await createKeys(primary.db);
  return { app, database, primary, keys, logged };
}

const actorIds = (body: string) => (JSON.parse(body).data as { id: string }[]).map((actor) => actor.id);

describe('read positions', () => {
  test('read position: 16/B374D848 is 0x16 × 2^32 + 0xB374D848 bytes and prints back the same', () => {
    assert.equal(parseLsn('16/B374D848'), 0x16n * 2n ** 32n + 0xb374d848n);
    assert.equal(formatLsn(0x16n * 2n ** 32n + 0xb374d848n), '16/B374D848');
    assert.equal(parseLsn('0/0'), 0n);
    assert.equal(parseLsn('0/16b3748'), 0x16b3748n);
    assert.equal(parseLsn('16-B374D848'), undefined);
    assert.equal(parseLsn('123456789/0'), undefined);
    assert.equal(parseLsn(''), undefined);
  });
});

describe('reads on replicas', serverOnly, () => {
  test('replicas: a GET reads from the replica, a POST writes to the primary and answers its X-Read-Position', async (t) => {
    let replicaDb: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
    const { app, primary } = await routedApp(t, async () => {
      replicaDb = await createTestDatabase();
      t.after(() => replicaDb?.close() ?? Promise.resolve());
      return [replicaDb.url as string];
    });
    const replica = replicaDb as NonNullable<typeof replicaDb>;
    const onReplica = uniqueSlug('replica-only');
    await replica.db
      .insertInto('actors')
      .values({ id: onReplica, kind: 'person', name: JSON.stringify({ en: 'Only on the replica' }) } as never)
      .execute();

    const read = await app.inject({ url: '/v1/actors?limit=100' });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(actorIds(read.body), [onReplica]);

    const created = await app.inject({
      method: 'POST',
      url: '/v1/actors',
      headers: bearer((await createKeys(primary.db)).write),
      payload: { id: uniqueSlug('on-primary'), kind: 'person', name: { en: 'Written to the primary' } },
    });
    assert.equal(created.statusCode, 201, created.body);
    const position = String(created.headers['x-read-position']);
    assert.match(position, /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/);
    const onPrimary = await primary.db.selectFrom('actors').select('id').execute();
    assert.deepEqual(
      onPrimary.map((row) => row.id),
      [created.json().id],
    );
    // The "replica" is the same server, so it has replayed that position: the read stays on it.
    const withToken = await app.inject({
      url: '/v1/actors?limit=100',
      headers: { 'x-read-position': position },
    });
    assert.deepEqual(actorIds(withToken.body), [onReplica]);
  });

  test('replicas: a read whose X-Read-Position no replica has replayed goes to the primary', async (t) => {
    let replicaDb: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
    const { app, primary } = await routedApp(t, async () => {
      replicaDb = await createTestDatabase();
      t.after(() => replicaDb?.close() ?? Promise.resolve());
      return [replicaDb.url as string];
    });
    const id = uniqueSlug('primary-only');
    await primary.db
      .insertInto('actors')
      .values({ id, kind: 'person', name: JSON.stringify({ en: 'On the primary' }) } as never)
      .execute();
    const ahead = await app.inject({
      url: '/v1/actors?limit=100',
      headers: { 'x-read-position': 'FFFFFF/0' },
    });
    assert.equal(ahead.statusCode, 200, ahead.body);
    assert.deepEqual(actorIds(ahead.body), [id]);
    const without = await app.inject({ url: '/v1/actors?limit=100' });
    assert.deepEqual(actorIds(without.body), []);
  });

  test('replicas: an X-Read-Position that is not a WAL position is a 400 naming the header', async (t) => {
    const { app } = await routedApp(t, async () => {
      const copy = await createTestDatabase();
      t.after(() => copy.close());
      return [copy.url as string];
    });
    const res = await app.inject({ url: '/v1/actors', headers: { 'x-read-position': 'yesterday' } });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(
      res.json().errors.map((e: { pointer: string; in: string }) => [e.in, e.pointer]),
      [['header', '/x-read-position']],
    );
  });

  test('replicas: a replica that does not answer is reported down once, and its reads go to the primary', async (t) => {
    const { app, database, primary, logged } = await routedApp(t, async () => [
      'postgres://nobody@127.0.0.1:1/gone',
    ]);
    const id = uniqueSlug('primary-only');
    await primary.db
      .insertInto('actors')
      .values({ id, kind: 'person', name: JSON.stringify({ en: 'On the primary' }) } as never)
      .execute();
    const read = await app.inject({ url: '/v1/actors?limit=100' });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(actorIds(read.body), [id]);

    await database.replicas?.check();
    await database.replicas?.check();
    const downs = logged.filter((entry) => entry.obj.state === 'down');
    assert.equal(downs.length, 1, JSON.stringify(logged));
    assert.equal(downs[0]?.obj.replica, 'postgres://nobody@127.0.0.1:1/gone');
    assert.equal(downs[0]?.level, 'warn');

    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200, ready.body);
    const [replica] = ready.json().replicas;
    assert.equal(replica.name, 'postgres://nobody@127.0.0.1:1/gone');
    assert.equal(replica.state, 'down');
    assert.equal(replica.lag_ms, null);
    assert.match(replica.error, /ECONNREFUSED|connect/);
  });

  test('replicas: /readyz reports a replica that is up with no lag and the position it replayed', async (t) => {
    const { app } = await routedApp(t, async () => {
      const copy = await createTestDatabase();
      t.after(() => copy.close());
      return [copy.url as string];
    });
    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200, ready.body);
    const body = ready.json();
    assert.equal(body.status, 'ready');
    assert.equal(body.replicas.length, 1);
    assert.equal(body.replicas[0].state, 'up');
    assert.equal(body.replicas[0].lag_ms, 0);
    assert.equal(body.replicas[0].lag_bytes, 0);
    assert.match(body.replicas[0].replayed, /^[0-9A-F]+\/[0-9A-F]+$/);
    assert.equal(body.replicas[0].error, null);
  });
});

describe('without replicas', () => {
  test('no DATABASE_READ_URL: a write answers no X-Read-Position and /readyz lists no replicas', async (t) => {
    // Empty overrides what the scale-out topology's test run (tests/helpers/app.ts) would set.
    const { app, db } = await createTestApp(t, { env: { DATABASE_READ_URL: '' } });
    const keys = await createKeys(db);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/actors',
      headers: bearer(keys.write),
      payload: { id: uniqueSlug('plain'), kind: 'person', name: { en: 'Plain' } },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers['x-read-position'], undefined);
    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.json().replicas, undefined);
    // A token sent anyway is ignored: there is only one database to read from.
    const read = await app.inject({ url: '/v1/actors', headers: { 'x-read-position': 'not-checked' } });
    assert.equal(read.statusCode, 200);
  });

  test('config: DATABASE_READ_URL and DATABASE_DIRECT_URL need DATABASE_URL', () => {
    assert.throws(
      () => loadConfig({ DATABASE_READ_URL: 'postgres://r@127.0.0.1/x' }),
      /DATABASE_READ_URL is set without DATABASE_URL/,
    );
    assert.throws(
      () => loadConfig({ DATABASE_DIRECT_URL: 'postgres://r@127.0.0.1/x' }),
      /DATABASE_DIRECT_URL is set without DATABASE_URL/,
    );
    assert.throws(
      () =>
        loadConfig({ DATABASE_URL: 'postgres://p@h/x', DATABASE_READ_URL: 'postgres://a@h/x,mysql://b@h/y' }),
      /DATABASE_READ_URL/,
    );
  });
});
