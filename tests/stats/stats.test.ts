import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  ACTORS,
  COUNTRIES,
  type GeneratedEvent,
  generateEvents,
  insertTimeline,
  type ModelQuery,
  matches,
  queryString,
  ROLES,
  random,
  TYPES,
} from '../helpers/generated-timeline.ts';
import { assertProblem, get, parseCsv } from '../helpers/http.ts';

// GET /v1/stats on a generated timeline: for random filters and every grouping, the groups and their counts
// are those computed here from the listed events (the filter reference of tests/helpers/generated-timeline.ts),
// through every page; and the CSV says the same.

let t: TestApp;
let events: GeneratedEvent[];
let typeClasses: Map<string, { plover: string | null; quad_class: string | null }>;
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  events = generateEvents({ count: 1500, seed: 1616, firstYear: 2000, lastYear: 2024 });
  t = await createTestApp({ after: (fn) => cleanups.push(fn) });
  await insertTimeline(t.db, events);
  // Give two of the generated types a PLOVER category (the quad class follows from it).
  await sql`update event_types set plover_category = 'CONSULT' where code = 'meeting'`.execute(t.db);
  await sql`update event_types set plover_category = 'COERCE' where code = 'sanction'`.execute(t.db);
  const { rows } = await sql<{ code: string; plover_category: string | null; quad_class: string | null }>`
    select code, plover_category, quad_class from event_types`.execute(t.db);
  typeClasses = new Map(rows.map((r) => [r.code, { plover: r.plover_category, quad_class: r.quad_class }]));
});

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

type Key = 'type' | 'actor' | 'role' | 'country' | 'status' | 'plover' | 'quad_class';
type Group = Record<string, string | number | null>;

/** The values an event takes for a key: one per participant for actor and role. */
function valuesOf(e: GeneratedEvent, key: Key): (string | null)[] {
  switch (key) {
    case 'type':
      return [e.type];
    case 'status':
      return [e.status];
    case 'country':
      return [e.country];
    case 'plover':
      return [typeClasses.get(e.type)?.plover ?? null];
    case 'quad_class':
      return [typeClasses.get(e.type)?.quad_class ?? null];
    case 'actor':
      return e.participants.map((p) => p.actor);
    case 'role':
      return e.participants.map((p) => p.role);
  }
}

