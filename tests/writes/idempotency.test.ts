import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { deleteExpiredIdempotencyRecords } from '../../src/http/idempotency/idempotency.queries.ts';
import { requestFingerprint } from '../../src/http/idempotency/idempotency.service.ts';
import { useTestApp } from '../helpers/app.ts';
import { bearer, eventInput, uniqueSlug } from '../helpers/fixtures.ts';

const api = useTestApp({ seed: true, keys: true });

const post = (body: unknown, key: string, token = api.keys.write, url = '/v1/events') =>
  api.inject({
    method: 'POST',
    url,
    headers: { ...bearer(token), 'idempotency-key': key },
    payload: body as object,
  });

/** Events carry no slug here, so only idempotency stops a second one from being created. */
async function eventsTitled(title: string): Promise<number> {
  const row = await sql<{
    n: number;
  }>`select count(*)::int as n from events where title->>'en' = ${title}`.execute(api.db);
  return row.rows[0]?.n ?? 0;
}

test('idempotency: a retry with the same key and body replays the first response, creating nothing', async () => {
  const body = eventInput({ slug: undefined, title: { en: uniqueSlug('retry') } });
  const first = await post(body, 'key-replay-1');
  const second = await post(body, 'key-replay-1');
  assert.equal(first.statusCode, 201);
  assert.equal(second.statusCode, 201);
  assert.equal(second.body, first.body);
  assert.equal(second.headers.location, first.headers.location);
  assert.equal(second.headers.etag, first.headers.etag);
  assert.equal(first.headers['idempotent-replayed'], undefined);
  assert.equal(second.headers['idempotent-replayed'], 'true');
  assert.equal(await eventsTitled((body.title as { en: string }).en), 1);
});

test('idempotency: members in another order are the same request', async () => {
  const title = uniqueSlug('order');
  const first = await post({ type: 'meeting', date: '2020', title: { en: title } }, 'key-order');
  const second = await post({ title: { en: title }, date: '2020', type: 'meeting' }, 'key-order');
  assert.equal(second.statusCode, 201);
  assert.equal(second.json().id, first.json().id);
});

test('idempotency: the same key with a different body is a 422', async () => {
  const first = await post(eventInput({ slug: undefined }), 'key-reused');
  assert.equal(first.statusCode, 201);
  const other = await post(eventInput({ slug: undefined, date: '2020' }), 'key-reused');
  assert.equal(other.statusCode, 422);
  assert.deepEqual(other.json().errors, [
    { detail: 'already used for a different request body', pointer: '/Idempotency-Key', in: 'header' },
  ]);
  const otherEndpoint = await post(
    { id: uniqueSlug('actor'), kind: 'state', name: { en: 'X' } },
    'key-reused',
    api.keys.write,
    '/v1/actors',
  );
  assert.equal(otherEndpoint.statusCode, 422, 'a key is bound to its endpoint too');
});

test('idempotency: a failed first request stores nothing, so a corrected retry can reuse the key', async () => {
  const title = uniqueSlug('fixed');
  const failed = await post(
    eventInput({ slug: undefined, title: { en: title }, participants: [{ actor: 'atlantis' }] }),
    'key-fix',
  );
  assert.equal(failed.statusCode, 422);
  const fixed = await post(eventInput({ slug: undefined, title: { en: title } }), 'key-fix');
  assert.equal(fixed.statusCode, 201);
  assert.equal(await eventsTitled(title), 1);
});

test('idempotency: keys are per API key: another key with the same Idempotency-Key is another request', async () => {
  const title = uniqueSlug('perkey');
  const body = eventInput({ slug: undefined, title: { en: title } });
  const mine = await post(body, 'key-shared');
  const theirs = await post(body, 'key-shared', api.keys.admin);
  assert.equal(mine.statusCode, 201);
  assert.equal(theirs.statusCode, 201);
  assert.notEqual(theirs.json().id, mine.json().id);
  assert.equal(await eventsTitled(title), 2);
});

