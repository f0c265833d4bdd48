import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openEmbedded } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createApiKey } from '../../src/modules/keys/keys.service.ts';
import { createTestDatabase, type TestDatabase, usingServerPostgres } from '../helpers/database.ts';
import { eventInput } from '../helpers/fixtures.ts';

// The service as it runs in production (its own process, a 192 MB old space), fed files of bad lines:
// it answers with the first 100 errors and their number, and lives on. Its memory does not grow with the
// number of bad lines; the figures for 100 MB files are in the README (measured, not asserted here).

const root = fileURLToPath(new URL('../..', import.meta.url));
const RSS_CAP_KB = 256 * 1024;
let server: ChildProcess;
let baseUrl: string;
let token: string;
let database: TestDatabase | undefined;
let dataDir: string | undefined;
let output = '';

/** A free port of this suite's block (3200-3299). */
async function freePort(): Promise<number> {
  for (let port = 3210; port < 3300; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 3210-3299');
}

before(async () => {
  const env: Record<string, string> = {};
  if (usingServerPostgres) {
    database = await createTestDatabase();
    env.DATABASE_URL = database.url as string;
    token = (await createApiKey(database.db, { name: 'memory test', scopes: ['write'] })).token;
  } else {
    dataDir = await mkdtemp(path.join(tmpdir(), 'timeline-import-memory-'));
    const embedded = await openEmbedded({ dataDir: path.join(dataDir, 'data') });
    await migrateToLatest(embedded.db);
    token = (await createApiKey(embedded.db, { name: 'memory test', scopes: ['write'] })).token;
    await embedded.close();
    env.DATA_DIR = path.join(dataDir, 'data');
  }
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--max-old-space-size=192', '--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SEED_ON_EMPTY: 'false',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      RATE_LIMIT_READS_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  server.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`${baseUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (attempt > 600 || server.exitCode !== null) throw new Error(`the service did not start:\n${output}`);
    await sleep(200);
  }
});

after(async () => {
  server?.kill('SIGTERM');
  if (server && server.exitCode === null) await new Promise((resolve) => server.once('exit', resolve));
  await database?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function peakRssKb(): Promise<number> {
  const status = await readFile(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
}

/** Imports a file: the 422 itself, or (when it outlasts the wait) the problem of its job. */
async function importProblem(body: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' };
  const res = await fetch(`${baseUrl}/v1/events:import`, { method: 'POST', headers, body });
  if (res.status === 422) return res.json();
  assert.equal(res.status, 202, await res.text());
  const location = res.headers.get('location') as string;
  for (;;) {
    await sleep(500);
    const job = await (await fetch(`${baseUrl}${location}`, { headers })).json();
    if (job.state === 'failed') return job.problem;
    assert.notEqual(job.state, 'succeeded');
  }
}

test('memory: a million lines of "x" are answered with the first 100 errors and their number; the service lives on', async (t) => {
  const problem = await importProblem('x\n'.repeat(1_000_000));
  assert.equal(problem.status, 422);
  assert.equal(problem.error_count, 1_000_000);
  assert.equal(problem.errors.length, 100);
  assert.deepEqual(problem.errors[99], {
    line: 100,
    pointer: '',
    detail: 'not valid JSON: Unexpected token \'x\', "x" is not valid JSON',
    in: 'body',
  });
  assert.match(problem.detail, /^1000000 of 1000000 rows are invalid; nothing was written/);
  assert.equal((await fetch(`${baseUrl}/healthz`)).status, 200, 'still alive');
  const peak = await peakRssKb();
  t.diagnostic(`peak RSS of the service: ${Math.round(peak / 1024)} MB`);
  // The embedded database lives in the process (about 440 MB on its own): the cap is for server PostgreSQL.
  if (usingServerPostgres) assert.ok(peak < RSS_CAP_KB, `peak RSS ${peak} kB`);
});

test('memory: 5,000 rows the database finds wrong (unknown actors) give the first 100 errors and their number', async (t) => {
  const rows = Array.from({ length: 5000 }, (_, i) =>
    JSON.stringify(eventInput({ slug: `memory-${i}`, participants: [{ actor: `nobody-${i}` }] })),
  );
  const problem = await importProblem(rows.join('\n'));
  assert.equal(problem.error_count, 5000);
  assert.equal(problem.errors.length, 100);
  assert.deepEqual(problem.errors[0], {
    line: 1,
    pointer: '/participants/0/actor',
    detail: 'unknown actor "nobody-0": create it first (POST /v1/actors)',
    in: 'body',
  });
  assert.equal((await fetch(`${baseUrl}/healthz`)).status, 200, 'still alive');
  const peak = await peakRssKb();
  t.diagnostic(`peak RSS of the service: ${Math.round(peak / 1024)} MB`);
  if (usingServerPostgres) assert.ok(peak < RSS_CAP_KB, `peak RSS ${peak} kB`);
});