/** Groups of the matching events, counted here: `count` per group, `certain` those within the window. */
function expectedGroups(q: ModelQuery, keys: Key[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  const hasWindow = q.from !== undefined || q.to !== undefined;
  for (const e of events) {
    if (!matches(e, q)) continue;
    const certain = !hasWindow || matches(e, { ...q, temporal: 'within' });
    // Actor and role together come from the same participant.
    const tuples = new Set<string>();
    if (keys.includes('actor') || keys.includes('role')) {
      for (const p of e.participants) {
        tuples.add(
          JSON.stringify(
            keys.map((k) => (k === 'actor' ? p.actor : k === 'role' ? p.role : valuesOf(e, k)[0])),
          ),
        );
      }
    } else tuples.add(JSON.stringify(keys.map((k) => valuesOf(e, k)[0])));
    for (const tuple of tuples) {
      const values = JSON.parse(tuple) as (string | null)[];
      const group = groups.get(tuple) ?? {
        ...Object.fromEntries(keys.map((k, i) => [k, values[i] ?? null])),
        count: 0,
        certain: 0,
      };
      group.count = (group.count as number) + 1;
      if (certain) group.certain = (group.certain as number) + 1;
      groups.set(tuple, group);
    }
  }
  return groups;
}

/** Every group of a stats query, page by page. */
async function allPages(query: string, limit: number): Promise<Group[]> {
  const groups: Group[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await get(t.app, `/v1/stats?${query}&limit=${limit}${suffix}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.ok(body.data.length <= limit);
    groups.push(...body.data);
    cursor = body.next_cursor;
  } while (cursor);
  return groups;
}

const keyOf = (g: Group, keys: Key[]) => JSON.stringify(keys.map((k) => g[k]));

describe('stats', () => {
  test('stats: group_by=type counts each matching event once; the counts add up to the listed events', async () => {
    const q: ModelQuery = { from: '2010', to: '2015' };
    const groups = await allPages(`${queryString(q)}&group_by=type`, 50);
    const expected = expectedGroups(q, ['type']);
    assert.deepEqual(new Map(groups.map((g) => [keyOf(g, ['type']), g])), expected);
    const listed = events.filter((e) => matches(e, q)).length;
    assert.equal(
      groups.reduce((n, g) => n + (g.count as number), 0),
      listed,
    );
    assert.ok(
      groups.some((g) => (g.certain as number) < (g.count as number)),
      'some events straddle the window',
    );
  });

  test('stats: random filters and groupings (one key and two) match the counts of the listed events, through pages', async () => {
    const next = random(16);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const keys: Key[] = ['type', 'actor', 'role', 'country', 'status', 'plover', 'quad_class'];
    for (let i = 0; i < 16; i += 1) {
      const q: ModelQuery = {};
      if (next() < 0.6) {
        q.from = String(2000 + Math.floor(next() * 20));
        q.to = String(Number(q.from) + Math.floor(next() * 5));
        if (next() < 0.25) q.temporal = 'within';
      }
      if (next() < 0.3) q.actor = [pick(ACTORS)];
      if (next() < 0.2) q.role = [pick(ROLES)];
      if (next() < 0.3) q.type = [pick(TYPES), pick(TYPES)];
      if (next() < 0.3) q.status = ['held', 'scheduled'];
      if (next() < 0.2) q.country = [pick(COUNTRIES)];
      if (next() < 0.2) q.q = 'wheat';
      if (next() < 0.2) q.bbox = '-10,35,40,70';
      const first = pick(keys);
      const group: Key[] = next() < 0.5 ? [first] : [first, pick(keys.filter((k) => k !== first))];
      const limit = 1 + Math.floor(next() * 7);
      const groups = await allPages(`${queryString(q)}&group_by=${group.join(',')}`, limit);
      const expected = expectedGroups(q, group);
      assert.deepEqual(
        new Map(groups.map((g) => [keyOf(g, group), g])),
        expected,
        `${queryString(q)} by ${group}`,
      );
      assert.equal(groups.length, expected.size, 'no group on two pages');
      // Sorted by count, largest first.
      for (let j = 1; j < groups.length; j += 1) {
        assert.ok((groups[j - 1]?.count as number) >= (groups[j]?.count as number));
      }
    }
  });

  test('stats: sort=key orders the groups by their values, nulls last', async () => {
    const groups = await allPages('group_by=country,status&sort=key', 4);
    const expected = [...expectedGroups({}, ['country', 'status']).values()].sort((a, b) => {
      for (const k of ['country', 'status']) {
        const x = a[k] as string | null;
        const y = b[k] as string | null;
        if (x !== y) return x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      }
      return 0;
    });
    assert.deepEqual(groups, expected);
    assert.equal(groups.at(-1)?.country, null);
  });

  test('stats.csv: a column per key, then count and certain: the same groups as the JSON', async () => {
    const q = 'group_by=actor,type&from=2005&to=2012';
    const json = await allPages(q, 500);
    const res = await get(t.app, `/v1/stats.csv?${q}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    const [header, ...rows] = parseCsv(res.body);
    assert.deepEqual(header, ['actor', 'type', 'count', 'certain']);
    assert.deepEqual(
      rows,
      json.map((g) => [g.actor, g.type, String(g.count), String(g.certain)]),
    );
  });

  test('stats: a cursor of another grouping, a key named twice and an unknown key are 400s naming the parameter', async () => {
    const first = (await get(t.app, '/v1/stats?group_by=type&limit=1')).json();
    assert.ok(first.next_cursor);
    assertProblem(
      await get(t.app, `/v1/stats?group_by=status&limit=1&cursor=${encodeURIComponent(first.next_cursor)}`),
      { status: 400, pointers: ['/cursor'] },
    );
    assertProblem(await get(t.app, '/v1/stats?group_by=type,type'), { status: 400, pointers: ['/group_by'] });
    assertProblem(await get(t.app, '/v1/stats?group_by=colour'), { status: 400, pointers: ['/group_by'] });
    assertProblem(await get(t.app, '/v1/stats'), { status: 400, pointers: ['/group_by'] });
  });
});
