import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openPostgres } from '../../src/db/connect.ts';
import { createTestDatabase, usingServerPostgres } from '../helpers/database.ts';
import { bearer, createKeys, eventInput, uniqueSlug } from '../helpers/fixtures.ts';

const serverOnly = usingServerPostgres
  ? {}
  : { skip: 'limits shared across instances need server PostgreSQL: set TEST_DATABASE_URL to run these' };

/** Two API instances (each with its own pool, as two processes have) on one fresh database. */
async function twoInstances(t: { after: (fn: () => Promise<void>) => unknown }, env: Record<string, string>) {
  const shared = await createTestDatabase();
  t.after(() => shared.close());
  const url = shared.url as string;
  const config = loadConfig({
    DATABASE_URL: url,
    SEED_ON_EMPTY: 'false',
    CURSOR_SECRET: 'test-cursor-secret-0123456789',
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
    // A health check or connect that times out on a busy machine answers 503: not what these tests are about.
    DATABASE_HEALTH_CHECK_INTERVAL_MS: '0',
    ...env,
  });
  const apps = [];
  for (let i = 0; i < 2; i += 1) {
    const database = openPostgres({ url, poolSize: 2, statementTimeoutMs: 30_000, connectTimeoutMs: 20_000 });
    const app = await buildApp({ config, database });
    t.after(async () => {
      await app.close();
      await database.close();
    });
    apps.push(app);
  }
  return { apps: apps as [(typeof apps)[0], (typeof apps)[0]], db: shared.db };
}

describe('limits shared across instances', serverOnly, () => {
  test('rate limits: with a limit of 3 reads a minute, the fourth read is a 429 whichever of two instances gets it', async (t) => {
    const { apps } = await twoInstances(t, { RATE_LIMIT_READS_PER_MINUTE: '3' });
    const [a, b] = apps;
    const statuses = [];
    for (const app of [a, b, a, b, a]) statuses.push((await app.inject('/v1/actors?limit=1')).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const limited = await b.inject('/v1/actors?limit=1');
    assert.match(limited.json().detail, /Too many reads: at most 3 per minute/);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    // Another operation has its own count, as with one instance.
    assert.equal((await a.inject('/v1/event-types')).statusCode, 200);
  });

  test('rate limits: RATE_LIMIT_STORE=memory counts in each instance alone (what the shared store fixes)', async (t) => {
    const { apps } = await twoInstances(t, { RATE_LIMIT_READS_PER_MINUTE: '3', RATE_LIMIT_STORE: 'memory' });
    const [a, b] = apps;
    const statuses = [];
    for (const app of [a, b, a, b, a, b]) statuses.push((await app.inject('/v1/actors?limit=1')).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200]);
  });

  test('rate limits: a counter whose window ended starts again at 1, and the sweep deletes ended windows', async (t) => {
    const { apps, db } = await twoInstances(t, { RATE_LIMIT_READS_PER_MINUTE: '2' });
    const [a, b] = apps;
    assert.equal((await a.inject('/v1/actors')).statusCode, 200);
    assert.equal((await b.inject('/v1/actors')).statusCode, 200);
    assert.equal((await a.inject('/v1/actors')).statusCode, 429);
    await sql`update rate_limit_counters set resets_at = now() - interval '1 second'`.execute(db);
    const again = await b.inject('/v1/actors');
    assert.equal(again.statusCode, 200);
    assert.equal(again.headers['x-ratelimit-remaining'], '1');
    const rows = await sql<{ key: string; hits: number }>`select key, hits from rate_limit_counters`.execute(
      db,
    );
    assert.deepEqual(rows.rows, [{ key: 'GET /v1/actors|ip:127.0.0.1:read', hits: 1 }]);
  });

  test('failed authentications: with a limit of 3 a minute, the fourth bad key is refused by either instance, a valid key too', async (t) => {
    const { apps, db } = await twoInstances(t, { AUTH_FAILURES_PER_MINUTE: '3' });
    const [a, b] = apps;
    const keys = await createKeys(db);
    const post = (app: (typeof apps)[0], key: string) =>
      app.inject({ method: 'POST', url: '/v1/events', headers: bearer(key), payload: {} });
    const statuses = [];
    for (const app of [a, b, a]) statuses.push((await post(app, 'dtl_not-a-key')).statusCode);
    assert.deepEqual(statuses, [401, 401, 401]);
    const refused = await b.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(keys.write),
      payload: {},
    });
    assert.equal(refused.statusCode, 429, refused.body);
    assert.match(
      refused.json().detail,
      /Too many failed authentications from this address: at most 3 per minute/,
    );
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await post(a, 'dtl_not-a-key')).statusCode, 429);
    // Once the window has ended the address may try again, on either instance.
    await sql`update rate_limit_counters set resets_at = now() - interval '1 second'`.execute(db);
    assert.equal((await post(b, 'dtl_not-a-key')).statusCode, 401);
  });

  test('failed authentications: RATE_LIMIT_STORE=memory counts them in each instance alone', async (t) => {
    const { apps } = await twoInstances(t, { AUTH_FAILURES_PER_MINUTE: '2', RATE_LIMIT_STORE: 'memory' });
    const [a, b] = apps;
    const statuses = [];
    for (const app of [a, b, a, b, a]) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer('dtl_nope'),
        payload: {},
      });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
  });

  test('idempotency: two instances racing on one Idempotency-Key make one event and give the same answer', async (t) => {
    const { apps, db } = await twoInstances(t, {});
    const keys = await createKeys(db);
    const title = uniqueSlug('race');
    const body = eventInput({ slug: undefined, title: { en: title }, participants: [] });
    const post = (app: (typeof apps)[0]) =>
      app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { ...bearer(keys.write), 'idempotency-key': `race-${title}` },
        payload: body,
      });
    for (let round = 0; round < 3; round += 1) {
      const [first, second] = await Promise.all([post(apps[0]), post(apps[1])]);
      assert.deepEqual([first.statusCode, second.statusCode], [201, 201], `${first.body}\n${second.body}`);
      assert.equal(second.json().id, first.json().id);
      assert.equal(second.headers.location, first.headers.location);
      assert.equal(second.headers.etag, first.headers.etag);
    }
    const made = await sql<{ n: number }>`
      select count(*)::int as n from events where title->>'en' = ${title}`.execute(db);
    assert.equal(made.rows[0]?.n, 1);
  });
});
