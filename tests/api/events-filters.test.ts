import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { displayDate } from '../../src/domain/display.ts';
import type { ApiEvent } from '../../src/modules/events/read/events.mapper.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  expectedIds,
  type GeneratedEvent,
  generateEvents,
  insertTimeline,
  type ModelQuery,
  queryString,
  windowDays,
} from '../helpers/generated-timeline.ts';
import { get, getAll, parseCsv } from '../helpers/http.ts';

// A generated timeline of 3000 events (plus edge cases) against a plain-JS reading of the filters
// (docs/design.md): for every filter and for combinations, the API must answer exactly the events the rules select, in timeline order.

// Dates at the edges of the windows the tests use: month windows 2014-06..2016-04 and the year 2019.
const EDGES = [
  '2014-05-31', // edge-1: the day before the month window
  '2014-06-01', // edge-2: its first day
  '2016-04-30', // edge-3: its last day
  '2016-05-01', // edge-4: the day after
  '2014-05', // edge-5: the month before
  '2014-05-31/2014-06-01', // edge-6: straddles the start
  '2016-04-30/2016-05-01', // edge-7: straddles the end
  '2014-05/', // edge-8: started before, unknown end
  '2014-06/..', // edge-9: started on the first month, still going on
  '2014-06/2016-04', // edge-10: exactly the window
  '2018-12-31', // edge-11
  '2019-01-01', // edge-12
  '2019-12-31', // edge-13
  '2020-01-01', // edge-14
  '2018/2019-01', // edge-15: ends in the year window, starts before it
  '2019-12/2020', // edge-16
];
const edge = (n: number) => `edge-${n}`;

let t: TestApp;
let events: GeneratedEvent[];
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  // Generated before the app exists: a second of synchronous work must not count as load on it.
  events = generateEvents({ count: 3000, seed: 20140601, firstYear: 2000, lastYear: 2024, edges: EDGES });
  t = await createTestApp({ after: (fn) => cleanups.push(fn) });
  await insertTimeline(t.db, events);
});

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** The slugs of the edge events a response holds, in response order. */
const edgeSlugs = (data: ApiEvent[]) =>
  data.map((e) => e.slug).filter((s): s is string => s?.startsWith('edge-') ?? false);

/** Asserts the API answers the model's events, in order, and returns them. */
async function assertSameAsModel(q: ModelQuery): Promise<ApiEvent[]> {
  const data = await getAll(t.app, queryString(q));
  const expected = expectedIds(events, q);
  assert.deepEqual(
    data.map((e) => e.id),
    expected,
  );
  return data;
}

describe('events: the generated data set', () => {
  test('the fixture is varied enough to mean something', () => {
    const precisions = new Set(events.map((e) => e.bounds.precision));
    assert.deepEqual([...precisions].sort(), ['day', 'decade', 'month', 'year']);
    assert.ok(events.filter((e) => e.bounds.openEnd).length > 50);
    assert.ok(events.filter((e) => e.bounds.unknownEnd).length > 50);
    assert.ok(events.filter((e) => e.bounds.edtf.includes('/') && e.bounds.endLatest).length > 300);
    assert.ok(events.filter((e) => e.deleted).length > 10);
  });

  test('every live event reads back with its derived date, participants, tags, country and status', async () => {
    const res = await get(t.app, '/v1/events?format=ndjson');
    assert.equal(res.statusCode, 200);
    const byId = new Map(
      res.body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as ApiEvent)
        .map((e) => [e.id, e]),
    );
    const live = events.filter((e) => !e.deleted);
    assert.equal(byId.size, live.length);
    for (const g of live) {
      const e = byId.get(g.id);
      assert.ok(e, `${g.id} is listed`);
      const b = g.bounds;
      assert.deepEqual(e.date, {
        edtf: b.edtf,
        precision: b.precision,
        start: { earliest: b.startEarliest, latest: b.startLatest, ...b.start },
        end: { earliest: b.endEarliest, latest: b.endLatest, ...b.end },
        approximate: b.approximate,
        uncertain: b.uncertain,
        open_start: b.openStart,
        unknown_start: b.unknownStart,
        open_end: b.openEnd,
        unknown_end: b.unknownEnd,
        one_of: b.oneOf,
        display: displayDate(b),
      });
      assert.equal(e.slug, g.slug);
      assert.equal(e.type, g.type);
      assert.equal(e.status, g.status);
      assert.deepEqual(e.title, g.title);
      assert.deepEqual(e.tags, g.tags);
      const place = g.place ? { lat: g.place.lat, lon: g.place.lon } : {};
      assert.deepEqual(
        e.location,
        g.country || g.place ? { ...(g.country ? { country: g.country } : {}), ...place } : null,
      );
      const key = (p: { actor: string; role: string }) => `${p.actor}:${p.role}`;
      assert.deepEqual(
        e.participants.map((p) => key({ actor: p.actor.id, role: p.role })).sort(),
        g.participants.map(key).sort(),
      );
      assert.equal(e.updated_at, g.updatedAt);
    }
  });
});

