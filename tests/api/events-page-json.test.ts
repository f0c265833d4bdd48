import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { displayDate } from '../../src/domain/display.ts';
import { normalizeFilters } from '../../src/modules/events/event-filters.ts';
import { parseJsonFields } from '../../src/modules/events/read/fields.mapper.ts';
import {
  buildPageTextStatement,
  PAGE_CHUNK_BYTES,
  pageText,
} from '../../src/modules/events/read/page-json.queries.ts';
import {
  type EventPageQuery,
  listEvents,
  listEventsJson,
} from '../../src/modules/events/read/read.service.ts';
import { storeDateDisplays } from '../../src/modules/events/write/date-displays.ts';
import { createTestApp } from '../helpers/app.ts';
import { bearer, createKeys, eventInput, type Inject, type TestKeys } from '../helpers/fixtures.ts';

// The timeline's JSON pages are written by PostgreSQL (page-json.queries.ts); the row mapper stays for
// TimelineJS. Both must give the same events, key for key and in the same key order, for every shape a
// stored event can have: dates before the common era, unbounded sides, sets, empty and partial sources,
// locations with and without coordinates, relations (to a deleted event: left out), several participants.

const cleanups: (() => Promise<void>)[] = [];
let app: FastifyInstance;
let db: Kysely<Database>;
let keys: TestKeys;
let inject: Inject;
const tag = `pagejson-${process.pid}`;

before(async () => {
  ({ app, db } = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true }));
  keys = await createKeys(db);
  inject = app.inject.bind(app) as Inject;
  const create = async (fields: Record<string, unknown>) => {
    const res = await inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(keys.write),
      payload: eventInput({ tags: [tag, 'shape'], ...fields }),
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; slug: string };
  };
  const gone = await create({ date: '2001-02-03', slug: `${tag}-gone` });
  await create({
    date: '-0043-03-15',
    title: { en: 'Ides "of" March\n', de: 'Iden des März \\ ü' },
    summary: { fr: 'Résumé' },
    location: { name: 'Rome', country: 'IT', lat: 41.9, lon: 12.5 },
    sources: [
      { title: 'Plutarch' },
      {
        title: 'Suetonius',
        publisher: 'Loeb',
        url: 'https://example.org/s?q=1&r=2',
        published: '1914',
        lang: 'la',
        quote: 'Et tu',
        quoted_actor: 'nato',
      },
    ],
  });
  await create({ date: '0000-06', location: { country: 'GR' } });
  await create({ date: '1990-05-01/..', location: { name: 'Nowhere' }, sources: [] });
  await create({ date: '../1991-12-26', location: { lat: 0, lon: -0.000001 } });
  await create({ date: '/1995', location: null });
  await create({ date: '1998/' });
  await create({ date: '[2001-02-03, 2019]', status: 'scheduled' });
  await create({ date: '2003-21~' });
  await create({ date: '1985-04-12T23:20:30Z' });
  await create({ date: 'Y12019', participants: [] });
  await create({
    date: '2014-06/2016-04?',
    participants: [
      { actor: 'russia', role: 'party' },
      { actor: 'nato-russia-council', role: 'forum' },
      { actor: 'nato', role: 'party' },
      { actor: 'belarus', role: 'observer' },
    ],
    relations: [
      { kind: 'follows', event: gone.slug },
      { kind: 'responds_to', event: 'nrc-founded-2002' },
      { kind: 'follows', event: 'nrc-dialogue-suspended-2014' },
    ],
  });
  const deleted = await inject({
    method: 'DELETE',
    url: `/v1/events/${gone.id}`,
    headers: bearer(keys.write),
  });
  assert.ok([200, 204].includes(deleted.statusCode), deleted.body);
});
after(async () => {
  for (const fn of cleanups) await fn();
});

/** Both paths for one query, and the page's cursor to follow. */
async function both(query: EventPageQuery): Promise<string | null> {
  const objects = await listEvents(db, app.cursors, query);
  const text = await listEventsJson(db, app.cursors, query);
  assert.equal(
    JSON.stringify(JSON.parse(text.body.toString('utf8'))),
    JSON.stringify(objects),
    JSON.stringify(query),
  );
  assert.equal(text.next_cursor, objects.next_cursor);
  return text.next_cursor;
}

