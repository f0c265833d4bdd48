import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
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

const cleanups: (() => Promise<void>)[] = [];
let db: Kysely<Database>;
let keys: TestKeys;
let inject: Inject;

before(async () => {
  const built = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true });
  db = built.db;
  keys = await createKeys(db);
  inject = built.app.inject.bind(built.app);
});
after(async () => {
  for (const fn of cleanups) await fn();
});

const ndjson = (rows: unknown[]) =>
  rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

function importFile(
  body: string,
  type: 'application/x-ndjson' | 'text/csv' = 'application/x-ndjson',
  query = '',
) {
  return inject({
    method: 'POST',
    url: `/v1/events:import${query}`,
    headers: { ...bearer(keys.write), 'content-type': type },
    payload: body,
  });
}

describe('NDJSON', () => {
  test('import: 2,000 rows in one call; the same file again changes nothing', async () => {
    const run = uniqueSlug('bulk');
    const rows = Array.from({ length: 2000 }, (_, i) =>
      eventInput({
        slug: `${run}-${i}`,
        date: `${1990 + (i % 30)}-${String((i % 12) + 1).padStart(2, '0')}`,
        title: { en: `Bulk event ${i}` },
        participants: [{ actor: i % 2 ? 'nato' : 'russia', role: 'party' }],
        sources: [{ title: 'Bulk source', url: `https://example.org/${i}` }],
        ...(i > 0 && i % 100 === 0 ? { relations: [{ kind: 'follows', event: `${run}-${i - 1}` }] } : {}),
      }),
    );
    const first = await importFile(ndjson(rows));
    assert.equal(first.statusCode, 200, first.body.slice(0, 500));
    assert.deepEqual(first.json(), {
      rows: 2000,
      created: 2000,
      updated: 0,
      unchanged: 0,
      actors_created: 0,
      dry_run: false,
    });
    const counts = await tableCounts(db);
    const again = await importFile(ndjson(rows));
    assert.deepEqual(again.json(), {
      rows: 2000,
      created: 0,
      updated: 0,
      unchanged: 2000,
      actors_created: 0,
      dry_run: false,
    });
    assert.deepEqual(await tableCounts(db), counts, 'a re-import writes no row and no revision');
    const linked = (await inject({ url: `/v1/events/${run}-100` })).json();
    assert.deepEqual(
      linked.relations.map((r: { event: { slug: string } }) => r.event.slug),
      [`${run}-99`],
    );
    const found = (
      await inject({ url: `/v1/events?q=${encodeURIComponent('Bulk event 1999')}&limit=5` })
    ).json().data;
    assert.ok(
      found.some((e: { slug: string }) => e.slug === `${run}-1999`),
      'imported events are searchable',
    );
  });

  test('import: created, updated and unchanged are counted; updates get a revision; dry_run writes nothing', async () => {
    const [a, b] = [uniqueSlug('a'), uniqueSlug('b')];
    await importFile(ndjson([eventInput({ slug: a }), eventInput({ slug: b })]));
    const file = ndjson([
      eventInput({ slug: a }),
      eventInput({ slug: b, status: 'cancelled' }),
      eventInput({ slug: uniqueSlug('c') }),
    ]);
    const before = await tableCounts(db);
    const dry = await importFile(file, 'application/x-ndjson', '?dry_run=true');
    const { differences, ...counts } = dry.json();
    assert.deepEqual(counts, {
      rows: 3,
      created: 1,
      updated: 1,
      unchanged: 1,
      actors_created: 0,
      dry_run: true,
    });
    assert.deepEqual(
      differences.map((d: { line: number; slug: string; outcome: string; changes: unknown }) => [
        d.line,
        d.slug,
        d.outcome,
        d.changes,
      ]),
      [
        [2, b, 'updated', { status: { old: 'held', new: 'cancelled' } }],
        [3, JSON.parse(file.split('\n')[2] as string).slug, 'created', null],
      ],
      'a dry run lists what each row would change, old and new',
    );
    assert.deepEqual(await tableCounts(db), before, 'a dry run writes nothing');
    const real = await importFile(file);
    assert.deepEqual(real.json(), {
      rows: 3,
      created: 1,
      updated: 1,
      unchanged: 1,
      actors_created: 0,
      dry_run: false,
    });
    const history = (await inject({ url: `/v1/events/${b}/revisions`, headers: bearer(keys.admin) })).json()
      .data;
    assert.deepEqual(
      history.map((r: { operation: string }) => r.operation),
      ['create', 'update'],
    );
    assert.equal(history[1].api_key_id, keys.writeId);
  });

  test('import: one bad file reports every bad line and leaves the database exactly as it was', async () => {
    const deleted = uniqueSlug('deleted');
    const made = await inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(keys.write),
      payload: eventInput({ slug: deleted }),
    });
    await inject({ method: 'DELETE', url: `/v1/events/${deleted}`, headers: bearer(keys.write) });
    assert.equal(made.statusCode, 201);
    const dup = uniqueSlug('dup');
    const later = uniqueSlug('later');
    const lines = [
      eventInput(), // 1 good
      '{"slug": "broken",', // 2 not JSON
      eventInput({ colour: 'red' }), // 3 unknown property
      eventInput({ slug: undefined }), // 4 no slug
      eventInput({ slug: dup }), // 5 good
      eventInput({ slug: dup }), // 6 duplicate slug
      eventInput({ date: '2019-02-30' }), // 7 bad EDTF
      eventInput({ type: 'teleconference', participants: [{ actor: 'atlantis' }] }), // 8 unknown type and actor
      '', // 9 blank: skipped
      eventInput({ relations: [{ kind: 'follows', event: `${later}-missing` }] }), // 10 relation to no event
      eventInput({ slug: later }), // 11 good
      eventInput({ slug: deleted }), // 12 slug of a deleted event
      '[1, 2]', // 13 not an object
    ];
    const before = await tableCounts(db);
    const res = await importFile(ndjson(lines));
    assert.equal(res.statusCode, 422);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const problem = res.json();
    assert.match(problem.detail, /^9 of 12 rows are invalid; nothing was written/);
    assert.deepEqual(
      problem.errors.map((e: { line: number; pointer: string }) => [e.line, e.pointer]),
      [
        [2, ''],
        [3, '/colour'],
        [4, '/slug'],
        [6, '/slug'],
        [7, '/date'],
        [8, '/type'],
        [8, '/participants/0/actor'],
        [10, '/relations/0/event'],
        [12, '/slug'],
        [13, ''],
      ],
    );
    assert.match(problem.errors[3].detail, /is already on line 5/);
    assert.match(
      problem.errors[7].detail,
      /^unknown event ".*-missing": neither in the database nor in this file$/,
    );
    assert.deepEqual(await tableCounts(db), before, 'no event, link, revision or record was written');
  });

  test('import: anything but NDJSON, CSV, JSON or SPARQL results is a 415', async () => {
    const xml = await inject({
      method: 'POST',
      url: '/v1/events:import',
      headers: { ...bearer(keys.write), 'content-type': 'application/xml' },
      payload: '<events/>',
    });
    assert.equal(xml.statusCode, 415);
    const empty = await inject({ method: 'POST', url: '/v1/events:import', headers: bearer(keys.write) });
    assert.equal(empty.statusCode, 415);
  });
});

