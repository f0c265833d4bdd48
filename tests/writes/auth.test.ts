import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createApiKey } from '../../src/modules/keys/keys.service.ts';
import { useTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/database.ts';
import {
  bearer,
  createKeys,
  eventInput,
  type Inject,
  type TestKeys,
  tableCounts,
  uniqueSlug,
} from '../helpers/fixtures.ts';

const api = useTestApp({ seed: true, keys: true });
const spareActor = uniqueSlug('spare');
let keyToRevoke: string;

interface WriteOperation {
  operationId: string;
  scope: 'write' | 'admin';
  method: 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  payload?: string | object;
  /** The status the right key gets: the request is valid, so only the key stands in its way. */
  success: number;
}

const operations = (): WriteOperation[] => [
  {
    operationId: 'createEvent',
    scope: 'write',
    method: 'POST',
    url: '/v1/events',
    payload: eventInput(),
    success: 201,
  },
  {
    operationId: 'updateEvent',
    scope: 'write',
    method: 'PATCH',
    url: '/v1/events/nrc-meeting-2019-07',
    payload: { tags: ['nrc', 'checked'] },
    success: 200,
  },
  {
    operationId: 'importEvents',
    scope: 'write',
    method: 'POST',
    url: '/v1/events:import',
    headers: { 'content-type': 'application/x-ndjson' },
    payload: `${JSON.stringify(eventInput())}\n`,
    success: 200,
  },
  {
    operationId: 'createActor',
    scope: 'write',
    method: 'POST',
    url: '/v1/actors',
    payload: { id: uniqueSlug('a'), kind: 'state', name: { en: 'A' } },
    success: 201,
  },
  {
    operationId: 'updateActor',
    scope: 'write',
    method: 'PATCH',
    url: `/v1/actors/${spareActor}`,
    payload: { aliases: ['S'] },
    success: 200,
  },
  {
    operationId: 'createEventType',
    scope: 'admin',
    method: 'POST',
    url: '/v1/event-types',
    payload: { code: 'phone_call', label: { en: 'Phone call' } },
    success: 201,
  },
  {
    operationId: 'createApiKey',
    scope: 'admin',
    method: 'POST',
    url: '/v1/keys',
    payload: { name: 'made over HTTP', scopes: ['read'] },
    success: 201,
  },
  // Deletes last: once they succeed, their targets are gone.
  {
    operationId: 'revokeApiKey',
    scope: 'admin',
    method: 'DELETE',
    url: `/v1/keys/${keyToRevoke}`,
    success: 200,
  },
  {
    operationId: 'deleteEvent',
    scope: 'write',
    method: 'DELETE',
    url: '/v1/events/stoltenberg-on-belarus-2021',
    success: 204,
  },
  {
    operationId: 'deleteActor',
    scope: 'write',
    method: 'DELETE',
    url: `/v1/actors/${spareActor}`,
    success: 204,
  },
];

const call = (op: WriteOperation, headers: Record<string, string>) =>
  api.inject({ method: op.method, url: op.url, headers: { ...op.headers, ...headers }, payload: op.payload });

describe('no write operation accepts a request without a valid key of the right scope', () => {
  // In the suite, not at the top: a file's top-level hooks run side by side, before useTestApp's is done.
  before(async () => {
    keyToRevoke = (await createApiKey(api.db, { name: 'to revoke', scopes: ['read'] })).key.prefix;
    const res = await api.inject({
      method: 'POST',
      url: '/v1/actors',
      headers: bearer(api.keys.write),
      payload: { id: spareActor, kind: 'person', name: { en: 'Spare' } },
    });
    assert.equal(res.statusCode, 201);
  });

  test('auth: the list covers every write operation in the OpenAPI document', async () => {
    const doc = (await api.inject({ url: '/openapi.json' })).json();
    const writes: string[] = [];
    for (const methods of Object.values(doc.paths) as Record<
      string,
      { operationId: string; security?: unknown[] }
    >[]) {
      for (const [method, operation] of Object.entries(methods)) {
        if (['post', 'patch', 'put', 'delete'].includes(method)) {
          writes.push(operation.operationId);
          assert.deepEqual(
            operation.security,
            [{ bearerKey: [] }],
            `${operation.operationId} declares its key`,
          );
        }
      }
    }
    assert.deepEqual(
      writes.sort(),
      operations()
        .map((o) => o.operationId)
        .sort(),
    );
  });

  test('auth: no key, a malformed header, an unknown key, a wrong secret and a revoked key are 401s; nothing is written', async () => {
    const before = await tableCounts(api.db);
    const [, prefix] = /^dtl_(\w{12})_/.exec(api.keys.write) ?? [];
    const attempts: [string, Record<string, string>, string][] = [
      ['no key', {}, 'Bearer realm="timeline"'],
      [
        'basic auth',
        { authorization: 'Basic dXNlcjpwYXNz' },
        'Bearer realm="timeline", error="invalid_token"',
      ],
      ['not a key', bearer('letmein'), 'Bearer realm="timeline", error="invalid_token"'],
      [
        'unknown key',
        bearer(`dtl_000000000000_${'A'.repeat(43)}`),
        'Bearer realm="timeline", error="invalid_token"',
      ],
      [
        'wrong secret',
        bearer(`dtl_${prefix}_${'B'.repeat(43)}`),
        'Bearer realm="timeline", error="invalid_token"',
      ],
      ['revoked key', bearer(api.keys.revoked), 'Bearer realm="timeline", error="invalid_token"'],
    ];
    for (const op of operations()) {
      for (const [what, headers, challenge] of attempts) {
        const res = await call(op, headers);
        assert.equal(res.statusCode, 401, `${op.operationId} with ${what}: ${res.body}`);
        assert.equal(res.headers['www-authenticate'], challenge, `${op.operationId} with ${what}`);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
    }
    assert.deepEqual(await tableCounts(api.db), before);
  });

  test('auth: a key without the scope is a 403 naming it (read-only key on writes, write key on admin)', async () => {
    const before = await tableCounts(api.db);
    for (const op of operations()) {
      const readOnly = await call(op, bearer(api.keys.read));
      assert.equal(readOnly.statusCode, 403, `${op.operationId} with a read-only key`);
      assert.equal(
        readOnly.headers['www-authenticate'],
        `Bearer realm="timeline", error="insufficient_scope", scope="${op.scope}"`,
      );
      if (op.scope === 'admin') {
        const writer = await call(op, bearer(api.keys.write));
        assert.equal(writer.statusCode, 403, `${op.operationId} with a write key`);
        assert.match(writer.json().detail, /needs an API key with scope "admin"/);
      }
    }
    assert.deepEqual(await tableCounts(api.db), before);
  });

  test('auth: with the right key every one of those requests succeeds, and admin implies write', async () => {
    for (const op of operations()) {
      const res = await call(op, bearer(op.scope === 'admin' ? api.keys.admin : api.keys.write));
      assert.equal(res.statusCode, op.success, `${op.operationId}: ${res.body}`);
    }
    const byAdmin = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(api.keys.admin),
      payload: eventInput(),
    });
    assert.equal(byAdmin.statusCode, 201);
  });

  test('auth: an unauthenticated body is not even parsed: a broken one still gets 401, not 400', async () => {
    const res = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    assert.equal(res.statusCode, 401);
  });

  test('auth: reads stay public by default', async () => {
    assert.equal((await api.inject({ url: '/v1/events' })).statusCode, 200);
    assert.equal((await api.inject({ url: '/v1/events/nrc-founded-2002/revisions' })).statusCode, 200);
  });
});

