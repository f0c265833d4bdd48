import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAppWithoutDatabase } from '../helpers/app.ts';
import { watchContract } from '../helpers/contract.ts';

// The contract watcher must catch drift, or it proves nothing: feed it responses that break the document.
test('contract watcher: flags an undocumented status and a body that breaks its schema', async (t) => {
  const app = await createAppWithoutDatabase(t);
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url === '/healthz?drift=status') reply.code(418);
    if (request.url === '/healthz?drift=body') return JSON.stringify({ status: 'sleepy' });
    return payload;
  });
  const contract = watchContract(app);
  await app.ready();
  await app.inject('/healthz');
  assert.deepEqual(contract.violations, []);
  await app.inject('/healthz?drift=status');
  await app.inject('/healthz?drift=body');
  assert.equal(contract.violations.length, 2);
  assert.match(contract.violations[0] ?? '', /status 418 is not documented/);
  assert.match(contract.violations[1] ?? '', /must be equal to one of the allowed values/);
});

test('contract watcher: a 404 for an unknown route is a valid problem', async (t) => {
  const app = await createAppWithoutDatabase(t);
  const contract = watchContract(app);
  await app.ready();
  const res = await app.inject('/v1/nothing-here');
  assert.equal(res.statusCode, 404);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.deepEqual(contract.violations, []);
});
