import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import type { ReplicaStatus } from '../../src/db/read-replicas.ts';
import { openPostgresSession } from '../../src/modules/events/import/import.session.ts';
import { createTestDatabase, type TestDatabase, withDatabase } from '../helpers/database.ts';
import { bearer, createKeys, eventInput, type TestKeys, uniqueSlug } from '../helpers/fixtures.ts';
import { type ServerProcess, startServer } from '../helpers/server-process.ts';

// Two API processes on the scale-out topology of bench/topology/start.sh (which .ci/run starts): a primary, a
// streaming replica, and PgBouncer in transaction pooling mode in front of each. Needs TEST_DATABASE_URL (the
// primary, directly), TEST_PGBOUNCER_URL and TEST_PGBOUNCER_READ_URL (PgBouncer to the primary and to the
// replica), TEST_REPLICA_URL (the replica, directly), and TEST_TOPOLOGY_DIR (its folder, to stop and start
// the replica; as root). Runs alone: it pauses and stops the replica the whole topology shares.
const env = process.env;
const missing = [
  'TEST_DATABASE_URL',
  'TEST_PGBOUNCER_URL',
  'TEST_PGBOUNCER_READ_URL',
  'TEST_REPLICA_URL',
  'TEST_TOPOLOGY_DIR',
].filter((name) => !env[name]);
const onTopology = missing.length
  ? { skip: `needs the scale-out topology (bench/topology/start.sh): set ${missing.join(', ')}` }
  : {};

const run = promisify(execFile);
const pgBin = env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Stops or starts the topology's replica as start.sh runs it (the options it saved). */
async function replicaServer(action: 'stop' | 'start'): Promise<void> {
  const dir = env.TEST_TOPOLOGY_DIR as string;
  const data = path.join(dir, 'replica');
  const args =
    action === 'stop'
      ? ['-D', data, '-m', 'fast', '-w', 'stop']
      : [
          '-D',
          data,
          '-l',
          `${data}.log`,
          '-w',
          '-t',
          '60',
          '-o',
          readFileSync(`${data}.opts`, 'utf8').trim(),
          'start',
        ];
  await run('runuser', ['-u', 'postgres', '--', path.join(pgBin, 'pg_ctl'), ...args]);
}

async function onReplica<T>(statement: string): Promise<T | undefined> {
  const client = new pg.Client({ connectionString: env.TEST_REPLICA_URL });
  await client.connect();
  try {
    return (await client.query(statement)).rows[0] as T | undefined;
  } finally {
    await client.end();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The first replica's state in a process's /readyz; a probe that gets no answer within 10 s counts as none. */
async function replicaState(server: { url: string }): Promise<string | undefined> {
  const res = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return ((await res.json()) as { replicas?: { state: string }[] }).replicas?.[0]?.state;
}

/** What each process and server says, for a setup that did not come up: a bare timeout would say nothing. */
async function diagnose(servers: (ServerProcess & { url: string })[]): Promise<string> {
  const parts: string[] = [];
  for (const [i, server] of servers.entries()) {
    const ready = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(10_000) })
      .then(async (res) => `${res.status} ${await res.text()}`)
      .catch((error: Error) => `no answer: ${error.message}`);
    const log = server.output().trim().split('\n').slice(-15).join('\n');
    parts.push(`process ${i}: /readyz ${ready}\n${log}`);
  }
  for (const [label, url] of [
    ['primary', env.TEST_DATABASE_URL],
    ['replica', env.TEST_REPLICA_URL],
  ] as const) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    const sessions = await client
      .connect()
      .then(() =>
        client.query(
          `select coalesce(datname, '-') as db, coalesce(state, '-') as state, coalesce(wait_event, '-') as wait,
                  count(*)::int as n
             from pg_stat_activity group by 1, 2, 3 order by 4 desc`,
        ),
      )
      .then(({ rows }) => JSON.stringify(rows))
      .catch((error: Error) => `no answer: ${error.message}`)
      .finally(() => client.end().catch(() => undefined));
    parts.push(`${label} sessions: ${sessions}`);
  }
  return parts.join('\n\n');
}

