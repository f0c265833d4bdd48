import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAppWithoutDatabase } from '../helpers/app.ts';

test('load shedding: a stalled event loop answers 503 problem+json with Retry-After, then recovers', async (t) => {
  const app = await createAppWithoutDatabase(t, { PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '200' });
  await app.ready();
  const stalledUntil = Date.now() + 1500;
  while (Date.now() < stalledUntil) {
    // a CPU-bound stall the sampler will see as event-loop delay
  }
  await sleep(20);
  const shed = await app.inject('/healthz');
  assert.equal(shed.statusCode, 503);
  assert.equal(shed.headers['retry-after'], '5');
  assert.equal(shed.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal(shed.json().status, 503);
  assert.match(shed.json().detail, /overloaded \(eventLoopDelay/);
  let recovered = 0;
  for (let i = 0; i < 50 && recovered !== 200; i += 1) {
    await sleep(100);
    recovered = (await app.inject('/healthz')).statusCode;
  }
  assert.equal(recovered, 200);
});
