import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { createTestApp } from '../helpers/app.ts';
import {
  bearer,
  createKeys,
  eventInput,
  type Inject,
  type TestKeys,
  tableCounts,
  uniqueSlug,
} from '../helpers/fixtures.ts';

// Which event a row is (by id, by slug), what is all or nothing, and how many errors a 422 lists.

const cleanups: (() => Promise<void>)[] = [];
let db: Kysely<Database>;
let keys: TestKeys;
let inject: Inject;

before(async () => {
  const built = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true });
  db = built.db;
  keys = await createKeys(db);
  inject = built.app.inject.bind(built.app) as Inject;
});
after(async () => {
  for (const fn of cleanups) await fn();
});

const ndjson = (rows: unknown[]) =>
  rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

function importFile(body: string, query = '') {
  return inject({
    method: 'POST',
    url: `/v1/events:import${query}`,
    headers: { ...bearer(keys.write), 'content-type': 'application/x-ndjson' },
    payload: body,
  });
}

async function createEvent(overrides: Record<string, unknown> = {}) {
  const res = await inject({
    method: 'POST',
    url: '/v1/events',
    headers: bearer(keys.write),
    payload: eventInput(overrides),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; slug: string; version: number };
}

const errorsOf = (res: { json(): { errors: { line: number; pointer: string; detail: string }[] } }) =>
  res.json().errors.map((e) => [e.line, e.pointer, e.detail]);

describe('matching rows to events', () => {
  test('matching: a row with the id of an event updates it, its slug included; the slug alone matches too', async () => {
    const byId = await createEvent();
    const bySlug = await createEvent();
    const renamed = uniqueSlug('renamed');
    const res = await importFile(
      ndjson([
        eventInput({ id: byId.id.toUpperCase(), slug: renamed, status: 'cancelled' }),
        eventInput({ slug: bySlug.slug, status: 'scheduled' }),
      ]),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      rows: 2,
      created: 0,
      updated: 2,
      unchanged: 0,
      actors_created: 0,
      dry_run: false,
    });
    const first = (await inject({ url: `/v1/events/${byId.id}` })).json();
    assert.deepEqual([first.slug, first.status, first.version], [renamed, 'cancelled', 2]);
    const second = (await inject({ url: `/v1/events/${bySlug.slug}` })).json();
    assert.deepEqual([second.id, second.status, second.version], [bySlug.id, 'scheduled', 2]);
  });

  test('matching: a row with an unknown id creates the event with that id, and an export of it imports unchanged', async () => {
    const id = randomUUID();
    const slug = uniqueSlug('with-id');
    const row = eventInput({ id, slug, relations: [{ kind: 'follows', event: 'nrc-founded-2002' }] });
    const first = await importFile(ndjson([row]));
    assert.deepEqual(first.json(), {
      rows: 1,
      created: 1,
      updated: 0,
      unchanged: 0,
      actors_created: 0,
      dry_run: false,
    });
    const event = (await inject({ url: `/v1/events/${id}` })).json();
    assert.equal(event.slug, slug);
    // A row of an export names related events by id: the same content, so nothing changes.
    const exported: Record<string, unknown> = {
      ...row,
      relations: event.relations.map((r: { kind: string; event: { id: string } }) => ({
        kind: r.kind,
        event: r.event.id,
      })),
    };
    const again = await importFile(ndjson([exported]));
    assert.deepEqual(again.json(), {
      rows: 1,
      created: 0,
      updated: 0,
      unchanged: 1,
      actors_created: 0,
      dry_run: false,
    });
    // Without a slug, the id alone matches.
    const { slug: _slug, ...withoutSlug } = exported;
    const bare = await importFile(ndjson([{ ...withoutSlug, slug: null, status: 'cancelled' }]));
    assert.deepEqual(bare.json(), {
      rows: 1,
      created: 0,
      updated: 1,
      unchanged: 0,
      actors_created: 0,
      dry_run: false,
    });
    assert.equal((await inject({ url: `/v1/events/${id}` })).json().slug, null);
  });

  test('matching: later rows may relate to earlier ones by the id they give', async () => {
    const id = randomUUID();
    const res = await importFile(
      ndjson([
        eventInput({ id }),
        eventInput({ relations: [{ kind: 'responds_to', event: id }] }),
        eventInput({ slug: undefined, id: randomUUID(), relations: [{ kind: 'follows', event: id }] }),
      ]),
    );
    assert.equal(res.statusCode, 200, res.body);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from event_relations where target_id = ${id}::uuid`.execute(db);
    assert.equal(rows[0]?.n, 2);
  });

  test('matching: the id wins; its slug may not be another event’s, and one event is matched once per file', async () => {
    const owner = await createEvent();
    const other = await createEvent();
    const third = await createEvent();
    const deleted = await createEvent();
    await inject({ method: 'DELETE', url: `/v1/events/${deleted.id}`, headers: bearer(keys.write) });
    const newId = randomUUID();
    const before = await tableCounts(db);
    const res = await importFile(
      ndjson([
        eventInput({ id: owner.id, slug: third.slug }), // 1: the slug belongs to another event
        eventInput({ id: deleted.id, slug: uniqueSlug() }), // 2: a deleted event
        eventInput({ id: newId }), // 3: fine
        eventInput({ id: newId }), // 4: the same id again
        eventInput({ id: other.id, slug: uniqueSlug() }), // 5: fine: renames `other`
        eventInput({ slug: other.slug }), // 6: `other` again, by its old slug
        eventInput({ slug: undefined }), // 7: neither
      ]),
    );
    assert.equal(res.statusCode, 422);
    assert.deepEqual(errorsOf(res), [
      [
        1,
        '/slug',
        `"${third.slug}" is already used by another event (deleted events keep their slug); the row's id wins over its slug, so this row would rename event ${owner.id} to it: change the slug or leave the id out to update the event that has the slug`,
      ],
      [
        2,
        '/id',
        'belongs to a deleted event (deleted events keep their id): leave "id" out to create a new event',
      ],
      [4, '/id', `"${newId}" is already on line 3`],
      [6, '/slug', 'matches the same event as line 5'],
      [7, '/slug', 'required unless the row has an id: import rows are matched by id or slug'],
    ]);
    assert.equal(res.json().error_count, 5);
    assert.deepEqual(await tableCounts(db), before);
  });

  test('matching: a relation listed twice, or to the row itself, is an error of that row', async () => {
    const slug = uniqueSlug();
    const res = await importFile(
      ndjson([
        eventInput({
          slug,
          relations: [
            { kind: 'follows', event: 'nrc-founded-2002' },
            { kind: 'follows', event: 'nrc-founded-2002' },
            { kind: 'ends', event: slug },
          ],
        }),
      ]),
    );
    assert.equal(res.statusCode, 422);
    assert.deepEqual(errorsOf(res), [
      [1, '/relations/1/event', 'the relation follows to "nrc-founded-2002" is listed twice'],
      [1, '/relations/2/event', 'an event cannot relate to itself'],
    ]);
  });
});