describe('events: order', () => {
  test('without filters: every live event once, by (start_earliest, id) ascending', async () => {
    const data = await assertSameAsModel({});
    assert.equal(data.length, events.filter((e) => !e.deleted).length);
  });

  test('order=desc is the exact reverse', async () => {
    await assertSameAsModel({ order: 'desc' });
  });

  test('soft-deleted events are never listed', async () => {
    const deleted = events.filter((e) => e.deleted);
    const data = await getAll(t.app, queryString({}));
    const listed = new Set(data.map((e) => e.id));
    for (const e of deleted) assert.equal(listed.has(e.id), false, `${e.id} is deleted`);
  });
});

describe('events: the time window (docs/design.md: overlaps keeps se ≤ T and el ≥ F; within se ≥ F and el ≤ T)', () => {
  test('overlaps 2014-06..2016-04: month-precision edges are the first and last day of the months', async () => {
    const data = await assertSameAsModel({ from: '2014-06', to: '2016-04' });
    assert.deepEqual(
      new Set(edgeSlugs(data)),
      new Set([edge(2), edge(3), edge(6), edge(7), edge(8), edge(9), edge(10)]),
    );
  });

  test('within 2014-06..2016-04: only what certainly lies inside, open and unknown ends excluded', async () => {
    const data = await assertSameAsModel({ from: '2014-06', to: '2016-04', temporal: 'within' });
    assert.deepEqual(new Set(edgeSlugs(data)), new Set([edge(2), edge(3), edge(10)]));
  });

  test('overlaps the year 2019: events touching 1 January or 31 December are in, the days around are out', async () => {
    const data = await assertSameAsModel({ from: '2019', to: '2019' });
    const slugs = new Set(edgeSlugs(data));
    for (const inside of [edge(12), edge(13), edge(15), edge(16)]) assert.ok(slugs.has(inside), inside);
    for (const outside of [edge(11), edge(14)]) assert.equal(slugs.has(outside), false, outside);
  });

  test('within the year 2019: intervals reaching into 2018 or 2020 are out', async () => {
    const data = await assertSameAsModel({ from: '2019', to: '2019', temporal: 'within' });
    const slugs = new Set(edgeSlugs(data));
    assert.ok(slugs.has(edge(12)) && slugs.has(edge(13)));
    for (const outside of [edge(11), edge(14), edge(15), edge(16)])
      assert.equal(slugs.has(outside), false, outside);
  });

  test('a one-day window at a month end', async () => {
    const data = await assertSameAsModel({ from: '2016-04-30', to: '2016-04-30' });
    const slugs = new Set(edgeSlugs(data));
    for (const inside of [edge(3), edge(7), edge(8), edge(9), edge(10)]) assert.ok(slugs.has(inside), inside);
    assert.equal(slugs.has(edge(4)), false);
  });

  test('from alone, overlaps: events still going on or of unknown end count from their start on', async () => {
    const data = await assertSameAsModel({ from: '2020-03' });
    assert.ok(data.some((e) => e.date.open_end && (e.date.start.earliest as string) < '2020-03-01'));
    assert.ok(data.some((e) => e.date.unknown_end && (e.date.start.earliest as string) < '2020-03-01'));
  });

  test('from alone, within: open and unknown ends are inside an unbounded window', async () => {
    const data = await assertSameAsModel({ from: '2020-03', temporal: 'within' });
    assert.ok(data.some((e) => e.date.open_end));
    assert.ok(data.every((e) => (e.date.start.earliest as string) >= '2020-03-01'));
  });

  test('to alone, overlaps and within', async () => {
    await assertSameAsModel({ to: '2003-02' });
    const within = await assertSameAsModel({ to: '2003-02', temporal: 'within' });
    assert.ok(within.every((e) => e.date.end.latest !== null && e.date.end.latest <= '2003-02-28'));
  });

  test('a leap-year month window ends on 29 February', async () => {
    await assertSameAsModel({ from: '2004-02', to: '2004-02', temporal: 'within' });
    await assertSameAsModel({ from: '2004-02-29', to: '2004-03' });
  });
});

