import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, addMonths, addYears } from 'date-fns';
import { fromLocalDate, toLocalDate } from '../../src/domain/calendar.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  type GeneratedEvent,
  generateEvents,
  insertTimeline,
  type ModelQuery,
  matches,
  queryString,
  windowDays,
} from '../helpers/generated-timeline.ts';
import { get } from '../helpers/http.ts';
import { insertEvents, uniqueTag } from '../helpers/rows.ts';

// GET /v1/timeline/histogram against a plain-JS reading of the filters (docs/design.md): a bucket's `count`
// is the overlaps rule on the bucket (se ≤ bucket end and el ≥ bucket start, +∞ for open and unknown ends), its `certain` the within
// rule (se ≥ bucket start and el ≤ bucket end), zero-filled from the window's first bucket (or the first
// matching start) to its last (or the last day the matching events touch: their end, or their latest start
// when the end is open).

type Bucket = 'year' | 'month' | 'day';

interface HistogramBody {
  data: { bucket: string; start: string; end: string; count: number; certain: number }[];
  next_cursor: null;
  bucket: Bucket;
  from: string | null;
  to: string | null;
  statuses: string[];
}

const STEP: Record<Bucket, (day: Date, n: number) => Date> = {
  year: addYears,
  month: addMonths,
  day: addDays,
};

function referenceHistogram(events: GeneratedEvent[], query: ModelQuery, size: Bucket): HistogramBody {
  // A histogram counts what happened: without `status`, held events only.
  const statuses = [...new Set(query.status ?? ['held'])].sort();
  const q = { ...query, status: statuses };
  const matching = events.filter((e) => matches(e, q));
  const F = q.from ? windowDays(q.from).first : null;
  const T = q.to ? windowDays(q.to).last : null;
  const starts = matching.map((e) => e.bounds.startEarliest as string).sort();
  const reaches = matching.map((e) => e.bounds.endLatest ?? e.bounds.startLatest).sort();
  const first = F ?? starts[0] ?? null;
  let last = T ?? reaches.at(-1) ?? null;
  if (T === null && first !== null && (last === null || last < first)) last = first;
  if (first === null || last === null)
    return { data: [], next_cursor: null, bucket: size, from: F, to: T, statuses };
  const aligned =
    size === 'year' ? `${first.slice(0, 4)}-01-01` : size === 'month' ? `${first.slice(0, 7)}-01` : first;
  const data: HistogramBody['data'] = [];
  for (let i = 0; ; i += 1) {
    const start = fromLocalDate(STEP[size](toLocalDate(aligned), i));
    if (start > last) break;
    const end = fromLocalDate(addDays(STEP[size](toLocalDate(aligned), i + 1), -1));
    const overlapping = matching.filter(
      (e) =>
        (e.bounds.startEarliest as string) <= end &&
        (e.bounds.endLatest === null || e.bounds.endLatest >= start),
    );
    const within = overlapping.filter(
      (e) =>
        (e.bounds.startEarliest as string) >= start &&
        e.bounds.endLatest !== null &&
        e.bounds.endLatest <= end,
    );
    const label = size === 'year' ? start.slice(0, 4) : size === 'month' ? start.slice(0, 7) : start;
    data.push({ bucket: label, start, end, count: overlapping.length, certain: within.length });
  }
  return { data, next_cursor: null, bucket: size, from: first, to: last, statuses };
}

