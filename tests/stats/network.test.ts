import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  ACTORS,
  type GeneratedEvent,
  generateEvents,
  insertTimeline,
  type ModelQuery,
  matches,
  queryString,
  random,
  TYPES,
  timelineOrder,
} from '../helpers/generated-timeline.ts';
import { assertProblem, get, parseCsv } from '../helpers/http.ts';

// GET /v1/actors/{id}/network on a generated timeline: for random windows and types, the links are those
// computed here from the actor's listed events, through every page, and the CSV edge list says the same.

let t: TestApp;
let events: GeneratedEvent[];
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  events = generateEvents({ count: 1200, seed: 6006, firstYear: 2000, lastYear: 2024 });
  t = await createTestApp({ after: (fn) => cleanups.push(fn) });
  await insertTimeline(t.db, events);
});

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Link {
  actor: string;
  events: number;
  first: string;
  last: string;
}

/** The links of `actor` over the events matching `q`, worked out from the events in timeline order. */
function expectedLinks(actor: string, q: ModelQuery): Link[] {
  const links = new Map<string, Link>();
  for (const e of timelineOrder(events.filter((e) => matches(e, { ...q, actor: [actor] })))) {
    for (const other of new Set(e.participants.map((p) => p.actor))) {
      if (other === actor) continue;
      const link = links.get(other);
      if (link) {
        link.events += 1;
        link.last = e.id;
      } else links.set(other, { actor: other, events: 1, first: e.id, last: e.id });
    }
  }
  return [...links.values()].sort((a, b) => b.events - a.events || (a.actor < b.actor ? -1 : 1));
}

async function allLinks(actor: string, query: string, limit: number): Promise<Link[]> {
  const links: Link[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await get(t.app, `/v1/actors/${actor}/network?${query}&limit=${limit}${suffix}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.actor, actor);
    for (const l of body.data) {
      links.push({ actor: l.actor.id, events: l.events, first: l.first.id, last: l.last.id });
    }
    cursor = body.next_cursor;
  } while (cursor);
  return links;
}

describe('network', () => {
  test('network: for random windows and types the links, counts, first and last are those of the listed events', async () => {
    const next = random(606);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    for (let i = 0; i < 12; i += 1) {
      const actor = pick(ACTORS);
      const q: ModelQuery = {};
      if (next() < 0.7) {
        q.from = String(2000 + Math.floor(next() * 20));
        q.to = String(Number(q.from) + Math.floor(next() * 6));
        if (next() < 0.3) q.temporal = 'within';
      }
      if (next() < 0.5) q.type = [pick(TYPES)];
      if (next() < 0.3) q.status = ['held'];
      const expected = expectedLinks(actor, q);
      assert.ok(expected.length > 0 || i > 0, 'the first query has links');
      assert.deepEqual(
        await allLinks(actor, queryString(q), 1 + Math.floor(next() * 4)),
        expected,
        queryString(q),
      );
    }
  });

  test('network.csv: a Gephi edge list (Source, Target, Type, Weight) with the first and last dates', async () => {
    const res = await get(t.app, '/v1/actors/alpha/network.csv?from=2010&to=2015');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    const [header, ...rows] = parseCsv(res.body);
    assert.deepEqual(header, ['Source', 'Target', 'Type', 'Weight', 'First', 'Last']);
    const byId = new Map(events.map((e) => [e.id, e.bounds.edtf]));
    assert.deepEqual(
      rows,
      expectedLinks('alpha', { from: '2010', to: '2015' }).map((l) => [
        'alpha',
        l.actor,
        'Undirected',
        String(l.events),
        byId.get(l.first),
        byId.get(l.last),
      ]),
    );
  });

  test('network.csv?table=nodes: Gephi nodes table (Id, Label in lang, Kind), the actor first, then the edge list order', async () => {
    const res = await get(t.app, '/v1/actors/alpha/network.csv?from=2010&to=2015&table=nodes&lang=de');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    assert.equal(res.headers['content-language'], 'de');
    const [header, ...rows] = parseCsv(res.body);
    assert.deepEqual(header, ['Id', 'Label', 'Kind']);
    // The generated actors are named in English only: the label falls back to it.
    assert.deepEqual(rows[0], ['alpha', 'State alpha', 'state']);
    assert.deepEqual(
      rows.slice(1),
      expectedLinks('alpha', { from: '2010', to: '2015' }).map((l) => [l.actor, `State ${l.actor}`, 'state']),
    );
    // Every edge's ends are nodes of the table.
    const edges = parseCsv((await get(t.app, '/v1/actors/alpha/network.csv?from=2010&to=2015')).body).slice(
      1,
    );
    const ids = new Set(rows.map((r) => r[0]));
    assert.ok(edges.length > 0);
    for (const [source, target] of edges)
      assert.ok(ids.has(source) && ids.has(target), `${source} ${target}`);
    assertProblem(await get(t.app, '/v1/actors/alpha/network.csv?table=graph'), {
      status: 400,
      pointers: ['/table'],
    });
  });

  test('network: an unknown actor is a 404, a filter naming actors a 400', async () => {
    assertProblem(await get(t.app, '/v1/actors/nobody-at-all/network'), { status: 404 });
    assertProblem(await get(t.app, '/v1/actors/nobody-at-all/network.csv'), { status: 404 });
    assertProblem(await get(t.app, '/v1/actors/alpha/network?actor=bravo'), {
      status: 400,
      pointers: ['/actor'],
    });
  });
});