describe('events: actor, role, type, status, tag, country, q and updated_since', () => {
  const cases: [name: string, q: ModelQuery][] = [
    ['actor: any of two actors', { actor: ['alpha', 'bravo'] }],
    ['actor_match=all: both actors take part', { actor: ['alpha', 'bravo'], actor_match: 'all' }],
    ['actor_match=all with three actors', { actor: ['charlie', 'delta', 'echo'], actor_match: 'all' }],
    ['actor with role: the actor had that role', { actor: ['alpha'], role: ['host'] }],
    [
      'actor_match=all with roles: each actor had one of the roles',
      { actor: ['alpha', 'bravo'], actor_match: 'all', role: ['party', 'host'] },
    ],
    ['role alone: any participant had it', { role: ['mediator'] }],
    ['role alone, two roles', { role: ['forum', 'chair'] }],
    ['type: one of two types', { type: ['meeting', 'summit'] }],
    ['status: cancelled only', { status: ['cancelled'] }],
    ['status: scheduled or cancelled', { status: ['scheduled', 'cancelled'] }],
    ['tag: any of the tags', { tag: ['arms', 'space'] }],
    ['country: one of two countries', { country: ['DE', 'FR'] }],
    ['q: a word of the titles, with stemming', { q: 'fisheries' }],
    ['updated_since: changed at or after the instant', { updated_since: '2024-10-01T00:00:00.000Z' }],
  ];
  for (const [name, q] of cases) {
    test(name, async () => {
      const data = await assertSameAsModel(q);
      assert.ok(data.length > 0, 'the case selects something');
      assert.ok(data.length < events.length / 2, 'the case leaves most events out');
    });
  }

  test('updated_since is inclusive: an event updated at that very instant is listed, a millisecond later not', async () => {
    const pivot = events.find((e) => !e.deleted && e.updatedAt.startsWith('2024-09'));
    assert.ok(pivot);
    const at = await assertSameAsModel({ updated_since: pivot.updatedAt });
    assert.ok(at.some((e) => e.id === pivot.id));
    const later = new Date(Date.parse(pivot.updatedAt) + 1).toISOString();
    const justAfter = await assertSameAsModel({ updated_since: later });
    assert.equal(justAfter.length, at.length - 1);
    assert.equal(
      justAfter.some((e) => e.id === pivot.id),
      false,
    );
  });

  test('an unknown actor matches nothing', async () => {
    const res = await get(t.app, '/v1/events?actor=zulu');
    assert.deepEqual(res.json(), { data: [], next_cursor: null });
  });
});

describe('events: combined filters', () => {
  const cases: [name: string, q: ModelQuery][] = [
    [
      'actor any + role + type + status + tag + country, within a month window, descending',
      {
        actor: ['alpha', 'bravo', 'charlie'],
        role: ['party', 'host', 'initiator'],
        type: ['meeting', 'summit', 'statement'],
        status: ['held', 'scheduled'],
        tag: ['arms', 'trade', 'energy'],
        country: ['DE', 'FR', 'RU', 'US'],
        from: '2005-03',
        to: '2020-10',
        temporal: 'within',
        order: 'desc',
      },
    ],
    [
      'actor all + overlaps a year window + tag + updated_since',
      {
        actor: ['alpha', 'delta'],
        actor_match: 'all',
        from: '2010',
        to: '2015',
        tag: ['arms', 'climate', 'health'],
        updated_since: '2024-03-15T12:00:00.000Z',
      },
    ],
    ['role + q + overlaps from a month', { role: ['party'], q: 'uranium', from: '2012-07' }],
    // Full text over a window reads the straddlers in two parts, open-ended and finite (page.queries.ts).
    [
      'q + overlaps a month window (open-ended and finite straddlers)',
      { q: 'fisheries', from: '2014-06', to: '2016-04' },
    ],
    ['q + overlaps a year window, descending', { q: 'pipelines', from: '2019', to: '2019', order: 'desc' }],
    [
      'type + status + country + within to a day, descending',
      {
        type: ['visit'],
        status: ['held'],
        country: ['NO', 'BE'],
        to: '2018-06-15',
        temporal: 'within',
        order: 'desc',
      },
    ],
  ];
  for (const [name, q] of cases) {
    test(name, async () => {
      const data = await assertSameAsModel(q);
      assert.ok(data.length > 0, 'the combination selects something');
    });
  }
});