test('idempotency: a record older than 24 hours is ignored and replaced', async () => {
  const title = uniqueSlug('expired');
  const body = eventInput({ slug: undefined, title: { en: title } });
  const first = await post(body, 'key-expiring');
  await api.db
    .updateTable('idempotency_records')
    .set({ expires_at: sql`now() - interval '1 second'` })
    .where('key', '=', 'key-expiring')
    .execute();
  const later = await post(body, 'key-expiring');
  assert.equal(later.statusCode, 201);
  assert.notEqual(later.json().id, first.json().id);
  assert.equal(later.headers['idempotent-replayed'], undefined);
  const record = await api.db
    .selectFrom('idempotency_records')
    .select(sql<boolean>`expires_at > now() + interval '23 hours'`.as('fresh'))
    .where('key', '=', 'key-expiring')
    .executeTakeFirstOrThrow();
  assert.equal(record.fresh, true);
});

test('idempotency: expired records are swept', async () => {
  const first = await post(eventInput({ slug: undefined }), 'key-swept');
  assert.equal(first.statusCode, 201);
  await api.db
    .updateTable('idempotency_records')
    .set({ expires_at: sql`now() - interval '1 hour'` })
    .where('key', '=', 'key-swept')
    .execute();
  await deleteExpiredIdempotencyRecords(api.db, 1000);
  const left = await api.db
    .selectFrom('idempotency_records')
    .select('key')
    .where('key', '=', 'key-swept')
    .execute();
  assert.deepEqual(left, []);
});

test('idempotency: while the first request still runs, a retry waits a few seconds and then gets a 409', async () => {
  const body = eventInput({ slug: undefined });
  await api.db
    .insertInto('idempotency_records')
    .values({
      api_key_id: api.keys.writeId,
      key: 'key-running',
      request_hash: requestFingerprint('POST', '/v1/events', body),
      state: 'running',
      expires_at: sql`now() + interval '1 day'`,
    })
    .execute();
  const started = Date.now();
  const res = await post(body, 'key-running');
  assert.equal(res.statusCode, 409);
  assert.equal(res.headers['retry-after'], '1');
  assert.ok(Date.now() - started >= 4000, 'it waited for the first request before giving up');
});

test('idempotency: 20 concurrent POSTs with one key create one event and get 20 identical responses', async () => {
  const title = uniqueSlug('concurrent');
  const body = eventInput({ slug: undefined, title: { en: title } });
  const responses = await Promise.all(Array.from({ length: 20 }, () => post(body, 'key-concurrent')));
  for (const res of responses) {
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.body, responses[0]?.body);
    assert.equal(res.headers.location, responses[0]?.headers.location);
    assert.equal(res.headers.etag, responses[0]?.headers.etag);
  }
  assert.equal(responses.filter((r) => r.headers['idempotent-replayed'] === undefined).length, 1);
  assert.equal(await eventsTitled(title), 1);
  const revisions = await api.inject({ url: `${responses[0]?.headers.location}/revisions` });
  assert.equal(revisions.json().data.length, 1);
});

test('idempotency: actors honour Idempotency-Key the same way', async () => {
  const body = {
    id: uniqueSlug('actor'),
    kind: 'organization',
    name: { en: 'Organization for Security and Co-operation in Europe' },
  };
  const first = await post(body, 'key-actor', api.keys.write, '/v1/actors');
  const second = await post(body, 'key-actor', api.keys.write, '/v1/actors');
  assert.equal(first.statusCode, 201);
  assert.equal(second.statusCode, 201);
  assert.equal(second.body, first.body);
  assert.equal(second.headers.location, `/v1/actors/${body.id}`);
  const plain = await api.inject({
    method: 'POST',
    url: '/v1/actors',
    headers: bearer(api.keys.write),
    payload: body,
  });
  assert.equal(plain.statusCode, 409, 'without the key, a repeat is a plain duplicate');
});
