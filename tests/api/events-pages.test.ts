import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseEdtf } from '../../src/domain/edtf.ts';
import type { EventPage } from '../../src/modules/events/read/read.service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  expectedIds,
  type GeneratedEvent,
  generateEvents,
  insertEventRows,
  insertTimeline,
  type ModelQuery,
  queryString,
} from '../helpers/generated-timeline.ts';
import { get, getAll } from '../helpers/http.ts';

// Cursor pages: keyset pagination on (start_earliest, id). Many events share a start day here (two years
// of dates for 300 events), so the id tie-break is exercised on almost every page.

let t: TestApp;
let events: GeneratedEvent[];
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  // Generated before the app exists: a second of synchronous work must not count as load on it.
  events = generateEvents({ count: 300, seed: 5, firstYear: 2018, lastYear: 2019 });
  t = await createTestApp({ after: (fn) => cleanups.push(fn) });
  await insertTimeline(t.db, events);
});

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Walk {
  ids: string[];
  pages: EventPage[];
  links: (string | undefined)[];
}

/** Follows `Link: <…>; rel="next"` from a first URL to the last page, checking the headers on the way. */
async function walkByLink(firstUrl: string): Promise<Walk> {
  const walk: Walk = { ids: [], pages: [], links: [] };
  let url: string | undefined = firstUrl;
  while (url) {
    const res = await get(t.app, url);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    const page = res.json<EventPage>();
    const link = res.headers.link === undefined ? undefined : String(res.headers.link);
    walk.pages.push(page);
    walk.links.push(link);
    walk.ids.push(...page.data.map((e) => e.id));
    if (page.next_cursor === null) {
      assert.equal(link, undefined, 'no Link on the last page');
      url = undefined;
    } else {
      const match = /^<([^>]+)>; rel="next"$/.exec(link ?? '');
      assert.ok(match?.[1], `a Link rel="next" while next_cursor is set, got ${link}`);
      const next = new URL(match[1], 'http://localhost');
      assert.equal(next.searchParams.get('cursor'), page.next_cursor, 'the Link carries next_cursor');
      url = `${next.pathname}${next.search}`;
    }
  }
  return walk;
}

describe('cursor walks', () => {
  test('ascending, limit=7: every event exactly once, in (start_earliest, id) order, 7 per page', async () => {
    const walk = await walkByLink('/v1/events?limit=7');
    const expected = expectedIds(events, {});
    assert.deepEqual(walk.ids, expected);
    assert.equal(walk.pages.length, Math.ceil(expected.length / 7));
    for (const page of walk.pages.slice(0, -1)) assert.equal(page.data.length, 7);
    assert.equal(walk.pages.at(-1)?.data.length, expected.length % 7 || 7);
  });

  test('descending, limit=13: the exact reverse order', async () => {
    const walk = await walkByLink('/v1/events?order=desc&limit=13');
    assert.deepEqual(walk.ids, expectedIds(events, { order: 'desc' }));
  });

  test('with filters: the Link keeps them, and the walk matches the filtered set', async () => {
    const q: ModelQuery = { type: ['meeting', 'summit'], from: '2018-06', to: '2019-03', order: 'desc' };
    const walk = await walkByLink(`/v1/events?${queryString(q)}&limit=5`);
    assert.deepEqual(walk.ids, expectedIds(events, q));
    assert.ok(walk.pages.length > 3);
    const link = new URL(/<([^>]+)>/.exec(walk.links[0] ?? '')?.[1] ?? '', 'http://localhost');
    assert.equal(link.pathname, '/v1/events');
    assert.equal(link.searchParams.get('order'), 'desc');
    assert.equal(link.searchParams.get('from'), '2018-06');
    assert.equal(link.searchParams.get('limit'), '5');
  });

  test('a walk of limit=1 pages through events that start on the same day one by one', async () => {
    const month = busiestMonth();
    const q: ModelQuery = { from: month, to: month, temporal: 'within' };
    const walk = await walkByLink(`/v1/events?${queryString(q)}&limit=1`);
    const expected = expectedIds(events, q);
    const starts = walk.pages.map((p) => p.data[0]?.date.start.earliest);
    assert.ok(
      starts.filter((s) => s === `${month}-01`).length >= 3,
      'several events tie on the first of the month',
    );
    assert.deepEqual(walk.ids, expected);
    assert.ok(walk.pages.every((p) => p.data.length === 1));
  });

  test('the page size may change between pages: the cursor is a position, not a page number', async () => {
    const first = await get(t.app, '/v1/events?limit=10');
    const cursor = first.json<EventPage>().next_cursor;
    assert.ok(cursor);
    const second = await get(t.app, `/v1/events?limit=25&cursor=${encodeURIComponent(cursor)}`);
    assert.deepEqual(
      [...first.json<EventPage>().data, ...second.json<EventPage>().data].map((e) => e.id),
      expectedIds(events, {}).slice(0, 35),
    );
  });

  test('the last page has next_cursor null and no Link, also when it is exactly full', async () => {
    const q: ModelQuery = { status: ['cancelled'], type: ['visit'] };
    const n = expectedIds(events, q).length;
    assert.ok(n > 1);
    const res = await get(t.app, `/v1/events?${queryString(q)}&limit=${n}`);
    assert.equal(res.json<EventPage>().data.length, n);
    assert.equal(res.json<EventPage>().next_cursor, null);
    assert.equal(res.headers.link, undefined);
  });

  test('count=exact adds the total of the whole result to every page; without it there is none', async () => {
    const q: ModelQuery = { tag: ['arms'] };
    const total = expectedIds(events, q).length;
    const res = await get(t.app, `/v1/events?${queryString(q)}&limit=3&count=exact`);
    assert.equal(res.json<EventPage>().total, total);
    const walked = await getAll(t.app, queryString(q), 4);
    assert.equal(walked.length, total);
    const without = await get(t.app, `/v1/events?${queryString(q)}&limit=3`);
    assert.equal('total' in without.json<EventPage>(), false);
  });

  test('an empty result is {data: [], next_cursor: null}, with total 0 when counted', async () => {
    const res = await get(t.app, '/v1/events?from=1990&to=1990');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(res.json(), { data: [], next_cursor: null });
    assert.equal(res.headers.link, undefined);
    const counted = await get(t.app, '/v1/events?from=1990&to=1990&count=exact');
    assert.deepEqual(counted.json(), { data: [], next_cursor: null, total: 0 });
  });

  test('limit defaults to 50; limit=500 takes all of them in one page', async () => {
    const byDefault = (await get(t.app, '/v1/events')).json<EventPage>();
    assert.equal(byDefault.data.length, 50);
    assert.ok(byDefault.next_cursor);
    const all = (await get(t.app, '/v1/events?limit=500')).json<EventPage>();
    assert.equal(all.data.length, expectedIds(events, {}).length);
    assert.equal(all.next_cursor, null);
  });
});