describe('two API processes on a primary, a replica and PgBouncer', onTopology, () => {
  let database: TestDatabase;
  let keys: TestKeys;
  const servers: (ServerProcess & { url: string })[] = [];
  /** A third process that allows its replica 1 s of lag only. */
  let strict: ServerProcess & { url: string };

  before(async () => {
    database = await createTestDatabase();
    const name = new URL(database.url as string).pathname.slice(1);
    // This database's commits do not wait for the replica (the topology's default for the test suites):
    // pausing replay must leave the replica behind, not hold the writes.
    await sql.raw(`alter database ${name} set synchronous_commit = local`).execute(database.db);
    keys = await createKeys(database.db);
    const serverEnv = {
      DATABASE_URL: withDatabase(env.TEST_PGBOUNCER_URL as string, name),
      DATABASE_READ_URL: withDatabase(env.TEST_PGBOUNCER_READ_URL as string, name),
      DATABASE_DIRECT_URL: database.url as string,
      DATABASE_SETTINGS: 'role',
      DATABASE_READ_MAX_LAG_MS: '60000',
      DATABASE_READ_CHECK_INTERVAL_MS: '250',
      SEED_ON_EMPTY: 'false',
      CURSOR_SECRET: 'test-cursor-secret-0123456789',
      RATE_LIMIT_READS_PER_MINUTE: '0',
      RATE_LIMIT_WRITES_PER_MINUTE: '4',
    };
    for (let i = 0; i < 2; i += 1) servers.push(await startServer(serverEnv));
    strict = await startServer({ ...serverEnv, DATABASE_READ_MAX_LAG_MS: '1000' });
    servers.push(strict);
    try {
      for (const server of servers)
        await until('the replica to be up', async () => (await replicaState(server)) === 'up' || undefined);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n\n${await diagnose(servers)}`);
    }
  });

  after(async () => {
    await onReplica('select pg_wal_replay_resume()').catch(() => undefined);
    for (const server of servers) await server.stop();
    await database?.close();
  });

  test('topology: a write on one process is read on the other at once with its X-Read-Position, and without it from the replica', async () => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const create = async () => {
      const res = await fetch(`${a.url}/v1/actors`, {
        method: 'POST',
        headers: { ...bearer(keys.write), 'content-type': 'application/json' },
        body: JSON.stringify({ id: uniqueSlug('rw'), kind: 'person', name: { en: 'Read your writes' } }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      const position = res.headers.get('x-read-position');
      assert.match(String(position), /^[0-9A-F]+\/[0-9A-F]+$/);
      return { id: ((await res.json()) as { id: string }).id, position: position as string };
    };
    const read = (id: string, position?: string) =>
      fetch(`${b.url}/v1/actors/${id}`, position ? { headers: { 'x-read-position': position } } : {});

    const first = await create();
    assert.equal((await read(first.id, first.position)).status, 200);

    // With replay paused the replica stays behind: a read without the token is served by it (and does not
    // find the actor yet), a read with the token goes to the primary (and does).
    await onReplica('select pg_wal_replay_pause()');
    await until('replay to pause', async () =>
      (await onReplica<{ paused: string }>('select pg_get_wal_replay_pause_state() as paused'))?.paused ===
      'paused'
        ? true
        : undefined,
    );
    const second = await create();
    assert.equal((await read(second.id)).status, 404, 'a read without the token is served by the replica');
    assert.equal((await read(second.id, second.position)).status, 200, 'with the token: the primary');
    // Behind by a write for more than 1 s: lagging for the strict process, whose reads then go to the primary.
    await until('the strict process to find the replica lagging', async () =>
      (await replicaState(strict)) === 'lagging' ? true : undefined,
    );
    const lagging = ((await (await fetch(`${strict.url}/readyz`)).json()) as { replicas: ReplicaStatus[] })
      .replicas[0] as ReplicaStatus;
    assert.ok((lagging.lag_ms ?? 0) > 1000, JSON.stringify(lagging));
    assert.ok((lagging.lag_bytes ?? 0) > 0, JSON.stringify(lagging));
    assert.equal((await fetch(`${strict.url}/v1/actors/${second.id}`)).status, 200, 'lagging: the primary');
    assert.equal(await replicaState(b), 'up', "within the other processes' 60 s");
    await onReplica('select pg_wal_replay_resume()');
    await until('the replica to replay the write', async () =>
      (await read(second.id)).status === 200 ? true : undefined,
    );
  });

  test('topology: a stopped replica fails no read; /readyz says it is down, then up once it is back', async () => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    await replicaServer('stop');
    try {
      const statuses = new Set<number>();
      for (let i = 0; i < 20; i += 1) {
        for (const server of [a, b]) statuses.add((await fetch(`${server.url}/v1/actors?limit=5`)).status);
      }
      assert.deepEqual([...statuses], [200]);
      for (const server of [a, b]) {
        await until('/readyz to say the replica is down', async () =>
          (await replicaState(server)) === 'down' ? true : undefined,
        );
        const ready = await fetch(`${server.url}/readyz`);
        assert.equal(ready.status, 200, 'the service stays ready: reads go to the primary');
      }
      const downs = a
        .output()
        .split('\n')
        .filter((line) => line.includes('"state":"down"'));
      assert.equal(downs.length, 1, `logged once per change of state:\n${downs.join('\n')}`);
    } finally {
      await replicaServer('start');
    }
    for (const server of [a, b]) {
      await until(
        '/readyz to say the replica is up again',
        async () => ((await replicaState(server)) === 'up' ? true : undefined),
        60_000,
      );
    }
  });

  test('topology: an import runs in its own session on DATABASE_DIRECT_URL; its events are read on the other process with its X-Read-Position', async () => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const slugs = [uniqueSlug('imported'), uniqueSlug('imported')];
    const body = slugs
      .map((slug) => JSON.stringify(eventInput({ slug, participants: [], date: '1999-03' })))
      .join('\n');
    const res = await fetch(`${a.url}/v1/events:import`, {
      method: 'POST',
      headers: { ...bearer(keys.write), 'content-type': 'application/x-ndjson' },
      body,
    });
    assert.ok(res.status >= 200 && res.status < 300, await res.clone().text());
    const position = res.headers.get('x-read-position') as string;
    assert.match(String(position), /^[0-9A-F]+\/[0-9A-F]+$/);
    for (const slug of slugs) {
      const read = await fetch(`${b.url}/v1/events/${slug}`, { headers: { 'x-read-position': position } });
      assert.equal(read.status, 200, await read.text());
    }
  });

  test("topology: the import's session connects through PgBouncer (it sends no start-up parameter PgBouncer refuses)", async () => {
    const name = new URL(database.url as string).pathname.slice(1);
    const session = await openPostgresSession({
      url: withDatabase(env.TEST_PGBOUNCER_URL as string, name),
      statementTimeoutMs: 600_000,
      connectTimeoutMs: 5000,
    });
    try {
      const { rows } = await session.query<{ one: number }>('select 1 as one');
      assert.deepEqual(rows, [{ one: 1 }]);
    } finally {
      await session.close();
    }
  });

  test('topology: the write rate limit (4 a minute) holds across both processes', async () => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const statuses = [];
    for (const server of [a, b, a, b, a, b]) {
      const res = await fetch(`${server.url}/v1/actors/nobody-${uniqueSlug()}`, {
        method: 'PATCH',
        headers: { ...bearer(keys.write), 'content-type': 'application/merge-patch+json' },
        body: '{}',
      });
      statuses.push(res.status === 429 ? 429 : 'not limited');
    }
    assert.deepEqual(statuses, ['not limited', 'not limited', 'not limited', 'not limited', 429, 429]);
  });
});
