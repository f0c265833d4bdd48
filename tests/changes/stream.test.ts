import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { openPostgres } from '../../src/db/connect.ts';
import { postgresWakeups } from '../../src/modules/changes/changes.wakeups.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { usingServerPostgres } from '../helpers/database.ts';
import { bearer, createKeys, eventInput, uniqueSlug } from '../helpers/fixtures.ts';
import { SseClient } from './sse-client.ts';

async function listening(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  return `http://127.0.0.1:${address.port}/v1/changes/stream`;
}

async function createEvent(app: FastifyInstance, key: string, slug = uniqueSlug('live')) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: bearer(key),
    payload: eventInput({ slug, participants: [] }),
  });
  assert.equal(res.statusCode, 201, res.body);
  return slug;
}

/** A second app on the test app's database: another process as far as the stream is concerned. */
async function secondApp(t: { after: (fn: () => Promise<void>) => unknown }, first: TestApp) {
  const database =
    usingServerPostgres && first.config.DATABASE_URL
      ? openPostgres({
          url: first.config.DATABASE_URL,
          poolSize: 2,
          statementTimeoutMs: 30_000,
          connectTimeoutMs: 5000,
        })
      : first.database;
  const app = await buildApp({ config: first.config, database });
  t.after(async () => {
    await app.close();
    if (database !== first.database) await database.close();
  });
  await app.ready();
  return app;
}

describe('change stream', () => {
  test('stream: a reconnect with Last-Event-ID gets the changes made while away, in order, none twice', async (t) => {
    const api = await createTestApp(t);
    const { write } = await createKeys(api.db);
    const url = await listening(api.app);
    const first = await SseClient.open(url);
    t.after(() => first.close());
    assert.equal(first.status, 200);
    assert.match(String(first.headers['content-type']), /^text\/event-stream/);
    assert.equal(first.retry, 3000);
    const a = await createEvent(api.app, write);
    await first.waitFor(() => first.events.length >= 1);
    assert.deepEqual(
      first.changes().map((c) => [c.operation, c.slug]),
      [['create', a]],
    );
    assert.equal(first.events[0]?.id, first.changes()[0]?.token);
    first.close();
    await first.ended;

    const away = [await createEvent(api.app, write), await createEvent(api.app, write)];
    const again = await SseClient.open(url, { 'last-event-id': String(first.events[0]?.id) });
    t.after(() => again.close());
    const c = await createEvent(api.app, write);
    await again.waitFor(() => again.events.length >= 3);
    assert.deepEqual(
      again.changes().map((change) => change.slug),
      [...away, c],
    );
  });

  test('stream: a write through another app on the same database reaches an open stream', async (t) => {
    const api = await createTestApp(t);
    const { write } = await createKeys(api.db);
    const other = await secondApp(t, api);
    const stream = await SseClient.open(await listening(api.app));
    t.after(() => stream.close());
    const slug = await createEvent(other, write);
    await stream.waitFor(() => stream.events.length >= 1);
    assert.deepEqual(
      stream.changes().map((c) => [c.operation, c.slug]),
      [['create', slug]],
    );
  });

  test('stream: comments every CHANGE_STREAM_HEARTBEAT_MS keep an idle stream alive', async (t) => {
    const api = await createTestApp(t, { env: { CHANGE_STREAM_HEARTBEAT_MS: '100' } });
    const stream = await SseClient.open(await listening(api.app));
    t.after(() => stream.close());
    await stream.waitFor(() => stream.comments.filter((c) => c === 'heartbeat').length >= 2);
    assert.deepEqual(stream.events, []);
  });

  test('stream: beyond CHANGE_STREAMS_MAX a stream is a 503 problem with Retry-After; a bad Last-Event-ID is a 400', async (t) => {
    const api = await createTestApp(t, { env: { CHANGE_STREAMS_MAX: '1' } });
    const url = await listening(api.app);
    const first = await SseClient.open(url);
    t.after(() => first.close());
    const second = await SseClient.open(url);
    await second.ended;
    assert.equal(second.status, 503);
    assert.equal(second.headers['retry-after'], '5');
    assert.match(JSON.parse(second.body).detail, /CHANGE_STREAMS_MAX/);
    first.close();
    await first.ended;
    const bad = await api.app.inject({ url: '/v1/changes/stream', headers: { 'last-event-id': 'x' } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().errors[0].pointer, '/last-event-id');
    assert.deepEqual(bad.json().errors[0].in, 'header');
  });

  test('stream: closing the app ends its open streams instead of waiting for them', async (t) => {
    const api = await createTestApp(t);
    const stream = await SseClient.open(await listening(api.app));
    await api.app.close();
    await stream.ended;
    assert.match(stream.body, /^retry: 3000\n/);
  });

  test('stream: the dedicated LISTEN connection wakes on a commit, and listens again after it is killed', {
    skip: !usingServerPostgres && 'server PostgreSQL only',
  }, async (t) => {
    const api = await createTestApp(t);
    const url = String(api.config.DATABASE_URL);
    const name = new URL(url).pathname.slice(1);
    const silent = { warn() {}, info() {} } as never;
    const wakeups = postgresWakeups(url, silent);
    t.after(() => wakeups.close());
    let woken = 0;
    wakeups.subscribe(() => {
      woken += 1;
    });
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 200 && !done(); i += 1) await new Promise((r) => setTimeout(r, 50));
      assert.ok(done());
    };
    await until(() => woken === 1); // connected: one wake-up for what committed before
    const note = () =>
      sql`insert into revisions (entity, entity_id, version, operation, snapshot)
          values ('event_type', ${uniqueSlug('w')}, 1, 'create', '{}')`.execute(api.db);
    await note();
    await until(() => woken === 2);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = ${name} and application_name = 'diplomatic-timeline-api changes'`.execute(api.db);
    await until(() => woken === 3); // listening again
    await note();
    await until(() => woken === 4);
  });
});
