import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { createTestApp } from '../helpers/app.ts';
import { bearer, createKeys, eventInput, type Inject, type TestKeys } from '../helpers/fixtures.ts';

// Every form of date the model accepts goes through the API and the database (PostgreSQL writes years before
// the common era as `… BC` and unbounded days as ±infinity) and comes back as written.

const cleanups: (() => Promise<void>)[] = [];
let app: FastifyInstance;
let db: Kysely<Database>;
let keys: TestKeys;
let inject: Inject;
let tagCount = 0;

before(async () => {
  ({ app, db } = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true }));
  keys = await createKeys(db);
  inject = app.inject.bind(app) as Inject;
});
after(async () => {
  for (const fn of cleanups) await fn();
});

function uniqueTag(): string {
  tagCount += 1;
  return `dates-${process.pid}-${tagCount}`;
}

async function create(date: string, tag: string, extra: Record<string, unknown> = {}) {
  const res = await inject({
    method: 'POST',
    url: '/v1/events',
    headers: bearer(keys.write),
    payload: eventInput({ date, tags: [tag], participants: [], ...extra }),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function get(url: string) {
  const res = await inject({ method: 'GET', url });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

describe('event dates through the API', () => {
  test('a day before the common era is stored and read back in astronomical years', async () => {
    const tag = uniqueTag();
    const event = await create('-0043-03-15', tag);
    assert.deepEqual(event.date, {
      edtf: '-0043-03-15',
      precision: 'day',
      start: { earliest: '-0043-03-15', latest: '-0043-03-15', approximate: false, uncertain: false },
      end: { earliest: '-0043-03-15', latest: '-0043-03-15', approximate: false, uncertain: false },
      approximate: false,
      uncertain: false,
      open_start: false,
      unknown_start: false,
      open_end: false,
      unknown_end: false,
      one_of: false,
      display: {
        en: '15 March 44 BC',
        de: '15. März 44 v. Chr.',
        fr: '15 mars 44 av. J.-C.',
        es: '15 de marzo de 44 a. C.',
        it: '15 marzo 44 a.C.',
        ru: '15 марта 44 до н. э.',
      },
    });
    const { rows } = await sql<{ d: string }>`
      select start_earliest::text as d from events where id = ${event.id}::uuid
    `.execute(db);
    assert.equal(rows[0]?.d, '0044-03-15 BC', 'PostgreSQL holds 44 BC');
    const again = await get(`/v1/events/${event.id}`);
    assert.deepEqual(again.date, event.date);
  });

  test('a window before the common era finds it; one after does not', async () => {
    const tag = uniqueTag();
    const caesar = await create('-0043-03-15', tag);
    await create('1985', tag);
    const bc = await get(`/v1/events?tag=${tag}&from=-0100&to=-0001`);
    assert.deepEqual(
      bc.data.map((e: { id: string }) => e.id),
      [caesar.id],
    );
    const both = await get(`/v1/events?tag=${tag}&from=-0044`);
    assert.equal(both.data.length, 2);
    assert.equal(both.data[0].id, caesar.id, 'timeline order puts 44 BC first');
  });

  test('an open start is stored as -infinity and shown as null; it comes first in the timeline', async () => {
    const tag = uniqueTag();
    const later = await create('1990', tag);
    const open = await create('../1985-04-12?', tag);
    assert.deepEqual(open.date.start, {
      earliest: null,
      latest: '1985-04-12',
      approximate: false,
      uncertain: false,
    });
    assert.deepEqual(open.date.end, {
      earliest: '1985-04-12',
      latest: '1985-04-12',
      approximate: false,
      uncertain: true,
    });
    assert.equal(open.date.open_start, true);
    assert.equal(open.date.display.en, 'until 12 April 1985?');
    const page = await get(`/v1/events?tag=${tag}`);
    assert.deepEqual(
      page.data.map((e: { id: string }) => e.id),
      [open.id, later.id],
    );
    const twoPages = await get(`/v1/events?tag=${tag}&limit=1`);
    const next = await get(
      `/v1/events?tag=${tag}&limit=1&cursor=${encodeURIComponent(twoPages.next_cursor)}`,
    );
    assert.deepEqual(
      [...twoPages.data, ...next.data].map((e: { id: string }) => e.id),
      [open.id, later.id],
      'a cursor after an open start continues the timeline',
    );
  });

  test('each side keeps its own qualifiers, and the display puts them on the right end', async () => {
    const tag = uniqueTag();
    const event = await create('2019-07-05?/2019-07-10~', tag);
    assert.deepEqual(event.date.start, {
      earliest: '2019-07-05',
      latest: '2019-07-05',
      approximate: false,
      uncertain: true,
    });
    assert.deepEqual(event.date.end, {
      earliest: '2019-07-10',
      latest: '2019-07-10',
      approximate: true,
      uncertain: false,
    });
    assert.equal(event.date.approximate, true);
    assert.equal(event.date.uncertain, true);
    assert.equal(event.date.display.en, '5 July 2019? – c. 10 July 2019');
  });

  test('seasons, date-times, Y-years and one-of sets are accepted with their bounds', async () => {
    const tag = uniqueTag();
    const cases: [string, string, string | null, string | null][] = [
      ['2019-24', 'season', '2019-12-01', '2020-02-29'],
      ['1985-04-12T23:20:30Z', 'time', '1985-04-12', '1985-04-12'],
      ['Y12345', 'year', '12345-01-01', '12345-12-31'],
      ['[2019, 2020]', 'year', '2019-01-01', '2020-12-31'],
      ['[1760-12..]', 'month', '1760-12-01', null],
      ['[..1760-12-03]', 'day', null, '1760-12-03'],
    ];
    for (const [edtf, precision, first, last] of cases) {
      const event = await create(edtf, tag);
      assert.equal(event.date.edtf, edtf);
      assert.equal(event.date.precision, precision, edtf);
      assert.deepEqual([event.date.start.earliest, event.date.end.latest], [first, last], edtf);
      assert.equal(event.date.one_of, edtf.startsWith('['), edtf);
    }
    const page = await get(`/v1/events?tag=${tag}&limit=10`);
    assert.deepEqual(
      page.data.map((e: { date: { edtf: string } }) => e.date.edtf),
      ['[..1760-12-03]', '[1760-12..]', '1985-04-12T23:20:30Z', '[2019, 2020]', '2019-24', 'Y12345'],
    );
  });

  test('forms without defined bounds are a 400 naming the field and what to write', async () => {
    for (const [date, reason] of [
      ['{1960,1961-12}', 'all-of sets'],
      ['1950S2', 'here 19XX'],
      ['Y-17E7', 'write the year in full after Y'],
      ['Y170000002', 'from -4713-11-24 (24 November 4714 BC) to 5874897-12-31'],
    ]) {
      const res = await inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer(keys.write),
        payload: eventInput({ date, participants: [] }),
      });
      assert.equal(res.statusCode, 400, date);
      const problem = res.json();
      assert.equal(problem.errors[0].pointer, '/date');
      assert.ok(problem.errors[0].detail.includes(reason as string), `${date}: ${problem.errors[0].detail}`);
    }
  });

  test('the histogram counts an open start from its first bucket and names BC buckets', async () => {
    const tag = uniqueTag();
    await create('../-0001', tag);
    await create('-0001-06', tag);
    const histogram = await get(`/v1/timeline/histogram?tag=${tag}&bucket=year&from=-0003&to=0000`);
    assert.deepEqual(
      histogram.data.map((b: { bucket: string; count: number; certain: number }) => [
        b.bucket,
        b.count,
        b.certain,
      ]),
      [
        ['-0003', 1, 0],
        ['-0002', 1, 0],
        ['-0001', 2, 1],
        ['0000', 0, 0],
      ],
    );
    assert.equal(histogram.data[0].start, '-0003-01-01');
    const open = await get(`/v1/timeline/histogram?tag=${tag}&bucket=year`);
    assert.deepEqual(
      open.data.map((b: { bucket: string }) => b.bucket),
      ['-0001'],
      'without a window the buckets run over the finite days of the events',
    );
  });

  test('gaps before the common era, and possible spans left unbounded by one-of sets', async () => {
    const tag = uniqueTag();
    await create('-0043-03-15', tag);
    await create('[..-0040-01-01]', tag);
    await create('[-0030..]', tag);
    const report = await get(`/v1/gaps?tag=${tag}&as_of=0001-01-01`);
    assert.equal(report.events_considered, 3);
    assert.equal(report.data.length, 1);
    assert.deepEqual(report.data[0].certain, { start: '-0040-01-01', end: '-0030-01-01', days: 3653 });
    assert.deepEqual(
      report.data[0].possible,
      { start: '-0043-03-15', end: null, days: null },
      'the set open at its end may have happened at any later time',
    );
    assert.equal(report.since_last, null, 'the set open at its end reaches as_of');

    const other = uniqueTag();
    await create('[..-0040-01-01]', other);
    await create('-0030-06-01', other);
    const before = await get(`/v1/gaps?tag=${other}&as_of=-0030-12-31`);
    assert.deepEqual(before.data[0].certain, { start: '-0040-01-01', end: '-0030-06-01', days: 3804 });
    assert.deepEqual(before.data[0].possible, { start: null, end: '-0030-06-01', days: null });
    assert.deepEqual(before.since_last.certain, { start: '-0030-06-01', end: '-0030-12-31', days: 213 });
    assert.equal(before.as_of, '-0030-12-31');
  });
});
