import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { normalizeFilters } from '../../src/modules/events/event-filters.ts';
import { countEvents, listEventRowsQuery } from '../../src/modules/events/read/page.queries.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  ACTORS,
  expectedIds,
  type GeneratedEvent,
  generateEvents,
  insertTimeline,
  type ModelQuery,
  queryString,
  random,
  TYPES,
} from '../helpers/generated-timeline.ts';
import { assertProblem, get, getAll, parseCsv } from '../helpers/http.ts';

// The place filters `bbox` and `near` on a generated timeline (with points around the antimeridian and the
// poles) against a reference computed here (tests/helpers/generated-timeline.ts: plain box tests and the
// haversine distance), alone and combined with the other filters, on the list and the exports; and the plan
// that answers them reads the place index.

let t: TestApp;
let events: GeneratedEvent[];
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  events = generateEvents({ count: 2500, seed: 5042, firstYear: 2000, lastYear: 2024 });
  t = await createTestApp({ after: (fn) => cleanups.push(fn) });
  await insertTimeline(t.db, events);
  await sql`analyze events`.execute(t.db);
});

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function assertSameAsModel(q: ModelQuery): Promise<string[]> {
  const ids = (await getAll(t.app, queryString(q))).map((e) => e.id);
  assert.deepEqual(ids, expectedIds(events, q), queryString(q));
  return ids;
}

describe('bbox', () => {
  test('bbox: the events located in a box over the Benelux, edges included', async () => {
    const ids = await assertSameAsModel({ bbox: '2.5,49.5,6.4,53.6' });
    assert.ok(ids.length > 5, `a box with ${ids.length} events says little`);
  });

  test('bbox: minLon > maxLon is the box across the antimeridian, not the band around the globe', async () => {
    const across = await assertSameAsModel({ bbox: '175,-30,-175,30' });
    assert.ok(across.length > 20);
    const band = await assertSameAsModel({ bbox: '-175,-30,175,30' });
    assert.equal(
      new Set([...across, ...band]).size,
      across.length + band.length,
      'the two readings share no event',
    );
  });

  test('bbox: the whole globe matches exactly the events with coordinates', async () => {
    const ids = await assertSameAsModel({ bbox: '-180,-90,180,90' });
    const located = events.filter((e) => !e.deleted && e.place).length;
    assert.equal(ids.length, located);
    assert.ok(located < events.filter((e) => !e.deleted).length, 'some events have no coordinates');
  });
});

describe('near', () => {
  test('near: within 300 km of Brussels by great-circle distance', async () => {
    const ids = await assertSameAsModel({ near: '50.85,4.35,300' });
    assert.ok(ids.length > 10);
  });

  test('near: a circle across the antimeridian and one over the North Pole', async () => {
    assert.ok((await assertSameAsModel({ near: '0,179.5,800' })).length > 5);
    assert.ok((await assertSameAsModel({ near: '88,0,500' })).length > 10);
  });

  test('near: a radius of half the circumference takes every located event', async () => {
    const ids = await assertSameAsModel({ near: '-33.9,18.4,20015.1' });
    assert.equal(ids.length, events.filter((e) => !e.deleted && e.place).length);
  });
});

describe('combined', () => {
  test('bbox and near combine with random window, actor, type, status, country, tag and text filters', async () => {
    const next = random(77);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const places: ModelQuery[] = [
      { bbox: '-10,35,40,70' },
      { bbox: '170,-60,-170,60' },
      { near: '48.86,2.35,900' },
      { near: '55.75,37.62,1500' },
      { near: '-10,-178,2500' },
      { bbox: '0,40,30,60', near: '50,10,600' },
    ];
    for (let i = 0; i < 24; i += 1) {
      const q: ModelQuery = { ...pick(places) };
      if (next() < 0.5) {
        q.from = String(2000 + Math.floor(next() * 20));
        q.to = String(Number(q.from) + Math.floor(next() * 6));
        if (next() < 0.3) q.temporal = 'within';
      }
      if (next() < 0.4) q.actor = [pick(ACTORS)];
      if (next() < 0.3) q.type = [pick(TYPES), pick(TYPES)];
      if (next() < 0.3) q.status = ['held'];
      if (next() < 0.2) q.country = ['DE', 'FR'];
      if (next() < 0.2) q.tag = ['arms'];
      if (next() < 0.2) q.q = 'uranium';
      if (next() < 0.3) q.order = 'desc';
      await assertSameAsModel(q);
    }
  });

  test('exports: CSV and NDJSON stream exactly the located events the list gives', async () => {
    const q: ModelQuery = { near: '50.85,4.35,700', from: '2005', to: '2015' };
    const expected = expectedIds(events, q);
    const ndjson = await get(t.app, `/v1/events.ndjson?${queryString(q)}`);
    assert.equal(ndjson.statusCode, 200);
    assert.deepEqual(
      ndjson.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
      expected,
    );
    const csv = parseCsv((await get(t.app, `/v1/events.csv?${queryString(q)}`)).body);
    assert.deepEqual(
      csv.slice(1).map((row) => row[0]),
      expected,
    );
  });

  test('histogram and gaps take the place filters too', async () => {
    const q: ModelQuery = { bbox: '-10,35,40,70', status: ['held'] };
    const held = expectedIds(events, q).length;
    const histogram = async (query: string) => {
      const res = await get(t.app, `/v1/timeline/histogram?${query}&from=2000&to=2024&bucket=year`);
      assert.equal(res.statusCode, 200, res.body);
      return (res.json().data as { count: number }[]).map((b) => b.count);
    };
    const located = await histogram(queryString(q));
    const all = await histogram('status=held');
    assert.equal(located.length, all.length);
    for (const [i, n] of located.entries()) assert.ok(n <= (all[i] as number));
    assert.ok(located.reduce((a, b) => a + b, 0) < all.reduce((a, b) => a + b, 0));
    const gaps = await get(t.app, `/v1/gaps?${queryString(q)}&as_of=2030-01-01`);
    assert.equal(gaps.statusCode, 200, gaps.body);
    assert.equal(gaps.json().events_considered, held);
  });
});

