import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  jsonFieldNames,
  parseJsonFields,
  type Selection,
  selectMembers,
} from '../../src/modules/events/read/fields.mapper.ts';
import { eventJsonParts } from '../../src/modules/events/read/page-json.queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { bearer, eventInput, tableCounts } from '../helpers/fixtures.ts';
import { assertProblem, parseCsv } from '../helpers/http.ts';

// `fields=` on JSON pages (selected in the SQL that writes the page), the NDJSON export and the CSV export: the
// selected members and nothing else, `id` always, the Event's order; unknown names are 400s; validators differ
// per selection; a partial export does not import.

const t = useTestApp({ seed: true, keys: true });
const PARTIAL = 'application/vnd.timeline.partial+json; charset=utf-8';
const tag = `fields-${process.pid}`;
type Event = Record<string, unknown> & { id: string };

async function json(url: string, contentType = PARTIAL) {
  const res = await t.inject({ url });
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  assert.equal(res.headers['content-type'], contentType, url);
  return res.json<{ data: Event[]; next_cursor: string | null; total?: number }>();
}

async function ndjson(url: string): Promise<Event[]> {
  const res = await t.inject({ url });
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  return res.body
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('fields=', () => {
  let full: Event[];
  const at = (i: number) => full[i] as Event;

  before(async () => {
    const create = async (fields: Record<string, unknown>) => {
      const res = await t.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer(t.keys.write),
        payload: eventInput({ tags: [tag], ...fields }),
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    await create({
      slug: `${tag}-rome`,
      date: '2019-07',
      title: { en: 'Talks in Rome', de: 'Gespräche in Rom' },
      location: { name: 'Rome', country: 'IT', lat: 41.9, lon: 12.5, precision: 'city' },
      participants: [{ actor: 'nato', role: 'host' }],
      sources: [{ title: 'A report', url: 'https://example.org/r' }],
    });
    await create({ slug: `${tag}-nowhere`, date: '2020-03-04/..', title: { en: 'Open-ended' } });
    await create({ slug: `${tag}-named`, date: '2021~', location: { name: 'Somewhere' } });
    full = (await json(`/v1/events?tag=${tag}`, 'application/json; charset=utf-8')).data;
    assert.equal(full.length, 3);
  });

  test('a JSON page with fields=id,slug,date.edtf,title: those members, in the Event order, the envelope unchanged', async () => {
    const res = await t.inject({
      url: `/v1/events?tag=${tag}&fields=id,slug,date.edtf,title&limit=2&count=exact`,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], PARTIAL);
    assert.match(String(res.headers.link), /rel="next"/);
    assert.equal(res.headers['x-total-count'], '3');
    const page = res.json();
    assert.deepEqual(Object.keys(page), ['data', 'next_cursor', 'total']);
    assert.equal(page.total, 3);
    assert.deepEqual(page.data[0], {
      id: at(0).id,
      slug: `${tag}-rome`,
      title: { en: 'Talks in Rome', de: 'Gespräche in Rom' },
      date: { edtf: '2019-07' },
    });
    assert.deepEqual(Object.keys(page.data[1]), ['id', 'slug', 'title', 'date']);
    // The cursor works as without fields.
    const next = await json(
      `/v1/events?tag=${tag}&fields=id,slug,date.edtf,title&limit=2&cursor=${page.next_cursor}`,
    );
    assert.deepEqual(
      next.data.map((e) => e.slug),
      [`${tag}-named`],
    );
  });

  test('id is always there; the order of the names does not matter; a whole member absorbs its sub-members', async () => {
    const one = await json(`/v1/events?tag=${tag}&fields=title`);
    assert.deepEqual(one.data[0], {
      id: at(0).id,
      title: { en: 'Talks in Rome', de: 'Gespräche in Rom' },
    });
    const a = await t.inject({ url: `/v1/events?tag=${tag}&fields=date.edtf,title,id` });
    const b = await t.inject({ url: `/v1/events?tag=${tag}&fields=id,title,date.edtf` });
    assert.equal(a.body, b.body);
    const whole = await json(`/v1/events?tag=${tag}&fields=date,date.edtf`);
    assert.deepEqual(whole.data[0], { id: at(0).id, date: at(0).date });
  });

  test('dotted names: date.start, date.display, location.lat and location.latitude; an event without a place keeps location null', async () => {
    const page = await json(
      `/v1/events?tag=${tag}&fields=date.start,date.display,location.latitude,location.name`,
    );
    assert.deepEqual(page.data, [
      {
        id: at(0).id,
        date: {
          start: { earliest: '2019-07-01', latest: '2019-07-31', approximate: false, uncertain: false },
          display: (at(0).date as { display: unknown }).display,
        },
        location: { name: 'Rome', lat: 41.9 },
      },
      {
        id: at(1).id,
        date: (() => {
          const d = at(1).date as { start: unknown; display: unknown };
          return { start: d.start, display: d.display };
        })(),
        location: null,
      },
      {
        id: at(2).id,
        date: (() => {
          const d = at(2).date as { start: unknown; display: unknown };
          return { start: d.start, display: d.display };
        })(),
        location: { name: 'Somewhere' },
      },
    ]);
  });

  test('every name alone, and random combinations: the SQL-written page is the full page cut down to the selection', async () => {
    const names = jsonFieldNames();
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const selections = [
      ...names.map((n) => [n]),
      ...Array.from({ length: 12 }, () => names.filter(() => next() < 0.25)),
    ].filter((s) => s.length > 0);
    const seeded = (await json('/v1/events?tag=nrc&limit=500', 'application/json; charset=utf-8')).data;
    for (const selection of selections) {
      const fields = selection.join(',');
      const members = parseJsonFields(fields) as Selection;
      const page = await json(`/v1/events?tag=nrc&limit=500&fields=${fields}`);
      assert.deepEqual(
        page.data,
        seeded.map((e) => selectMembers(e, members)),
        fields,
      );
      // Key order too: JSON.stringify compares it.
      assert.equal(
        JSON.stringify(page.data),
        JSON.stringify(seeded.map((e) => selectMembers(e, members))),
        fields,
      );
    }
  });

  test('a selection without links does not read them: the SQL of fields=id,title names no link table', async () => {
    const compiled = (s: Selection | undefined) => {
      const { head, tail } = eventJsonParts(s);
      return head.compile(t.db).sql + (tail ? tail.compile(t.db).sql : '');
    };
    const small = compiled(parseJsonFields('id,title,date.edtf'));
    assert.doesNotMatch(small, /event_participants|event_sources|event_relations|to_char/);
    const everything = compiled(undefined);
    assert.match(everything, /event_participants/);
    assert.match(everything, /event_sources/);
    assert.match(everything, /event_relations/);
    assert.ok(small.length * 5 < everything.length, 'a small selection is a small statement');
  });

  test('lang= trims what fields= kept', async () => {
    const page = await json(`/v1/events?tag=${tag}&fields=title,date.display,participants&lang=de`);
    assert.deepEqual(page.data[0], {
      id: at(0).id,
      title: { de: 'Gespräche in Rom' },
      date: { display: { de: 'Juli 2019' } },
      participants: [{ actor: { id: 'nato', kind: 'organization', name: { de: 'Nato' } }, role: 'host' }],
    });
  });

  test('NDJSON: each line has the selected members, equal to the JSON page with the same fields', async () => {
    const fields = 'slug,date.edtf,location,sources';
    const lines = await ndjson(`/v1/events.ndjson?tag=${tag}&fields=${fields}`);
    const page = await json(`/v1/events?tag=${tag}&fields=${fields}`);
    assert.equal(JSON.stringify(lines), JSON.stringify(page.data));
    assert.deepEqual(lines[0], {
      id: at(0).id,
      slug: `${tag}-rome`,
      date: { edtf: '2019-07' },
      location: { name: 'Rome', country: 'IT', lat: 41.9, lon: 12.5, precision: 'city' },
      sources: [{ title: 'A report', url: 'https://example.org/r' }],
    });
    assert.deepEqual(await ndjson(`/v1/events?tag=${tag}&format=ndjson&fields=${fields}`), lines);
  });

  test('CSV: fields= chooses and orders the columns, by the CSV names or the dotted ones; id first unless named', async () => {
    const res = await t.inject({
      url: `/v1/events.csv?tag=${tag}&fields=slug,date.edtf,title,location.latitude,title_de,display_date&lang=en`,
    });
    assert.equal(res.statusCode, 200, res.body);
    const [header, ...rows] = parseCsv(res.body);
    assert.deepEqual(header, ['id', 'slug', 'edtf', 'title', 'latitude', 'title_de', 'display_date']);
    assert.deepEqual(rows[0], [
      at(0).id,
      `${tag}-rome`,
      '2019-07',
      'Talks in Rome',
      '41.9',
      'Gespräche in Rom',
      'July 2019',
    ]);
    const display = (at(1).date as { display: Record<string, string> }).display;
    assert.deepEqual(rows[1], [
      at(1).id,
      `${tag}-nowhere`,
      '2020-03-04/..',
      'Open-ended',
      '',
      '',
      display.en,
    ]);
    const ordered = parseCsv(
      (await t.inject({ url: `/v1/events.csv?tag=${tag}&fields=tags,id,location,date.start` })).body,
    );
    assert.deepEqual(ordered[0], [
      'tags',
      'id',
      'location',
      'country',
      'latitude',
      'longitude',
      'location_precision',
      'start_earliest',
      'start_latest',
    ]);
    assert.deepEqual(ordered[1], [
      tag,
      at(0).id,
      'Rome',
      'IT',
      '41.9',
      '12.5',
      'city',
      '2019-07-01',
      '2019-07-31',
    ]);
  });

  test('an unknown name is a 400 naming fields in the query and listing the allowed names', async () => {
    const bad = assertProblem(await t.inject({ url: '/v1/events?fields=id,colour' }), {
      status: 400,
      pointers: ['/fields'],
    });
    assert.equal(bad.errors?.[0]?.in, 'query');
    assert.match(bad.detail, /unknown name "colour"/);
    assert.match(
      bad.detail,
      /allowed: id, slug, type, status, title, summary, date, date\.edtf, date\.precision/,
    );
    assert.match(bad.detail, /e\.g\. fields=id,slug,date\.edtf,title/);
    assertProblem(await t.inject({ url: '/v1/events.ndjson?fields=date.colour' }), {
      status: 400,
      pointers: ['/fields'],
    });
    assertProblem(await t.inject({ url: '/v1/events?fields=id,,title' }), {
      status: 400,
      pointers: ['/fields'],
    });
    // created_at is a JSON member, not a CSV column.
    const csv = assertProblem(await t.inject({ url: '/v1/events.csv?fields=id,created_at' }), {
      status: 400,
      pointers: ['/fields'],
    });
    assert.match(csv.detail, /the CSV's columns id, slug, type/);
    assertProblem(await t.inject({ url: '/v1/events?format=timelinejs&fields=id' }), {
      status: 400,
      pointers: ['/fields'],
    });
    assertProblem(await t.inject({ url: '/v1/events.timelinejs?fields=id' }), {
      status: 400,
      pointers: ['/fields'],
    });
  });

  test('validators: each selection has its own ETag, on pages and on exports; the same selection gives a 304', async () => {
    for (const path of ['/v1/events', '/v1/events.ndjson', '/v1/events.csv']) {
      const etags = [];
      for (const fields of ['', '&fields=id,title', '&fields=id,slug']) {
        const res = await t.inject({ url: `${path}?tag=${tag}${fields}` });
        assert.equal(res.statusCode, 200, res.body);
        etags.push(res.headers.etag);
        const again = await t.inject({
          url: `${path}?tag=${tag}${fields}`,
          headers: { 'if-none-match': String(res.headers.etag) },
        });
        assert.equal(again.statusCode, 304, `${path}${fields}`);
      }
      assert.equal(new Set(etags).size, 3, `${path}: ${etags.join(' ')}`);
    }
  });

  test('a partial export does not import: NDJSON, JSON page and CSV are 422s naming what they lack; nothing is written', async () => {
    const importBody = (payload: string, contentType: string) =>
      t.inject({
        method: 'POST',
        url: '/v1/events:import',
        headers: { ...bearer(t.keys.write), 'content-type': contentType },
        payload,
      });
    const before = await tableCounts(t.db);
    const partial = (await t.inject({ url: `/v1/events.ndjson?tag=${tag}&fields=type,date.edtf,title` }))
      .body;
    const fromNdjson = await importBody(partial, 'application/x-ndjson');
    assert.equal(fromNdjson.statusCode, 422, fromNdjson.body);
    const errors = fromNdjson.json().errors;
    assert.equal(errors.length, 3);
    assert.deepEqual({ line: errors[0].line, pointer: errors[0].pointer }, { line: 1, pointer: '/slug' });
    assert.match(
      errors[0].detail,
      /lacks slug, status, summary, participants, location, sources, tags, relations\. A partial export \(fields=\) is not a round-trip file/,
    );
    const page = (await t.inject({ url: `/v1/events?tag=${tag}&fields=type,date,title,slug` })).body;
    const fromPage = await importBody(page, 'application/json');
    assert.equal(fromPage.statusCode, 422, fromPage.body);
    assert.equal(fromPage.json().errors[0].pointer, '/status');
    const csv = (await t.inject({ url: `/v1/events.csv?tag=${tag}&fields=slug,type,edtf,title_en,title_de` }))
      .body;
    const fromCsv = await importBody(csv, 'text/csv');
    assert.equal(fromCsv.statusCode, 422, fromCsv.body);
    assert.match(
      fromCsv.json().errors[0].detail,
      /the export's "edtf" column but not status, participants, location, country, latitude, longitude, location_precision, tags, sources, relations/,
    );
    assert.deepEqual(await tableCounts(t.db), before);
    // The whole export still imports: nothing changes.
    const whole = await importBody(
      (await t.inject({ url: `/v1/events.ndjson?tag=${tag}` })).body,
      'application/x-ndjson',
    );
    assert.equal(whole.statusCode, 200, whole.body);
    assert.equal(whole.json().unchanged, 3);
  });
});
