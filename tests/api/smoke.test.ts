import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp } from '../helpers/app.ts';

test('readyz answers 200 with the database kind', async (t) => {
  const { app, database } = await createTestApp(t);
  const res = await app.inject({ url: '/readyz' });
  assert.equal(res.statusCode, 200);
  // On the scale-out topology (.ci/run) it also lists the read replicas: tests/scale checks those.
  const { embedded, replicas: _replicas, ...rest } = res.json();
  assert.deepEqual(rest, { status: 'ready', database: database.kind });
  // The embedded database also says what an acknowledged write survives (an in-memory one: nothing).
  assert.equal(embedded?.commits_survive, database.kind === 'embedded' ? 'none' : undefined);
});

test('seeded: the NRC events between 2014 and 2016', async (t) => {
  const { app } = await createTestApp(t, { seed: true });
  const res = await app.inject({ url: '/v1/events?actor=nato-russia-council&from=2014&to=2016' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(
    res.json().data.map((e: { slug: string }) => e.slug),
    ['nrc-dialogue-suspended-2014', 'nrc-dialogue-resumed-2016'],
  );
});