describe('all or nothing', () => {
  test('all or nothing: an error on the last of 1,500 rows writes none of them', async () => {
    const run = uniqueSlug('last');
    const rows = Array.from({ length: 1500 }, (_, i) => eventInput({ slug: `${run}-${i}` }));
    rows[1499] = eventInput({ slug: `${run}-1499`, participants: [{ actor: 'atlantis' }] });
    const before = await tableCounts(db);
    const res = await importFile(ndjson(rows));
    assert.equal(res.statusCode, 422);
    assert.deepEqual(errorsOf(res), [
      [1500, '/participants/0/actor', 'unknown actor "atlantis": create it first (POST /v1/actors)'],
    ]);
    assert.deepEqual(await tableCounts(db), before);
  });

  test('all or nothing: a write refused by the database at the last row rolls back every row before it', async () => {
    const run = uniqueSlug('refused');
    // A trigger standing for any failure the checks cannot foresee, raised by the very last insert.
    await sql
      .raw(`
        create function refuse_import_test_row() returns trigger language plpgsql as $$
        begin
          if new.slug = '${run}-999' then raise exception 'refused by the test'; end if;
          return new;
        end $$`)
      .execute(db);
    await sql
      .raw(`create trigger refuse_import_test_row before insert on events
            for each row execute function refuse_import_test_row()`)
      .execute(db);
    try {
      const rows = Array.from({ length: 1000 }, (_, i) => eventInput({ slug: `${run}-${i}` }));
      const before = await tableCounts(db);
      const res = await importFile(ndjson(rows));
      assert.equal(res.statusCode, 500);
      assert.deepEqual(await tableCounts(db), before);
      const { rows: left } = await sql<{ n: number }>`
        select count(*)::int as n from events where slug like ${`${run}-%`}`.execute(db);
      assert.equal(left[0]?.n, 0);
    } finally {
      await sql.raw('drop trigger refuse_import_test_row on events').execute(db);
      await sql.raw('drop function refuse_import_test_row()').execute(db);
    }
  });
});