describe('GeoJSON', () => {
  test('geojson: the whole timeline is one valid FeatureCollection of the located events, across export batches', async () => {
    const res = await get(t.app, '/v1/events.geojson');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/geo+json; charset=utf-8');
    const collection = JSON.parse(res.body);
    assert.equal(collection.type, 'FeatureCollection');
    const located = expectedIds(events, { bbox: '-180,-90,180,90' });
    assert.ok(located.length > 1000, 'more features than one export batch');
    assert.deepEqual(
      collection.features.map((f: { id: string }) => f.id),
      located,
    );
    assert.equal(
      res.headers['x-events-without-coordinates'],
      String(expectedIds(events, {}).length - located.length),
    );
  });

  test('geojson: a feature is a Point at [lon, lat] with id, slug, type, date bounds and texts in lang', async () => {
    const q: ModelQuery = { near: '50.85,4.35,500', from: '2010', to: '2014' };
    const res = await get(t.app, `/v1/events.geojson?${queryString(q)}&lang=de`);
    const features = JSON.parse(res.body).features;
    const expected = expectedIds(events, q);
    assert.ok(expected.length > 0);
    assert.deepEqual(
      features.map((f: { id: string }) => f.id),
      expected,
    );
    assert.equal(
      res.headers['x-events-without-coordinates'],
      '0',
      'a place filter matches located events only',
    );
    const byId = new Map(events.map((e) => [e.id, e]));
    for (const feature of features) {
      const event = byId.get(feature.id) as GeneratedEvent;
      assert.deepEqual(feature.geometry, {
        type: 'Point',
        coordinates: [event.place?.lon, event.place?.lat],
      });
      assert.equal(feature.properties.id, event.id);
      assert.equal(feature.properties.slug, event.slug);
      assert.equal(feature.properties.type, event.type);
      assert.equal(feature.properties.title, event.title.de);
      assert.equal(feature.properties.date.edtf, event.bounds.edtf);
      assert.equal(feature.properties.date.start.earliest, event.bounds.startEarliest);
      assert.equal(feature.properties.date.end.latest, event.bounds.endLatest);
      assert.equal(typeof feature.properties.date.display, 'string');
    }
    const one = features[0];
    const page = await get(t.app, `/v1/events/${one.id}`);
    assert.equal(one.properties.date.display, page.json().date.display.de);
  });

  test('geojson: without place filters the header counts the matches left out for having no coordinates', async () => {
    const q: ModelQuery = { type: ['summit'], from: '2003', to: '2008' };
    const res = await get(t.app, `/v1/events.geojson?${queryString(q)}`);
    const matching = expectedIds(events, q);
    const located = new Set(expectedIds(events, { ...q, bbox: '-180,-90,180,90' }));
    assert.equal(JSON.parse(res.body).features.length, located.size);
    assert.equal(res.headers['x-events-without-coordinates'], String(matching.length - located.size));
    assert.ok(matching.length > located.size, 'the query has events without coordinates');
  });
});

describe('bad place filters', () => {
  const cases: [string, string, RegExp][] = [
    ['bbox=1,2,3', '/bbox', /has the wrong format/],
    ['bbox=0,10,5,5', '/bbox', /minLat 10 is north of maxLat 5/],
    ['bbox=-181,0,0,1', '/bbox', /minLon -181 is outside -180…180/],
    ['bbox=0,-91,1,1', '/bbox', /minLat -91 is outside -90…90/],
    ['near=50,4', '/near', /has the wrong format/],
    ['near=91,4,10', '/near', /lat 91 is outside -90…90/],
    ['near=50,4,0', '/near', /radius_km 0 must be above 0/],
    ['near=50,4,30000', '/near', /at most 20015\.1/],
  ];
  for (const [query, pointer, detail] of cases) {
    test(`?${query} → 400 at ${pointer}`, async () => {
      const problem = assertProblem(await get(t.app, `/v1/events?${query}`), {
        status: 400,
        pointers: [pointer],
      });
      assert.match(problem.errors?.[0]?.detail ?? '', detail);
    });
  }
});

describe('plans', () => {
  /** The plan of a statement, as text. */
  async function plan(query: { compile: () => { sql: string; parameters: readonly unknown[] } }) {
    const compiled = query.compile();
    const { rows } = await t.db.executeQuery<{ 'QUERY PLAN': string }>({
      ...compiled,
      sql: `explain ${compiled.sql}`,
      query: { kind: 'RawNode' } as never,
      queryId: { queryId: 'explain' },
    });
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  test('plan: a page filtered by bbox or near reads the place index (events_place_idx)', async () => {
    for (const query of [{ bbox: '4,50,5,51' }, { near: '50.85,4.35,40' }, { bbox: '179,10,-179,12' }]) {
      const filters = normalizeFilters(query);
      const text = await plan(listEventRowsQuery(t.db, filters, { limit: 50, order: 'asc' }));
      assert.match(text, /events_place_idx/, `${JSON.stringify(query)}:\n${text}`);
    }
  });

  test('count: the count of events near a point is the reference one', async () => {
    const filters = normalizeFilters({ near: '50.85,4.35,40' });
    assert.equal(await countEvents(t.db, filters), expectedIds(events, { near: '50.85,4.35,40' }).length);
  });
});