describe('timeline pages written by PostgreSQL', () => {
  test('every stored shape of an event reads as the row mapper writes it, page after page', async () => {
    let cursor: string | null = null;
    let pages = 0;
    do {
      cursor = await both({ tag: [tag], limit: 3, ...(cursor ? { cursor } : {}) });
      pages += 1;
    } while (cursor);
    // 12 live events of the tag, 3 a page: 4 pages.
    assert.equal(pages, 4);
  });

  test('descending, with a window, actors, full text and an exact count, the two paths agree', async () => {
    await both({ order: 'desc', limit: 5 });
    await both({ from: '1990', to: '2016', limit: 100, count: 'exact' });
    await both({ actor: ['nato'], limit: 4 });
    await both({ actor: ['nato', 'russia'], actor_match: 'all', from: '2010', limit: 50 });
    await both({ q: 'March', limit: 10 });
    await both({ tag: ['no-such-tag'] });
  });

  test('full text pages (positions planned per run, then the events written) agree, page after page', async () => {
    for (const order of ['asc', 'desc'] as const) {
      let cursor: string | null = null;
      let pages = 0;
      do {
        cursor = await both({ q: 'council', order, limit: 2, ...(cursor ? { cursor } : {}) });
        pages += 1;
      } while (cursor && pages < 50);
      assert.ok(pages > 2, `council is on more than four events (${pages} pages)`);
      assert.equal(cursor, null);
    }
    await both({ q: 'council', from: '2002', to: '2014', temporal: 'within', limit: 3, count: 'exact' });
    await both({ q: 'council -meeting', actor: ['nato'], limit: 5 });
    await both({ q: 'zzzunfindable', limit: 5 });
  });

  test('a full-text page in two statements is byte for byte the one-statement page, with fields= and a cursor', async () => {
    const filters = normalizeFilters({ q: 'council' });
    const after: [string, string] = ['2000-01-01', '00000000-0000-4000-8000-000000000000'];
    const selections = [undefined, parseJsonFields('id,title,date'), parseJsonFields('id,participants')];
    for (const selection of selections) {
      for (const page of [
        { limit: 3, order: 'asc' as const },
        { limit: 3, order: 'desc' as const, after },
        { limit: 500, order: 'asc' as const },
      ]) {
        const { rows } = await db.executeQuery<{ chunk: string | null; rows: number }>(
          buildPageTextStatement(db, { filters, page, selection }),
        );
        const expected = rows[0]?.chunk ? Buffer.from(rows.map((r) => r.chunk).join(''), 'base64') : null;
        const text = await pageText(db, filters, page, selection);
        assert.deepEqual(text.data, expected, JSON.stringify({ page, selection }));
        assert.equal(text.rows, rows[0]?.rows);
      }
    }
  });

  test('the list route sends the PostgreSQL text with the display strings and the next link', async () => {
    const res = await inject({ method: 'GET', url: `/v1/events?tag=${tag}&limit=2` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal((res.json() as { data: unknown[] }).data.length, 2);
    assert.match(res.headers.link as string, /rel="next"/);
    const bc = await inject({
      method: 'GET',
      url: `/v1/events?tag=${tag}&from=-0044&to=-0043&temporal=within`,
    });
    assert.equal(bc.statusCode, 200);
    const body = bc.json() as { data: { date: { display: Record<string, string> } }[]; next_cursor: null };
    assert.equal(body.data.length, 1);
    assert.equal(body.next_cursor, null);
    assert.equal(bc.headers.link, undefined);
    assert.match(body.data[0]?.date.display.en ?? '', /44 BC/);
  });

  test('the page is sent as the UTF-8 bytes PostgreSQL wrote, its weak ETag the digest of those bytes', async () => {
    const url = `/v1/events?tag=${tag}&limit=20`;
    const res = await inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    assert.equal(res.statusCode, 200);
    const page = await listEventsJson(db, app.cursors, { tag: [tag], limit: 20 });
    assert.ok(res.rawPayload.equals(page.body));
    // Non-ASCII text comes through as its own UTF-8 bytes: "ü" is C3 BC, not a replacement character.
    assert.ok(res.rawPayload.includes(Buffer.from('Iden des März \\\\ ü', 'utf8')));
    assert.equal(res.rawPayload.toString('utf8').startsWith('{"data":[{"id":'), true);
    assert.equal(res.rawPayload.toString('utf8').endsWith('"next_cursor":null}'), true);
    const digest = createHash('sha256').update(page.body).digest('base64url').slice(0, 22);
    assert.equal(res.headers.etag, `W/"${digest}"`);
    const again = await inject({ method: 'GET', url, headers: { 'if-none-match': `W/"${digest}"` } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.rawPayload.length, 0);
  });

  test('a page asked for with gzip is compressed in one piece: the same bytes and ETag, with a Content-Length', async () => {
    const url = `/v1/events?tag=${tag}&limit=20`;
    const plain = await inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    const zipped = await inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(zipped.statusCode, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers['content-length'], String(zipped.rawPayload.length));
    assert.ok(zipped.rawPayload.length < plain.rawPayload.length / 2);
    assert.ok(gunzipSync(zipped.rawPayload).equals(plain.rawPayload));
    assert.equal(zipped.headers.etag, plain.headers.etag);
    assert.match(String(zipped.headers.vary), /accept-encoding/i);
  });

  test('a page larger than a piece of the statement comes whole: its pieces are joined byte for byte', async () => {
    const long = `${tag}-long`;
    for (let i = 0; i < 8; i++) {
      const res = await inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer(keys.write),
        // Two- and three-byte characters, so that the pieces' borders fall inside characters.
        payload: eventInput({ tags: [long], summary: { ru: `${i} ${'Жё€a'.repeat(4000)}`, en: 'x' } }),
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const text = await pageText(db, normalizeFilters({ tag: [long] }), { limit: 50, order: 'asc' });
    assert.ok((text.data?.length ?? 0) > 2 * PAGE_CHUNK_BYTES, `${text.data?.length} bytes`);
    const events = JSON.parse(`[${text.data?.toString('utf8')}]`) as { summary: { ru: string } }[];
    assert.deepEqual(
      events.map((e) => e.summary.ru.length),
      Array.from({ length: 8 }, () => 2 + 4 * 4000),
    );
    await both({ tag: [long], limit: 50 });
    await both({ tag: [long], limit: 3 });
  });

  test('an empty page is the envelope alone', async () => {
    const res = await inject({ method: 'GET', url: '/v1/events?tag=no-such-tag' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '{"data":[],"next_cursor":null}');
  });
});

describe('display strings stored per date (date_displays)', () => {
  const stored = async (edtf: string) =>
    (await db.selectFrom('date_displays').select('display').where('edtf', '=', edtf).executeTakeFirst())
      ?.display;

  test('writing an event stores its date display strings as the JSON text displayDate gives', async () => {
    assert.equal(await stored('2003-21~'), JSON.stringify(displayDate({ edtf: '2003-21~' })));
    assert.equal(await stored('-0043-03-15'), JSON.stringify(displayDate({ edtf: '-0043-03-15' })));
    // Writing the date again (another event, a PATCH) keeps the one row.
    const res = await inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(keys.write),
      payload: eventInput({ tags: [`${tag}-again`], date: '2003-21~' }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const rows = await db.selectFrom('date_displays').select('edtf').where('edtf', '=', '2003-21~').execute();
    assert.equal(rows.length, 1);
  });

  test('an imported event stores its date display strings too', async () => {
    const res = await inject({
      method: 'POST',
      url: '/v1/events:import',
      headers: { ...bearer(keys.write), 'content-type': 'application/x-ndjson' },
      payload: JSON.stringify({
        ...eventInput({ tags: [`${tag}-imported`], slug: `${tag}-imported` }),
        date: '1977-08-1X',
      }),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(await stored('1977-08-1X'), JSON.stringify(displayDate({ edtf: '1977-08-1X' })));
  });

  test('PostgreSQL writes the whole page, display strings included, in one text', async () => {
    const filters = normalizeFilters({ tag: [tag] });
    const text = await pageText(db, filters, { limit: 5, order: 'asc' });
    assert.equal(text.missing, 0);
    assert.equal(text.rows, 6);
    const events = JSON.parse(`[${text.data}]`) as { date: { edtf: string; display: unknown } }[];
    assert.equal(events.length, 5);
    for (const e of events) assert.deepEqual(e.date.display, displayDate({ edtf: e.date.edtf }));
  });

  test('a date without stored display strings is written by Node: the same page', async () => {
    await db.deleteFrom('date_displays').where('edtf', '=', '2003-21~').execute();
    const text = await pageText(db, normalizeFilters({ tag: [tag] }), { limit: 50, order: 'asc' });
    assert.equal(text.missing, 1);
    let cursor: string | null = null;
    do {
      cursor = await both({ tag: [tag], limit: 5, ...(cursor ? { cursor } : {}) });
    } while (cursor);
    await storeDateDisplays(
      (sqlText, values) => db.executeQuery(CompiledQuery.raw(sqlText, values)),
      ['2003-21~'],
    );
    assert.equal(await stored('2003-21~'), JSON.stringify(displayDate({ edtf: '2003-21~' })));
  });
});
