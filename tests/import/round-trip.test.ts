import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { bearer, createKeys } from '../helpers/fixtures.ts';
import {
  ACTORS,
  type GeneratedEvent,
  generateEvents,
  insertTimeline,
  timelineOrder,
} from '../helpers/generated-timeline.ts';
import { get, getAll, parseCsv } from '../helpers/http.ts';

// Round trip: the generated timeline of the filter tests, with every member an event can have filled in
// (texts in three languages, summaries, locations with coordinates, sources with quotes, relations to
// earlier and later events, statuses), exported in each format, imported into an empty instance, exported
// again: the two exports are equal but for timestamps and versions. The comparison is export to export, so
// a member added to events later is covered as soon as the export writes it.

const cleanups: (() => Promise<void>)[] = [];
const owner = { after: (fn: () => Promise<void>) => cleanups.push(fn) };
let source: TestApp;
let events: GeneratedEvent[];

/** Fills in what the generated timeline leaves empty, deterministically, on a share of its events. */
async function enrich(t: TestApp, all: GeneratedEvent[]): Promise<void> {
  const live = timelineOrder(all.filter((e) => !e.deleted));
  for (const [i, e] of live.entries()) {
    if (i % 3 === 0) {
      await sql`update events set summary = ${JSON.stringify({ en: `Summary ${i}: "quoted", commas, and; semicolons`, fr: `Résumé ${i}` })}::jsonb,
        title = title || ${JSON.stringify({ 'pt-BR': `Evento ${i}` })}::jsonb where id = ${e.id}::uuid`.execute(
        t.db,
      );
    }
    if (i % 4 === 0) {
      await sql`update events set location_name = ${`Brussels ${i}`}, location_lat = ${50.85 + i / 1000},
        location_lon = ${4.35 - i / 1000} where id = ${e.id}::uuid`.execute(t.db);
    }
    if (i % 5 === 0) {
      await sql`insert into event_sources (event_id, position, title, publisher, url, published, lang, quote, quoted_actor)
        values (${e.id}::uuid, 0, ${`Report ${i}`}, 'Agence', ${`https://example.org/r/${i}`}, '2021-06-07', 'de',
          ${`"Wir sind bereit", sagte er;\n=SUM(1)`}, 'alpha'),
        (${e.id}::uuid, 1, ${`-Note ${i}`}, null, null, null, null, null, null)`.execute(t.db);
    }
    // Relations to the event before and, for some, the one after in the timeline (a later row of the file).
    if (i % 7 === 1) {
      await sql`insert into event_relations (event_id, kind, target_id)
        values (${e.id}::uuid, 'responds_to', ${live[i - 1]?.id}::uuid)`.execute(t.db);
    }
    if (i % 11 === 2 && live[i + 1]) {
      await sql`insert into event_relations (event_id, kind, target_id)
        values (${e.id}::uuid, 'part_of', ${live[i + 1]?.id}::uuid)`.execute(t.db);
    }
  }
  // Tags as every write keeps them (sorted, each once); the generator inserts them as drawn.
  await sql`update events set tags = array(select distinct x from unnest(tags) as x order by x),
    search = event_search_document(id)`.execute(t.db);
}

before(async () => {
  events = generateEvents({
    count: 300,
    seed: 20261130,
    firstYear: 1990,
    lastYear: 2024,
    edges: ['-0043-03-15', '2019-07-05/..', '2019-07-05/', '2021-06-07~', '2002?', '201X', '[2019, 2020]'],
  });
  source = await createTestApp(owner);
  await insertTimeline(source.db, events);
  await enrich(source, events);
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** An empty instance: migrated, with the built-in event types and nothing else. */
async function emptyInstance(): Promise<TestApp & { write: string }> {
  const target = await createTestApp(owner);
  const keys = await createKeys(target.db);
  return { ...target, write: keys.write };
}

async function importInto(target: TestApp & { write: string }, body: string, type: string, query = '') {
  const res = await target.app.inject({
    method: 'POST',
    url: `/v1/events:import${query}`,
    headers: { ...bearer(target.write), 'content-type': type },
    payload: body,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const withoutStamps = (e: Record<string, unknown>) => {
  const { version: _v, created_at: _c, updated_at: _u, ...rest } = e;
  return rest;
};

async function revisionCount(t: TestApp): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from revisions`.execute(t.db);
  return rows[0]?.n ?? 0;
}

describe('round trip: export, import into an empty instance, export again', () => {
  test('NDJSON: the second export equals the first (timestamps and versions aside); actors are created from it', async () => {
    const exported = (await get(source.app, '/v1/events.ndjson')).body;
    const rows = exported.trim().split('\n');
    assert.equal(rows.length, events.filter((e) => !e.deleted).length);
    const target = await emptyInstance();
    const report = await importInto(target, exported, 'application/x-ndjson');
    assert.deepEqual(report, {
      rows: rows.length,
      created: rows.length,
      updated: 0,
      unchanged: 0,
      actors_created: ACTORS.length,
      dry_run: false,
    });
    const again = (await get(target.app, '/v1/events.ndjson')).body;
    const parse = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((line) => withoutStamps(JSON.parse(line)));
    assert.deepEqual(parse(again), parse(exported));
    assert.equal(
      again.replace(/"(version|created_at|updated_at)":[^,}]+/g, ''),
      exported.replace(/"(version|created_at|updated_at)":[^,}]+/g, ''),
      'byte for byte',
    );

    // The same file again changes nothing and writes no revision.
    const revisions = await revisionCount(target);
    const second = await importInto(target, exported, 'application/x-ndjson');
    assert.deepEqual([second.created, second.updated, second.unchanged], [0, 0, rows.length]);
    assert.equal(await revisionCount(target), revisions);
  });

  test('JSON page: a page of GET /v1/events imports as it is and reads back the same', async () => {
    const page = (await get(source.app, '/v1/events?limit=500')).body;
    const target = await emptyInstance();
    const report = await importInto(target, page, 'application/json');
    const count = JSON.parse(page).data.length;
    assert.equal(report.created, count);
    assert.deepEqual(
      (await getAll(target.app, 'order=asc')).map(withoutStamps),
      (await getAll(source.app, 'order=asc')).map(withoutStamps),
    );
    const dry = await importInto(target, page, 'application/json', '?dry_run=true');
    assert.deepEqual([dry.created, dry.updated, dry.unchanged, dry.differences], [0, 0, count, []]);
  });

  test('CSV: every language, sources, relations and coordinates survive; read-only columns are ignored', async () => {
    const exported = (await get(source.app, '/v1/events.csv?lang=de')).body;
    const target = await emptyInstance();
    // A CSV names actors by id only: the instance needs them first (NDJSON and JSON carry them).
    await target.db
      .insertInto('actors')
      .values(
        ACTORS.map((id) => ({
          id,
          kind: 'state' as const,
          name: JSON.stringify({ en: `State ${id}` }),
          aliases: [],
          affiliations: '[]',
        })),
      )
      .execute();
    const report = await importInto(target, exported, 'text/csv');
    const rows = parseCsv(exported);
    assert.equal(report.created, rows.length - 1);
    const again = (await get(target.app, '/v1/events.csv?lang=de')).body;
    const header = rows[0] as string[];
    assert.ok(header.includes('title_pt-BR') && header.includes('summary_fr'), header.join(','));
    const stamps = ['version', 'updated_at'].map((c) => header.indexOf(c));
    const strip = (text: string) => parseCsv(text).map((r) => r.filter((_, i) => !stamps.includes(i)));
    assert.deepEqual(strip(again), strip(exported));
    // And the events themselves, as JSON: nothing the CSV leaves out.
    assert.deepEqual(
      (await getAll(target.app, 'order=asc')).map(withoutStamps),
      (await getAll(source.app, 'order=asc')).map(withoutStamps),
    );
  });
});
