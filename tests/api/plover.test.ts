import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { createTestApp } from '../helpers/app.ts';
import { bearer, createKeys, type Inject, type TestKeys } from '../helpers/fixtures.ts';

// The event-type vocabulary carries PLOVER's categories and quad classes; the NRC seed is filtered by them.

const cleanups: (() => Promise<void>)[] = [];
let app: FastifyInstance;
let db: Kysely<Database>;
let keys: TestKeys;
let inject: Inject;

before(async () => {
  ({ app, db } = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true }));
  keys = await createKeys(db);
  inject = app.inject.bind(app) as Inject;
});
after(async () => {
  for (const fn of cleanups) await fn();
});

async function json(url: string) {
  const res = await inject({ url });
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  return res.json();
}

const slugs = async (query: string) =>
  (await json(`/v1/events?${query}`)).data.map((e: { slug: string }) => e.slug).sort();

describe('PLOVER categories of the built-in event types', () => {
  test('every built-in type maps to a PLOVER category (or none) and its quad class', async () => {
    const types = (await json('/v1/event-types')).data.map(
      (t: { code: string; plover_category: string | null; quad_class: string | null }) => [
        t.code,
        t.plover_category,
        t.quad_class,
      ],
    );
    assert.deepEqual(types, [
      ['agreement', 'SUPPORT', 'verbal_cooperation'],
      ['battle', 'ASSAULT', 'material_conflict'],
      ['expulsion', 'SANCTION', 'material_conflict'],
      ['founding', 'SUPPORT', 'verbal_cooperation'],
      ['interview', null, null],
      ['invitation', 'AGREE', 'verbal_cooperation'],
      ['meeting', 'CONSULT', 'verbal_cooperation'],
      ['protest', 'PROTEST', 'material_conflict'],
      ['remote_violence', 'ASSAULT', 'material_conflict'],
      ['resumption', 'SUPPORT', 'verbal_cooperation'],
      ['riot', 'PROTEST', 'material_conflict'],
      ['sanction', 'SANCTION', 'material_conflict'],
      ['statement', null, null],
      ['strategic_development', null, null],
      ['summit', 'CONSULT', 'verbal_cooperation'],
      ['suspension', 'SANCTION', 'material_conflict'],
      ['violence_against_civilians', 'ASSAULT', 'material_conflict'],
      ['visit', 'CONSULT', 'verbal_cooperation'],
    ]);
  });
});

describe('the vocabulary is closed', () => {
  test('a category outside PLOVER is a 400 naming the field and the categories there are', async () => {
    for (const category of ['REDUCE', 'DISAPPROVE', 'consult', 'DEMAND']) {
      const res = await inject({
        method: 'POST',
        url: '/v1/event-types',
        headers: bearer(keys.admin),
        payload: { code: `bad_${category.toLowerCase()}`, label: { en: 'Bad' }, plover_category: category },
      });
      assert.equal(res.statusCode, 400, category);
      const problem = res.json();
      assert.equal(problem.errors[0].pointer, '/plover_category');
      assert.match(problem.errors[0].detail, /AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT/);
    }
  });

  test('a PLOVER category is accepted and gets its quad class', async () => {
    const res = await inject({
      method: 'POST',
      url: '/v1/event-types',
      headers: bearer(keys.admin),
      payload: { code: 'troop_buildup', label: { en: 'Troop build-up' }, plover_category: 'MOBILIZE' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().quad_class, 'material_conflict');
  });

  test('the database refuses a category outside the vocabulary too', async () => {
    await assert.rejects(
      db
        .insertInto('event_types')
        .values({
          code: 'sneaky',
          label: '{"en":"x"}',
          description: '{}',
          plover_category: 'REDUCE' as 'AGREE',
        })
        .execute(),
      /event_types_plover_category_check/,
    );
  });
});

describe('plover= and quad_class= filter like type=', () => {
  test('on the timeline', async () => {
    assert.deepEqual(await slugs('plover=SUPPORT'), ['nrc-dialogue-resumed-2016', 'nrc-founded-2002']);
    assert.deepEqual(await slugs('plover=SANCTION,AGREE'), [
      'nrc-dialogue-suspended-2014',
      'stoltenberg-invites-russia-2021',
    ]);
    assert.deepEqual(await slugs('quad_class=material_conflict'), ['nrc-dialogue-suspended-2014']);
    assert.deepEqual(await slugs('quad_class=verbal_cooperation&actor=nato-russia-council'), [
      'nrc-dialogue-resumed-2016',
      'nrc-founded-2002',
      'nrc-meeting-2019-07',
      'stoltenberg-invites-russia-2021',
    ]);
    assert.deepEqual(await slugs('quad_class=verbal_conflict'), []);
  });

  test('on the histogram', async () => {
    const body = await json('/v1/timeline/histogram?plover=CONSULT&from=2018&to=2020');
    assert.deepEqual(
      body.data.map((b: { bucket: string; count: number }) => [b.bucket, b.count]),
      [
        ['2018', 0],
        ['2019', 1],
        ['2020', 0],
      ],
    );
  });

  test('on gaps', async () => {
    const report = await json(
      '/v1/gaps?quad_class=verbal_cooperation&actor=nato-russia-council&as_of=2021-06-07',
    );
    assert.equal(report.events_considered, 4);
    assert.equal(report.since_last, null, 'the invitation of 7 June 2021 reaches as_of');
    const consult = await json('/v1/gaps?plover=CONSULT&actor=nato-russia-council&as_of=2021-06-07');
    assert.deepEqual(consult.since_last.certain, { start: '2019-07-31', end: '2021-06-07', days: 677 });
  });

  test('an unknown category or class is a 400 naming the parameter', async () => {
    for (const [query, pointer] of [
      ['plover=REDUCE', '/plover/0'],
      ['quad_class=cooperation', '/quad_class/0'],
    ]) {
      const res = await inject({ url: `/v1/events?${query}` });
      assert.equal(res.statusCode, 400, query);
      assert.equal(res.json().errors[0].pointer, pointer);
    }
  });
});