describe('errors', () => {
  test('errors: the 422 lists the first 100 errors in file order and counts them all', async () => {
    const rows: unknown[] = [];
    for (let i = 0; i < 300; i++) {
      // Three kinds, found in three places: the parser, the row check, the database.
      if (i % 3 === 0) rows.push('not json');
      else if (i % 3 === 1) rows.push(eventInput({ date: '2019-02-30' }));
      else rows.push(eventInput({ type: 'teleconference', participants: [{ actor: 'atlantis' }] }));
    }
    rows.push(eventInput());
    const before = await tableCounts(db);
    const res = await importFile(ndjson(rows));
    assert.equal(res.statusCode, 422);
    const problem = res.json();
    assert.equal(problem.error_count, 400, '100 unreadable lines, 100 bad dates, 200 unknown references');
    assert.equal(problem.errors.length, 100);
    assert.match(
      problem.detail,
      /^300 of 301 rows are invalid; nothing was written\. Fix the lines listed in errors \(the first 100 of 400 errors\) and import again\.$/,
    );
    assert.deepEqual(
      problem.errors.slice(0, 4).map((e: { line: number; pointer: string }) => [e.line, e.pointer]),
      [
        [1, ''],
        [2, '/date'],
        [3, '/type'],
        [3, '/participants/0/actor'],
      ],
    );
    const lines = problem.errors.map((e: { line: number }) => e.line);
    assert.deepEqual(
      lines,
      [...lines].sort((a, b) => a - b),
    );
    assert.equal(lines[99], 75);
    assert.deepEqual(await tableCounts(db), before);
  });

  test('errors: NUL characters and lone surrogates are errors naming the field, never a 500', async () => {
    const res = await importFile(
      [
        JSON.stringify(eventInput({ title: { en: 'a\u0000b' } })),
        `{"slug":"${uniqueSlug()}","type":"meeting","date":"2019","title":{"en":"x\\ud800y"}}`,
        JSON.stringify(eventInput({ location: { name: 'ok' }, tags: ['x'], summary: { '\u0000': 'key' } })),
      ].join('\n'),
    );
    assert.equal(res.statusCode, 422);
    assert.deepEqual(
      res.json().errors.map((e: { line: number; pointer: string }) => [e.line, e.pointer]),
      [
        [1, '/title/en'],
        [2, '/title/en'],
        // The key is no language tag (the schema, twice: the key and the map), and holds a NUL (the text check).
        [3, '/summary/\u0000'],
        [3, '/summary'],
        [3, '/summary/\u0000'],
      ],
    );
  });
});
