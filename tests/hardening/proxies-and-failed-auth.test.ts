import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createApiKey } from '../../src/modules/keys/keys.service.ts';
import { AuthFailureLimiter } from '../../src/plugins/auth-failures.ts';
import { createTestApp } from '../helpers/app.ts';

// TRUST_PROXY decides which address a request has, and with it whose rate limit it spends: a client must
// not choose its own by sending X-Forwarded-For. Failed authentications are limited per address.

const PROXY = '10.0.0.5';
const CLIENT = '203.0.113.7';

describe('TRUST_PROXY', () => {
  test('takes false, true, a hop count or a list of addresses, CIDR ranges and range names', () => {
    assert.equal(loadConfig({}).TRUST_PROXY, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,loopback,::1' }).TRUST_PROXY, [
      '10.0.0.5',
      '192.168.0.0/16',
      'loopback',
      '::1',
    ]);
  });

  test('a value that is none of these stops the start, naming TRUST_PROXY and the forms it takes', () => {
    assert.throws(
      () => loadConfig({ TRUST_PROXY: 'yes, 10.0.0.0/33' }),
      (error: Error) =>
        error instanceof ConfigError &&
        /TRUST_PROXY="yes, 10\.0\.0\.0\/33": give true, false, a hop count, or a comma list/.test(
          error.message,
        ) &&
        /not "yes", "10\.0\.0\.0\/33"/.test(error.message),
    );
  });

  /** Three reads from `remoteAddress`, with these X-Forwarded-For headers; their statuses. */
  async function readsThrough(
    t: TestContext,
    env: Record<string, string>,
    remoteAddress: string,
    forwardedFor: string[],
  ) {
    const { app } = await createTestApp(t, { env: { RATE_LIMIT_READS_PER_MINUTE: '2', ...env } });
    const statuses: number[] = [];
    for (const header of forwardedFor) {
      const res = await app.inject({
        url: '/v1/event-types',
        remoteAddress,
        headers: { 'x-forwarded-for': header },
      });
      statuses.push(res.statusCode);
    }
    return statuses;
  }
  /** One client behind the proxy that puts a new made-up address in front each time. */
  const spoofing = ['198.51.100.1', '198.51.100.2', '198.51.100.3'].map((spoof) => `${spoof}, ${CLIENT}`);
  /** Three honest clients behind the proxy. */
  const threeClients = ['203.0.113.1', '203.0.113.2', '203.0.113.3'];

  test('with a hop count of 1 the address the proxy appended counts: spoofed entries before it do not escape the limit', async (t) => {
    assert.deepEqual(await readsThrough(t, { TRUST_PROXY: '1' }, PROXY, spoofing), [200, 200, 429]);
  });

  test('with a hop count of 1 clients behind the proxy are counted apart', async (t) => {
    assert.deepEqual(await readsThrough(t, { TRUST_PROXY: '1' }, PROXY, threeClients), [200, 200, 200]);
  });

  test('with a list, a request from a listed proxy counts against the client it names', async (t) => {
    const env = { TRUST_PROXY: `192.168.0.0/16, ${PROXY}` };
    assert.deepEqual(await readsThrough(t, env, PROXY, spoofing), [200, 200, 429]);
  });

  test('with a list, clients behind a listed proxy are counted apart', async (t) => {
    const env = { TRUST_PROXY: PROXY };
    assert.deepEqual(await readsThrough(t, env, PROXY, threeClients), [200, 200, 200]);
  });

  test('with a list, X-Forwarded-For from an address not on it is ignored', async (t) => {
    const env = { TRUST_PROXY: PROXY };
    assert.deepEqual(await readsThrough(t, env, CLIENT, threeClients), [200, 200, 429]);
  });

  test('with true every client chooses its address (why true is only for a proxy that overwrites the header)', async (t) => {
    assert.deepEqual(await readsThrough(t, { TRUST_PROXY: 'true' }, CLIENT, threeClients), [200, 200, 200]);
  });
});

describe('failed authentication', () => {
  test('the limiter refuses an address after `limit` failures until its window ends, other addresses unaffected', () => {
    let now = 1_000_000;
    const limiter = new AuthFailureLimiter(3, 60_000, 10_000, () => now);
    for (let i = 0; i < 3; i += 1) {
      assert.equal(limiter.retryAfterMs('a'), 0);
      limiter.recordFailure('a');
    }
    assert.equal(limiter.retryAfterMs('a'), 60_000);
    assert.equal(limiter.retryAfterMs('b'), 0);
    now += 45_000;
    assert.equal(limiter.retryAfterMs('a'), 15_000);
    now += 15_000;
    assert.equal(limiter.retryAfterMs('a'), 0, 'a new window starts clean');
    limiter.recordFailure('a');
    assert.equal(limiter.retryAfterMs('a'), 0);
  });

  test('the limiter tracks a bounded number of addresses, dropping ended windows first', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter(1, 60_000, 3, () => now);
    limiter.recordFailure('old');
    now = 61_000;
    for (const address of ['a', 'b', 'c', 'd']) limiter.recordFailure(address);
    assert.equal(limiter.size, 3);
    assert.equal(limiter.retryAfterMs('d'), 60_000);
    assert.equal(limiter.retryAfterMs('a'), 0, 'the oldest current window made room');
  });

  test('after 5 bad keys from one address the 6th request is a 429 without a key lookup (even with a valid key); another address still gets in', async (t) => {
    const { app, db } = await createTestApp(t, {
      env: { AUTH_FAILURES_PER_MINUTE: '5', READS_REQUIRE_KEY: 'true' },
    });
    const { token } = await createApiKey(db, { name: 'reader', scopes: ['read'] });
    const read = (key: string, remoteAddress = CLIENT) =>
      app.inject({ url: '/v1/event-types', remoteAddress, headers: { authorization: `Bearer ${key}` } });
    const bad = `dtl_ffffffffffff_${'x'.repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await read(bad)).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401]);

    const refused = await read(token);
    assert.equal(refused.statusCode, 429, 'a lookup would have let the valid key in');
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(Number(refused.headers['retry-after']) >= 59);
    assert.match(
      refused.json().detail,
      /Too many failed authentications from this address: at most 5 per minute/,
    );

    assert.equal((await read(token, '198.51.100.9')).statusCode, 200);
    assert.equal((await read(bad, '198.51.100.9')).statusCode, 401);
  });

  test('AUTH_FAILURES_PER_MINUTE=0 turns the limit off', async (t) => {
    const { app } = await createTestApp(t, {
      env: { AUTH_FAILURES_PER_MINUTE: '0', READS_REQUIRE_KEY: 'true' },
    });
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i += 1) {
      const res = await app.inject({
        url: '/v1/event-types',
        headers: { authorization: `Bearer dtl_ffffffffffff_${'x'.repeat(43)}` },
      });
      statuses.add(res.statusCode);
    }
    assert.deepEqual([...statuses], [401]);
  });
});