describe('CSV', () => {
  const header = 'slug,type,status,date,title_en,title_de,summary_en,summary_de,participants,country,tags';

  test('import: CSV rows with quotes, line breaks, participants, country and tags become events', async () => {
    const slug = uniqueSlug('csv');
    const csv = `${header}\r\n${slug},meeting,,2019-07,"NRC meeting, ambassadors","Sitzung des ""Nato-Russland-Rats""","Line one\nline two",,nato-russia-council:forum;russia;nato,BE,nrc;ambassadors\r\n`;
    const res = await importFile(csv, 'text/csv');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      rows: 1,
      created: 1,
      updated: 0,
      unchanged: 0,
      actors_created: 0,
      dry_run: false,
    });
    const event = (await inject({ url: `/v1/events/${slug}` })).json();
    assert.deepEqual(event.title, { en: 'NRC meeting, ambassadors', de: 'Sitzung des "Nato-Russland-Rats"' });
    assert.deepEqual(event.summary, { en: 'Line one\nline two' });
    assert.equal(event.status, 'held');
    assert.deepEqual(event.location, { country: 'BE' });
    assert.deepEqual(event.tags, ['ambassadors', 'nrc']);
    assert.deepEqual(
      event.participants
        .map((p: { actor: { id: string }; role: string }) => `${p.actor.id}:${p.role}`)
        .sort(),
      ['nato-russia-council:forum', 'nato:party', 'russia:party'],
    );
    assert.equal((await importFile(csv, 'text/csv')).json().unchanged, 1);
  });

  test('import: CSV errors point at columns and the line each record starts on', async () => {
    const csv = [
      header,
      `${uniqueSlug()},meeting,,2019,,,,,,,`, // 2: no title
      `${uniqueSlug()},meeting,done,2019,"Two`, // 3-4: a quoted line break; bad status
      `lines",,,,,de,`, //   (record continues)
      `${uniqueSlug()},meeting,,2019,T,,,,nato:boss,,Bad Tag`, // 5: bad role and tag
      `${uniqueSlug()},meeting,,2019,T,,,,`, // 6: too few fields
    ].join('\n');
    const before = await tableCounts(db);
    const res = await importFile(csv, 'text/csv');
    assert.equal(res.statusCode, 422);
    assert.deepEqual(
      res.json().errors.map((e: { line: number; pointer: string }) => [e.line, e.pointer]),
      [
        [2, '/title_en'],
        [3, '/status'],
        [3, '/country'],
        [5, '/participants'],
        [5, '/tags'],
        [6, ''],
      ],
    );
    assert.deepEqual(await tableCounts(db), before);
  });

  test('import: a CSV header with unknown columns is a 422 on line 1', async () => {
    const res = await importFile('slug,type,date,title_en,colour\nx,meeting,2019,T,red\n', 'text/csv');
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().errors, [
      {
        line: 1,
        pointer: '/4',
        detail:
          'unknown column "colour": use id, slug, type, status, date, edtf, participants, location, country, latitude, longitude, location_precision, tags, sources, relations, title_<lang>, summary_<lang> (read-only columns of the export, ignored: precision, start_earliest, start_latest, end_earliest, end_latest, approximate, uncertain, open_end, unknown_end, display_date, title, summary, version, created_at, updated_at)',
        in: 'body',
      },
    ]);
  });
});