describe('cursor walks while events are inserted', () => {
  /** Events of their own tag on the given days, with chosen ids (ties on a day are broken by id). */
  function walkEvents(tag: string, specs: [day: string, id: string][]): GeneratedEvent[] {
    return specs.map(([day, id]) => ({
      id,
      slug: `${tag}-${id}`,
      type: 'meeting',
      status: 'held',
      title: { en: `Walk event ${id}` },
      topic: '',
      bounds: parseEdtf(day),
      participants: [],
      tags: [tag],
      country: null,
      updatedAt: '2024-01-01T00:00:00.000Z',
      deleted: false,
    }));
  }
  /** A UUID of a series (one per test), numbered; its first block decides how it sorts within a day. */
  const uuid = (series: number, n: number, first = '5') =>
    `${first.repeat(8)}-000${series}-4000-8000-${String(n).padStart(12, '0')}`;

  for (const [series, order] of [[1, 'asc'] as const, [2, 'desc'] as const]) {
    test(`${order}: rows inserted behind the cursor are skipped, rows ahead are returned, none twice or missed`, async () => {
      const tag = `walk-${order}`;
      // 40 events on 20 days of 2019, two per day.
      const existing = walkEvents(
        tag,
        Array.from({ length: 40 }, (_, i) => [
          `2019-03-${String(1 + Math.floor(i / 2)).padStart(2, '0')}`,
          uuid(series, i),
        ]),
      );
      await insertEventRows(t.db, existing);
      const ahead: string[] = [];
      const behind: string[] = [];
      const seen: string[] = [];
      const sign = order === 'asc' ? 1 : -1;
      let cursor: string | null = null;
      let page = 0;
      let inserted = 0;
      do {
        const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await get(t.app, `/v1/events?tag=${tag}&order=${order}&limit=6${suffix}`);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json<EventPage>();
        seen.push(...body.data.map((e) => e.id));
        cursor = body.next_cursor;
        const last = body.data.at(-1);
        page += 1;
        if (last && cursor && page <= 4) {
          // Between page fetches, another client writes: on the cursor's own day with a smaller and a
          // larger id, and a day before and after it.
          const day = last.date.start.earliest as string;
          const shifted = (days: number) => {
            const d = new Date(`${day}T00:00:00Z`);
            d.setUTCDate(d.getUTCDate() + days * sign);
            return d.toISOString().slice(0, 10);
          };
          const lower = order === 'asc' ? '0' : 'f';
          const higher = order === 'asc' ? 'f' : '0';
          const n = 100 + inserted;
          inserted += 4;
          const specs: [string, string, 'ahead' | 'behind'][] = [
            [day, uuid(series, n, lower), 'behind'],
            [day, uuid(series, n + 1, higher), 'ahead'],
            [shifted(-1), uuid(series, n + 2), 'behind'],
            [shifted(1), uuid(series, n + 3), 'ahead'],
          ];
          await insertEventRows(
            t.db,
            walkEvents(
              tag,
              specs.map(([day, id]) => [day, id]),
            ),
          );
          for (const [, id, where] of specs) (where === 'ahead' ? ahead : behind).push(id);
        }
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length, 'no event twice');
      for (const e of existing) assert.ok(seen.includes(e.id), `pre-existing ${e.id} returned`);
      for (const id of ahead) assert.ok(seen.includes(id), `${id} inserted ahead of the cursor is returned`);
      for (const id of behind)
        assert.equal(seen.includes(id), false, `${id} inserted behind the cursor is skipped`);
      assert.equal(seen.length, existing.length + ahead.length);
      const final = await getAll(t.app, `tag=${tag}&order=${order}`);
      const rank = new Map(final.map((e, i) => [e.id, i]));
      const positions = seen.map((id) => rank.get(id) ?? -1);
      assert.deepEqual(
        positions,
        [...positions].sort((a, b) => a - b),
        'what was seen is in timeline order',
      );
    });
  }
});

/** The month with the most month-precision events, which all start on its first day. */
function busiestMonth(): string {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.deleted || !/^\d{4}-\d{2}$/.test(e.bounds.edtf)) continue;
    counts.set(e.bounds.edtf, (counts.get(e.bounds.edtf) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}