let t: TestApp;
let events: GeneratedEvent[];
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  events = generateEvents({
    count: 1500,
    seed: 20210607,
    firstYear: 1995,
    lastYear: 2024,
    edges: [
      '2014-05-31/2014-06-01', // straddles the start of a June 2014 window (and of its first day bucket)
      '2013/2014-06', // starts a year before the window's first year
      '2010-03-04/..', // open end, long before every window
      '2014-06-15/', // unknown end inside a window
      '2016-04-30/2016-05-01', // straddles the end of an April 2016 window
      '1995-01-01', // the first day of the generated years
      '2024-12-31/..', // the last day, open
    ],
  });
  t = await createTestApp({ after: (fn) => cleanups.push(fn) });
  await insertTimeline(t.db, events);
});

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function histogram(q: ModelQuery, size: Bucket): Promise<HistogramBody> {
  const url = `/v1/timeline/histogram?${queryString(q, { bucket: size })}`;
  const res = await get(t.app, url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  return res.json<HistogramBody>();
}

describe('histogram against the reference on a generated timeline', () => {
  const cases: [Bucket, ModelQuery][] = [
    ['year', {}],
    ['month', {}],
    ['year', { type: ['meeting', 'summit'] }],
    ['year', { actor: ['alpha', 'bravo'], actor_match: 'all' }],
    ['month', { from: '2014-06', to: '2016-04' }],
    ['month', { from: '2014-06', to: '2016-04', temporal: 'within' }],
    ['month', { from: '2014-06-15', tag: ['arms'] }],
    ['year', { to: '2005-06', status: ['held'] }],
    ['year', { to: '2005-06', status: ['cancelled', 'scheduled'] }],
    ['month', { from: '2014-06', to: '2016-04', status: ['held', 'scheduled', 'cancelled'] }],
    ['day', { from: '2014-05-20', to: '2014-07-10' }],
    ['day', { from: '2014-06-01', to: '2016-05-31', country: ['DE', 'FR'] }],
    ['day', { from: '2016-04-15', to: '2016-05-15', temporal: 'within' }],
    ['day', { from: '2024-12-31' }],
    ['year', { q: 'uranium', from: '2000' }],
    ['month', { type: ['no_such_type'] }],
  ];
  for (const [size, q] of cases) {
    test(`bucket=${size} ${queryString(q) || '(everything)'}`, async () => {
      assert.deepEqual(await histogram(q, size), referenceHistogram(events, q, size));
    });
  }
});

describe('histogram edge cases', () => {
  test('by default it counts what happened (held); the timeline lists every status', async () => {
    const tag = uniqueTag('hist');
    await insertEvents(t.db, tag, [
      { date: '2019-07-05' },
      { date: '2020-06-15', status: 'cancelled' },
      { date: '2021-06-14', status: 'scheduled' },
    ]);
    const counted = await get(t.app, `/v1/timeline/histogram?tag=${tag}&from=2019&to=2021`);
    const body = counted.json<HistogramBody>();
    assert.deepEqual(
      body.data.map((b) => [b.bucket, b.count]),
      [
        ['2019', 1],
        ['2020', 0],
        ['2021', 0],
      ],
    );
    assert.deepEqual(body.statuses, ['held']);
    const all = await get(
      t.app,
      `/v1/timeline/histogram?tag=${tag}&from=2019&to=2021&status=held,cancelled,scheduled`,
    );
    assert.deepEqual(
      all.json<HistogramBody>().data.map((b) => b.count),
      [1, 1, 1],
    );
    const timeline = await get(t.app, `/v1/events?tag=${tag}`);
    assert.deepEqual(
      timeline.json<{ data: { status: string }[] }>().data.map((e) => e.status),
      ['held', 'cancelled', 'scheduled'],
    );
  });

  test('an open-ended event counts in every bucket from its start on, and is never certain', async () => {
    const tag = uniqueTag('histogram');
    await insertEvents(t.db, tag, [{ date: '2019-07-05/..' }, { date: '2021-03/' }, { date: '2020' }]);
    const body = await histogram({ tag: [tag] }, 'year');
    assert.deepEqual(
      body.data.map((b) => [b.bucket, b.count, b.certain]),
      [
        ['2019', 1, 0],
        ['2020', 2, 1],
        ['2021', 2, 0],
      ],
    );
    assert.equal(body.to, '2021-03-31', 'the last day touched is the open event’s latest start');
  });

  test('an event that started before the window counts in the first bucket but is not certain in it', async () => {
    const tag = uniqueTag('histogram');
    await insertEvents(t.db, tag, [{ date: '2014-05-31/2014-06-01' }, { date: '2014-06-01' }]);
    const body = await histogram({ tag: [tag], from: '2014-06-01', to: '2014-06-02' }, 'day');
    assert.deepEqual(
      body.data.map((b) => [b.bucket, b.count, b.certain]),
      [
        ['2014-06-01', 2, 1],
        ['2014-06-02', 0, 0],
      ],
    );
  });

  test('a month bucket holds a month-precise event with certainty, day buckets only as a possibility', async () => {
    const tag = uniqueTag('histogram');
    await insertEvents(t.db, tag, [{ date: '2019-07' }]);
    const months = await histogram({ tag: [tag], from: '2019-06', to: '2019-08' }, 'month');
    assert.deepEqual(
      months.data.map((b) => [b.bucket, b.count, b.certain]),
      [
        ['2019-06', 0, 0],
        ['2019-07', 1, 1],
        ['2019-08', 0, 0],
      ],
    );
    const days = await histogram({ tag: [tag], from: '2019-07' }, 'day');
    assert.equal(days.data.length, 31);
    assert.ok(days.data.every((b) => b.count === 1 && b.certain === 0));
  });

  test('deleted events are not counted', async () => {
    const tag = uniqueTag('histogram');
    const [kept, deleted] = await insertEvents(t.db, tag, [
      { date: '2019-07-05' },
      { date: '2019-07-06/..' },
    ]);
    assert.ok(kept && deleted);
    await t.db.updateTable('events').set({ deleted_at: new Date() }).where('id', '=', deleted.id).execute();
    const body = await histogram({ tag: [tag], from: '2019', to: '2020' }, 'year');
    assert.deepEqual(
      body.data.map((b) => [b.bucket, b.count, b.certain]),
      [
        ['2019', 1, 1],
        ['2020', 0, 0],
      ],
    );
  });
});