describe('events: small pages across the window start', () => {
  // A page merges the events that start in the window with those that started earlier and reach into it,
  // read from the events or from the actors' participant rows: pages of 7 cross that seam many times.
  const cases: [name: string, q: ModelQuery][] = [
    [
      'actor + type, overlaps a decade',
      { actor: ['alpha'], type: ['meeting', 'summit'], from: '2010', to: '2019' },
    ],
    [
      'two actors + roles, overlaps from a month, descending',
      { actor: ['alpha', 'bravo'], role: ['party', 'host'], from: '2012-07', order: 'desc' },
    ],
    [
      'actor_match=all, overlaps from a year',
      { actor: ['alpha', 'delta'], actor_match: 'all', from: '2005' },
    ],
    ['no actor, overlaps a window, descending', { from: '2014-06', to: '2016-04', order: 'desc' }],
    ['actor, within a window', { actor: ['charlie'], from: '2001', to: '2020', temporal: 'within' }],
    ['actor, to alone, descending', { actor: ['bravo'], to: '2010-06', order: 'desc' }],
    [
      'q, overlaps a decade (three parts: in the window, open-ended, finite)',
      { q: 'wheat', from: '2010', to: '2019' },
    ],
    ['q, overlaps from a month, descending', { q: 'vaccines', from: '2014-06', order: 'desc' }],
  ];
  for (const [name, q] of cases) {
    test(name, async () => {
      const data = await getAll(t.app, queryString(q), 7);
      assert.deepEqual(
        data.map((e) => e.id),
        expectedIds(events, q),
      );
      assert.ok(data.length > 14, 'more than two pages');
      if (q.from && q.temporal !== 'within') {
        const from = windowDays(q.from).first;
        assert.ok(
          data.some((e) => (e.date.start.earliest as string) < from),
          'some events started before the window and reach into it',
        );
        if (q.q) {
          const before = data.filter((e) => (e.date.start.earliest as string) < from);
          assert.ok(
            before.some((e) => e.date.end.latest === null),
            'an open-ended one',
          );
          assert.ok(
            before.some((e) => e.date.end.latest !== null),
            'a finite one',
          );
        }
      }
    });
  }
});

describe('events: exports of the generated set', () => {
  test('TimelineJS: each side of a mixed-precision interval at its own precision', async () => {
    const res = await get(t.app, '/v1/events?format=timelinejs&from=2018-12-31&to=2019-12-31&limit=500');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.timelinejs+json; charset=utf-8');
    type Slide = { unique_id: string; start_date: object; end_date?: object; display_date: string };
    const slides = new Map(res.json<{ events: Slide[] }>().events.map((s) => [s.unique_id, s]));
    assert.deepEqual(slides.get(edge(15))?.start_date, { year: 2018 });
    assert.deepEqual(slides.get(edge(15))?.end_date, { year: 2019, month: 1 });
    assert.equal(slides.get(edge(15))?.display_date, '2018 – January 2019');
    assert.deepEqual(slides.get(edge(16))?.start_date, { year: 2019, month: 12 });
    assert.deepEqual(slides.get(edge(16))?.end_date, { year: 2020 });
    assert.deepEqual(slides.get(edge(11))?.start_date, { year: 2018, month: 12, day: 31 });
    assert.equal(slides.get(edge(11))?.end_date, undefined);
  });

  test('CSV: one row per matching event in timeline order, titles quoted, doubled and defused', async () => {
    const q: ModelQuery = { from: '2010', to: '2020' };
    const res = await get(t.app, `/v1/events?${queryString(q)}&format=csv`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    const [header, ...rows] = parseCsv(res.body);
    assert.ok(header);
    const column = (name: string) => header.indexOf(name);
    assert.deepEqual(
      rows.map((r) => r[column('id')]),
      expectedIds(events, q),
    );
    const generated = new Map(events.map((e) => [e.id, e]));
    let quoted = 0;
    let defused = 0;
    for (const row of rows) {
      assert.equal(row.length, header.length);
      const g = generated.get(row[column('id')] ?? '');
      assert.ok(g);
      const title = g.title.en ?? '';
      const expected = /^[=@]/.test(title) ? `'${title}` : title;
      assert.equal(row[column('title')], expected);
      if (/[",\r\n]/.test(title)) quoted += 1;
      if (expected !== title) defused += 1;
      assert.equal(row[column('end_latest')], g.bounds.endLatest ?? '');
      assert.equal(row[column('participants')], participantsCell(g));
    }
    assert.ok(quoted > 3, 'titles with commas, quotes and line breaks were exported');
    assert.ok(defused > 0, 'a title that a spreadsheet would run as a formula was exported');
  });

  test('NDJSON: the whole result, one event per line, same order as the JSON pages', async () => {
    const q: ModelQuery = { order: 'desc' };
    const res = await get(t.app, `/v1/events?${queryString(q)}`, { accept: 'application/x-ndjson' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/x-ndjson; charset=utf-8');
    assert.ok(res.body.endsWith('\n'));
    const lines = res.body.slice(0, -1).split('\n');
    assert.deepEqual(
      lines.map((line) => (JSON.parse(line) as ApiEvent).id),
      expectedIds(events, q),
    );
    assert.ok(lines.length > 2500, 'several export batches of 500');
  });
});

// The API lists participants by role (the forum first, observers last), then by actor.
const ROLE_ORDER = [
  'forum',
  'host',
  'chair',
  'initiator',
  'speaker',
  'recipient',
  'mediator',
  'party',
  'observer',
];

function participantsCell(g: GeneratedEvent): string {
  return [...g.participants]
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.actor.localeCompare(b.actor))
    .map((p) => `${p.actor}:${p.role}`)
    .join(';');
}
