import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { createApiKey } from '../../src/modules/keys/keys.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { bearer, createKeys, eventInput, type Inject, type TestKeys } from '../helpers/fixtures.ts';

// The job resource of an import: asked for with `Prefer: respond-async`, or handed over when a
// synchronous import outlasts IMPORT_WAIT_MS.

const cleanups: (() => Promise<void>)[] = [];
let db: Kysely<Database>;
let keys: TestKeys;
let otherWriter: string;
let inject: Inject;

before(async () => {
  const built = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true });
  db = built.db;
  keys = await createKeys(db);
  otherWriter = (await createApiKey(db, { name: 'another writer', scopes: ['write'] })).token;
  inject = built.app.inject.bind(built.app) as Inject;
});
after(async () => {
  for (const fn of cleanups) await fn();
});

const ndjson = (rows: unknown[]) =>
  rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

function startImport(call: Inject, body: string, headers: Record<string, string> = {}) {
  return call({
    method: 'POST',
    url: '/v1/events:import',
    headers: { ...bearer(keys.write), 'content-type': 'application/x-ndjson', ...headers },
    payload: body,
  });
}

/** Polls a job until it has finished. */
async function finished(call: Inject, location: string) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const res = await call({ url: location, headers: bearer(keys.write) });
    assert.equal(res.statusCode, 200, res.body);
    const job = res.json();
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    assert.match(job.state, /^(queued|running)$/);
    await sleep(100);
  }
  throw new Error(`${location} did not finish`);
}

test('jobs: Prefer: respond-async answers 202 with the job at once; the job reports progress, then the result', async () => {
  const rows = Array.from({ length: 50 }, () => eventInput());
  const body = ndjson(rows);
  const res = await startImport(inject, body, { prefer: 'respond-async, wait=10' });
  assert.equal(res.statusCode, 202, res.body);
  assert.equal(res.headers['preference-applied'], 'respond-async');
  const started = res.json();

  assert.equal(res.headers.location, `/v1/imports/${started.id}`);
  assert.deepEqual(
    [started.format, started.dry_run, started.result, started.problem, started.progress.bytes_total],
    ['ndjson', false, null, null, Buffer.byteLength(body)],
  );
  const job = await finished(inject, res.headers.location as string);
  assert.equal(job.state, 'succeeded');
  assert.deepEqual(job.result, {
    rows: 50,
    created: 50,
    updated: 0,
    unchanged: 0,
    actors_created: 0,
    dry_run: false,
  });
  assert.deepEqual(
    [job.progress.phase, job.progress.rows, job.progress.errors, job.progress.bytes_read],
    ['done', 50, 0, Buffer.byteLength(body)],
  );
  assert.equal(job.progress.seconds_left, null);
  assert.ok(job.progress.rows_per_second > 0);
  assert.ok(Date.parse(job.finished_at) >= Date.parse(job.started_at));
  const { rows: stored } = await sql<{ state: string; result: unknown }>`
    select state, result from import_jobs where id = ${job.id}::uuid`.execute(db);
  assert.deepEqual(
    stored,
    [{ state: 'succeeded', result: job.result }],
    'the outcome is kept in the database',
  );

  const stranger = await inject({ url: res.headers.location as string, headers: bearer(otherWriter) });
  assert.equal(stranger.statusCode, 404, 'another key does not see the job');
  const admin = await inject({ url: res.headers.location as string, headers: bearer(keys.admin) });
  assert.equal(admin.statusCode, 200);
  const reader = await inject({ url: res.headers.location as string, headers: bearer(keys.read) });
  assert.equal(reader.statusCode, 403);
});

test('jobs: a file with errors ends as a failed job whose problem is the 422 a synchronous import gives', async () => {
  const res = await startImport(inject, ndjson([eventInput(), 'x', eventInput({ date: 'soon' })]), {
    prefer: 'respond-async',
  });
  assert.equal(res.statusCode, 202);
  const job = await finished(inject, res.headers.location as string);
  assert.equal(job.state, 'failed');
  assert.equal(job.result, null);
  assert.deepEqual(
    [job.problem.status, job.problem.error_count, job.problem.instance],
    [422, 2, '/v1/events:import'],
  );
  assert.deepEqual(
    job.problem.errors.map((e: { line: number; pointer: string }) => [e.line, e.pointer]),
    [
      [2, ''],
      [3, '/date'],
    ],
  );
  assert.equal(job.progress.errors, 2);
});

test('jobs: a synchronous import that outlasts IMPORT_WAIT_MS is handed over as its job (202 + Location)', async () => {
  const built = await createTestApp({ after: (fn) => cleanups.push(fn) }, { env: { IMPORT_WAIT_MS: '0' } });
  const localKeys = await createKeys(built.db);
  const call = built.app.inject.bind(built.app) as Inject;
  const res = await call({
    method: 'POST',
    url: '/v1/events:import',
    headers: { ...bearer(localKeys.write), 'content-type': 'application/x-ndjson' },
    payload: ndjson([eventInput({ participants: [] })]),
  });
  assert.equal(res.statusCode, 202, res.body);
  assert.equal(res.headers['preference-applied'], undefined, 'the client did not ask for it');
  assert.equal(res.headers['retry-after'], '2');
  for (let attempt = 0; attempt < 600; attempt++) {
    const job = (
      await call({ url: res.headers.location as string, headers: bearer(localKeys.write) })
    ).json();
    if (job.state === 'succeeded') {
      assert.deepEqual(job.result, {
        rows: 1,
        created: 1,
        updated: 0,
        unchanged: 0,
        actors_created: 0,
        dry_run: false,
      });
      return;
    }
    assert.notEqual(job.state, 'failed', JSON.stringify(job.problem));
    await sleep(100);
  }
  assert.fail('the job did not finish');
});

test('jobs: a job whose process went away without finishing reads as failed, nothing written', async () => {
  const id = randomUUID();
  await sql`
    insert into import_jobs (id, api_key_id, state, format, dry_run, progress, created_at, started_at, updated_at)
    values (${id}::uuid, ${keys.writeId}::uuid, 'running', 'csv', false,
      ${JSON.stringify({ phase: 'reading', bytes_read: 10, bytes_total: 100, rows: 1, errors: 0, rows_per_second: 1, seconds_left: 9 })}::jsonb,
      now() - interval '5 minutes', now() - interval '5 minutes', now() - interval '2 minutes')`.execute(db);
  const job = (await inject({ url: `/v1/imports/${id}`, headers: bearer(keys.write) })).json();
  assert.equal(job.state, 'failed');
  assert.equal(job.problem.status, 500);
  assert.match(
    job.problem.detail,
    /stopped before it finished, so nothing was written: import the file again/,
  );

  const missing = await inject({ url: `/v1/imports/${randomUUID()}`, headers: bearer(keys.write) });
  assert.equal(missing.statusCode, 404);
  const malformed = await inject({ url: '/v1/imports/not-a-uuid', headers: bearer(keys.write) });
  assert.equal(malformed.statusCode, 400);
});
