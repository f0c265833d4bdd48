import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { openConfiguredDatabase } from '../../src/db/open.ts';
import { problemType } from '../../src/http/problem.ts';
import { watchContract } from '../helpers/contract.ts';
import { createTestDatabase, usingServerPostgres } from '../helpers/database.ts';

/**
 * A TCP hop between the app and PostgreSQL that the test can take away: `refuse` stops listening (connects are
 * refused, like a stopped server), `hang` accepts connections and never answers (like a dead host or a full
 * network buffer), `restore` forwards again. Every switch cuts the connections already open.
 */
class DatabaseProxy {
  port = 0;
  private server: net.Server | undefined;
  private mode: 'forward' | 'hang' = 'forward';
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async refuse(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.cut();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  hang(): void {
    this.mode = 'hang';
    this.cut();
  }

  async restore(): Promise<void> {
    if (this.mode === 'hang') this.cut();
    this.mode = 'forward';
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    await this.refuse();
  }

  private accept(client: net.Socket): void {
    this.track(client);
    if (this.mode === 'hang') return;
    const upstream = net.connect(this.target.port, this.target.host);
    this.track(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private cut(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

const CONNECT_TIMEOUT_MS = 500;
const HEALTH_CHECK_INTERVAL_MS = 200;

/** A 503 `unavailable` problem with Retry-After, and nothing of the driver's error in it. */
function assertUnavailable(res: LightMyRequestResponse, where: string): void {
  assert.equal(res.statusCode, 503, `${where}: ${res.body}`);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', where);
  assert.equal(res.headers['retry-after'], '5', where);
  const body = res.json();
  assert.equal(body.status, 503, where);
  assert.equal(body.type, problemType('unavailable'), where);
  assert.equal(body.title, 'Service unavailable', where);
  assert.match(body.detail, /database is not reachable/, where);
  for (const key of Object.keys(body))
    assert.ok(['type', 'title', 'status', 'detail', 'instance'].includes(key));
  assert.doesNotMatch(
    res.body,
    /ECONN|ETIMEDOUT|timeout expired|terminated|select|\.ts:|\bat \w+ \(/i,
    where,
  );
}

async function timed(
  app: FastifyInstance,
  url: string,
): Promise<{ res: LightMyRequestResponse; ms: number }> {
  const started = performance.now();
  const res = await app.inject(url);
  return { res, ms: performance.now() - started };
}

/** Polls `check` every 50 ms until it holds; fails after `withinMs`. */
async function eventually(what: string, withinMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${withinMs} ms`);
    await sleep(50);
  }
}

describe('database down: fast 503 problems while PostgreSQL is away, recovery by itself when it is back', {
  skip: usingServerPostgres
    ? false
    : 'needs server PostgreSQL (set TEST_DATABASE_URL): the embedded database cannot go away without the process',
}, () => {
  let proxy: DatabaseProxy;
  let testDatabase: DatabaseHandle;
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let contract: { violations: string[] };
  let databaseUrl: string;

  const configWith = (env: Record<string, string>) =>
    loadConfig({
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '1',
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '10000',
      SEED_ON_EMPTY: 'false',
      CURSOR_SECRET: 'test-cursor-secret-0123456789',
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
      PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
      RATE_LIMIT_READS_PER_MINUTE: '0',
      ...env,
    });

  before(async () => {
    testDatabase = await createTestDatabase();
    const name = (await sql<{ name: string }>`select current_database() as name`.execute(testDatabase.db))
      .rows[0]?.name as string;
    const direct = new URL(process.env.TEST_DATABASE_URL as string);
    proxy = new DatabaseProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.listen();
    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    viaProxy.pathname = `/${name}`;
    databaseUrl = viaProxy.toString();
    const config = configWith({ DATABASE_HEALTH_CHECK_INTERVAL_MS: String(HEALTH_CHECK_INTERVAL_MS) });
    database = await openConfiguredDatabase(config);
    app = await buildApp({ config, database });
    contract = watchContract(app);
    await app.ready();
  });

  after(async () => {
    await proxy?.restore();
    await app?.close();
    await database?.close();
    await proxy?.close();
    await testDatabase?.close();
    assert.deepEqual(contract?.violations ?? [], [], 'responses that break openapi.json');
  });

  /** The proxy forwards again and the app has noticed: /readyz and /v1/events answer 200. */
  async function backUp(withinMs: number): Promise<void> {
    await proxy.restore();
    await eventually('/readyz 200', withinMs, async () => (await app.inject('/readyz')).statusCode === 200);
    await eventually(
      '/v1/events 200',
      withinMs,
      async () => (await app.inject('/v1/events')).statusCode === 200,
    );
    assert.equal(app.isUnderPressure(), false);
  }

  test('a busy pool queues a request past the connect timeout (acquire timeout) instead of failing it', async () => {
    await backUp(10_000);
    // The pool's only connection is busy for three connect timeouts; the request waits for it and succeeds.
    const busy = sql`select pg_sleep(${(3 * CONNECT_TIMEOUT_MS) / 1000})`.execute(database.db);
    await sleep(50);
    const { res, ms } = await timed(app, '/v1/events');
    await busy;
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(ms > 2 * CONNECT_TIMEOUT_MS, `waited ${Math.round(ms)} ms for the busy connection`);
  });

  test('connections refused: /v1 and /readyz answer 503 problems with Retry-After at once, /healthz 200; then it recovers', async () => {
    await backUp(10_000);
    await proxy.refuse();

    const ready = await timed(app, '/readyz');
    assertUnavailable(ready.res, 'GET /readyz');
    assert.match(ready.res.json().detail, /not ready/);
    assert.ok(ready.ms < 5000, `/readyz took ${Math.round(ready.ms)} ms`);

    const events = await timed(app, '/v1/events');
    assertUnavailable(events.res, 'GET /v1/events');
    assert.ok(events.ms < 5000, `/v1/events took ${Math.round(events.ms)} ms`);

    await eventually('the health check to see the database gone', 5000, async () => app.isUnderPressure());
    const shed = await timed(app, '/v1/events?limit=1');
    assertUnavailable(shed.res, 'GET /v1/events (shed)');
    assert.ok(shed.ms < 3000, `/v1/events took ${Math.round(shed.ms)} ms`);
    assertUnavailable(await app.inject('/v1/actors'), 'GET /v1/actors (shed)');

    const live = await app.inject('/healthz');
    assert.equal(live.statusCode, 200, 'liveness does not depend on the database');
    assert.deepEqual(live.json(), { status: 'ok' });
    assert.equal((await app.inject('/openapi.json')).statusCode, 200, 'the document is still served');

    await backUp(10_000);
  });

  test('connections hang: 20 concurrent /v1 requests all get 503 problems within 3 s, /healthz 200; then it recovers', async () => {
    await backUp(10_000);
    proxy.hang();

    // Without the health check (or before it notices) a request opens a connection that never answers: it
    // fails after the connect timeout, not after the acquire timeout (10 s), and as a 503, not a 500.
    const uncheckedConfig = configWith({ DATABASE_HEALTH_CHECK_INTERVAL_MS: '0' });
    const unchecked = await openConfiguredDatabase(uncheckedConfig);
    const uncheckedApp = await buildApp({ config: uncheckedConfig, database: unchecked });
    try {
      const first = await timed(uncheckedApp, '/v1/events');
      assertUnavailable(first.res, 'GET /v1/events (hanging, no health check)');
      assert.ok(first.ms >= CONNECT_TIMEOUT_MS * 0.9, `failed after ${Math.round(first.ms)} ms: no connect?`);
      assert.ok(first.ms < 5000, `/v1/events took ${Math.round(first.ms)} ms`);
    } finally {
      await uncheckedApp.close();
      await unchecked.close();
    }

    const ready = await timed(app, '/readyz');
    assertUnavailable(ready.res, 'GET /readyz (hanging)');
    assert.ok(ready.ms < 5000, `/readyz took ${Math.round(ready.ms)} ms`);

    await eventually('the health check to see the database hang', 5000, async () => app.isUnderPressure());
    // Through the one pooled connection these would take 20 connect timeouts (10 s); shed, they take none.
    const started = performance.now();
    const burst = await Promise.all(Array.from({ length: 20 }, () => app.inject('/v1/events')));
    const burstMs = performance.now() - started;
    burst.forEach((res, i) => {
      assertUnavailable(res, `burst request ${i}`);
    });
    assert.ok(burstMs < 3000, `the burst took ${Math.round(burstMs)} ms`);

    assert.equal((await app.inject('/healthz')).statusCode, 200, 'liveness does not depend on the database');

    await backUp(10_000);
  });
});
