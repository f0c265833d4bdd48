import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

describe('read and export rate limits', () => {
  let t: TestApp;
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    t = await createTestApp(
      { after: (fn) => cleanups.push(fn) },
      { seed: true, env: { RATE_LIMIT_READS_PER_MINUTE: '5', RATE_LIMIT_EXPORTS_PER_MINUTE: '2' } },
    );
  });
  after(async () => {
    for (const fn of cleanups) await fn();
  });

  test('exports have a lower limit of their own: the third CSV/NDJSON export in a minute is a 429 problem', async () => {
    const first = await t.app.inject('/v1/events?format=csv');
    const second = await t.app.inject({ url: '/v1/events', headers: { accept: 'application/x-ndjson' } });
    const third = await t.app.inject('/v1/events?format=ndjson');
    assert.deepEqual([first.statusCode, second.statusCode, third.statusCode], [200, 200, 429]);
    assert.equal(third.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(Number(third.headers['retry-after']) > 0);
    assert.match(third.json().detail, /Too many exports: at most 2 per minute/);
  });

  test('reads are counted apart from exports, per operation: five pass, the sixth is a 429 problem', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await t.app.inject('/v1/events?limit=1')).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
    assert.equal(
      (await t.app.inject('/v1/gaps?type=meeting')).statusCode,
      200,
      'another operation has its own count',
    );
    const limited = await t.app.inject('/v1/events?limit=1');
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal(limited.json().status, 429);
    assert.match(limited.json().detail, /Too many reads: at most 5 per minute/);
  });

  test('health checks are never rate limited', async () => {
    for (let i = 0; i < 8; i += 1) assert.equal((await t.app.inject('/readyz')).statusCode, 200);
  });
});