describe('configured: READS_REQUIRE_KEY, write rate limit, import body limit', () => {
  let variant: FastifyInstance;
  let closeVariant: () => Promise<void>;
  let call2: Inject;
  let variantKeys: TestKeys;

  before(async () => {
    // Built without the contract check: the document describes the default configuration, in which reads
    // are public and never answer 401.
    const database = await createTestDatabase();
    const config = loadConfig({
      SEED_ON_EMPTY: 'false',
      READS_REQUIRE_KEY: 'true',
      RATE_LIMIT_WRITES_PER_MINUTE: '3',
      IMPORT_BODY_LIMIT_BYTES: '2048',
      // Load shedding reacts to the machine, not to the code under test.
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
      PRESSURE_MAX_EVENT_LOOP_UTILIZATION: '0',
    });
    variant = await buildApp({ config, database });
    closeVariant = async () => {
      await variant.close();
      await database.close();
    };
    await variant.ready();
    variantKeys = await createKeys(database.db);
    call2 = variant.inject.bind(variant) as Inject;
  });
  after(() => closeVariant());

  test('READS_REQUIRE_KEY: every /v1 read needs a valid key, of any scope; health and docs stay open', async () => {
    const anonymous = await call2({ url: '/v1/events' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer realm="timeline"');
    assert.equal(
      (await call2({ url: '/v1/event-types', headers: bearer(variantKeys.revoked) })).statusCode,
      401,
    );
    assert.equal((await call2({ url: '/v1/events', headers: bearer(variantKeys.read) })).statusCode, 200);
    assert.equal(
      (await call2({ url: '/v1/events/x/revisions', headers: bearer(variantKeys.read) })).statusCode,
      404,
    );
    assert.equal((await call2({ url: '/healthz' })).statusCode, 200);
    assert.equal((await call2({ url: '/openapi.json' })).statusCode, 200);
  });

  test('rate limit: writes are counted per API key; the one over the limit is a 429 problem with Retry-After', async () => {
    const limited = await createApiKey(variant.db, { name: 'limited', scopes: ['write'] });
    const write = (token: string) =>
      call2({ method: 'POST', url: '/v1/events', headers: bearer(token), payload: { not: 'an event' } });
    for (let i = 0; i < 3; i += 1) assert.equal((await write(limited.token)).statusCode, 400);
    const over = await write(limited.token);
    assert.equal(over.statusCode, 429);
    assert.equal(over.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(String(over.headers['retry-after']), /^\d+$/);
    assert.equal(over.json().type, 'https://diplomatic-timeline.example/problems/too-many-requests');
    assert.match(over.json().detail, /at most 3 per minute per API key/);
    assert.equal((await write(variantKeys.write)).statusCode, 400, 'another key has its own budget');
    assert.equal(
      (await call2({ url: '/v1/events', headers: bearer(limited.token) })).statusCode,
      200,
      'reads are not counted',
    );
  });

  test('import limit: a body over IMPORT_BODY_LIMIT_BYTES is a 413, declared or streamed', async () => {
    const row = `${JSON.stringify(eventInput({ summary: { en: 'x'.repeat(400) } }))}\n`;
    const big = row.repeat(6);
    const declared = await call2({
      method: 'POST',
      url: '/v1/events:import',
      headers: { ...bearer(variantKeys.admin), 'content-type': 'application/x-ndjson' },
      payload: big,
    });
    assert.equal(declared.statusCode, 413);
    const streamed = await call2({
      method: 'POST',
      url: '/v1/events:import',
      headers: {
        ...bearer(variantKeys.admin),
        'content-type': 'application/x-ndjson',
        'transfer-encoding': 'chunked',
      },
      payload: Readable.from([row, row, row, row, row, row]),
    });
    assert.equal(streamed.statusCode, 413);
    assert.equal(streamed.headers['content-type'], 'application/problem+json; charset=utf-8');
  });
});
