import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import * as acledTypes from '../../migrations/2026-11-30T0060_acled_event_types.ts';
import { countryOfNumericCode } from '../../src/domain/countries.ts';
import { acledEdtf, actorIdOf } from '../../src/modules/events/import/import.acled.ts';
import { parseColumnMapping } from '../../src/modules/events/import/import.csv-mapped.ts';
import { wikidataEdtf } from '../../src/modules/events/import/import.wikidata.ts';
import { useTestApp } from '../helpers/app.ts';
import { bearer, tableCounts } from '../helpers/fixtures.ts';

// The researchers' formats, each from a fixture written after the format's public documentation
// (tests/fixtures/): ACLED's CSV export, Wikidata SPARQL JSON results, a CSV with a column mapping.

const t = useTestApp({ seed: true, keys: true });
const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

async function importBody(body: string, contentType: string, query: string) {
  return t.inject({
    method: 'POST',
    url: `/v1/events:import?${query}`,
    headers: { ...bearer(t.keys.write), 'content-type': contentType },
    payload: body,
  });
}

async function event(slug: string) {
  const res = await t.inject({ url: `/v1/events/${slug}` });
  assert.equal(res.statusCode, 200, `${slug}: ${res.body}`);
  return res.json();
}

describe('ACLED', () => {
  test('time_precision 1 is the day, 2 one day of the week around the coded one, 3 the month', () => {
    assert.deepEqual(acledEdtf('2023-06-07', '1'), { edtf: '2023-06-07' });
    assert.deepEqual(acledEdtf('10 May 2022', '2'), { edtf: '[2022-05-07..2022-05-13]' });
    assert.deepEqual(acledEdtf('01 March 2021', '2'), { edtf: '[2021-02-26..2021-03-04]' });
    assert.deepEqual(acledEdtf('15-03-2021', '3'), { edtf: '2021-03' });
    assert.deepEqual(acledEdtf('2023-06-07', '4'), {
      column: 'time_precision',
      error: '"4" is not an ACLED time precision: 1, 2 or 3',
    });
    assert.deepEqual(acledEdtf('June 2023', '1'), {
      column: 'event_date',
      error: '"June 2023" is not a date ACLED writes (2023-06-07, 07 June 2023 or 07-06-2023)',
    });
  });

  test('actor ids are the names as lowercase ASCII words', () => {
    assert.equal(actorIdOf('Military Forces of Russia (2000-)'), 'military-forces-of-russia-2000');
    assert.equal(actorIdOf("Rioters (Côte d'Ivoire)"), 'rioters-cote-d-ivoire');
    assert.match(actorIdOf('الشباب'), /^actor-[0-9a-f]+$/);
  });

  test('the fixture imports: exact EDTF per row, mapped types, actors created with their kinds, notes and sources', async () => {
    const res = await importBody(await fixture('acled-sample.csv'), 'text/csv', 'format=acled');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      rows: 6,
      created: 6,
      updated: 0,
      unchanged: 0,
      actors_created: 10,
      dry_run: false,
    });
    const expected: [string, string, string][] = [
      ['acled-nig1001', '2023-06-07', 'protest'],
      ['acled-ukr2002', '[2022-05-07..2022-05-13]', 'battle'],
      ['acled-som3003', '2021-03', 'agreement'],
      ['acled-civ4004', '2020-11-01', 'riot'],
      ['acled-xkx5005', '2023-05-29', 'protest'],
      ['acled-syr6006', '2019-08-14', 'remote_violence'],
    ];
    for (const [slug, edtf, type] of expected) {
      const e = await event(slug);
      assert.deepEqual([e.date.edtf, e.type], [edtf, type], slug);
    }
    const protest = await event('acled-nig1001');
    assert.deepEqual(protest.title, { en: 'Peaceful protest (Abuja)' });
    assert.deepEqual(protest.summary, {
      en: 'On 7 June 2023, workers protested in Abuja against the removal of the fuel subsidy.',
    });
    assert.deepEqual(protest.location, {
      name: 'Abuja, Federal Capital Territory, Nigeria',
      country: 'NG',
      lat: 9.0765,
      lon: 7.3986,
      precision: 'city',
    });
    assert.deepEqual(protest.sources, [
      { title: 'Punch (Nigeria)', publisher: 'Punch (Nigeria)' },
      { title: 'Vanguard (Nigeria)', publisher: 'Vanguard (Nigeria)' },
    ]);
    assert.deepEqual(protest.tags, ['acled']);
    assert.deepEqual(
      protest.participants.map((p: { actor: { id: string; kind: string }; role: string }) => [
        p.actor.id,
        p.actor.kind,
        p.role,
      ]),
      [
        ['labour-group-nigeria', 'other', 'party'],
        ['protesters-nigeria', 'other', 'party'],
      ],
    );
    const battle = await event('acled-ukr2002');
    assert.deepEqual(
      battle.participants.map((p: { actor: { id: string; kind: string } }) => [p.actor.id, p.actor.kind]),
      [
        ['military-forces-of-russia-2000', 'organization'],
        ['military-forces-of-ukraine-2019', 'organization'],
      ],
    );
    assert.deepEqual([battle.date.start.earliest, battle.date.end.latest], ['2022-05-07', '2022-05-13']);
    // The same file again: matched by event_id_cnty, nothing changes.
    const again = await importBody(await fixture('acled-sample.csv'), 'text/csv', 'format=acled');
    assert.deepEqual([again.json().unchanged, again.json().actors_created], [6, 0]);
  });

  test('locations: iso (numeric) becomes the alpha-2 country, latitude/longitude the point, geo_precision 1 city, 2 and 3 region', async () => {
    // Imported by the test before (the fixture); each row's whole location.
    const locations: [string, unknown][] = [
      [
        'acled-nig1001',
        {
          name: 'Abuja, Federal Capital Territory, Nigeria',
          country: 'NG',
          lat: 9.0765,
          lon: 7.3986,
          precision: 'city',
        },
      ],
      [
        'acled-ukr2002',
        { name: 'Kharkiv, Kharkiv, Ukraine', country: 'UA', lat: 49.9935, lon: 36.2304, precision: 'region' },
      ],
      [
        'acled-som3003',
        { name: 'Mogadishu, Banadir, Somalia', country: 'SO', lat: 2.0371, lon: 45.3438, precision: 'city' },
      ],
      [
        'acled-civ4004',
        {
          name: "Yopougon, Abidjan, Côte d'Ivoire",
          country: 'CI',
          lat: 5.3364,
          lon: -4.0892,
          precision: 'city',
        },
      ],
      // ACLED's iso 0 (Kosovo has no ISO 3166-1 code): no country, the rest as given.
      [
        'acled-xkx5005',
        { name: 'Pristina, Pristina, Kosovo', lat: 42.6629, lon: 21.1655, precision: 'city' },
      ],
      [
        'acled-syr6006',
        { name: 'Idleb, Idleb, Syria', country: 'SY', lat: 35.9306, lon: 36.6339, precision: 'region' },
      ],
    ];
    for (const [slug, location] of locations) assert.deepEqual((await event(slug)).location, location, slug);
    // And the place filters find them: within 100 km of Kharkiv, only the battle.
    const near = await t.inject({ url: '/v1/events?near=50,36.25,100&tag=acled' });
    assert.deepEqual(
      near.json().data.map((e: { slug: string }) => e.slug),
      ['acled-ukr2002'],
    );
  });

  test("a bad latitude, a lone longitude, an unknown geo_precision or iso are 422s naming ACLED's column", async () => {
    const source = await fixture('acled-sample.csv');
    const cases: [string, string, string, string][] = [
      ['9.0765,7.3986,1', 'north,7.3986,1', '/latitude', '"north" is not a latitude in decimal degrees'],
      [
        '9.0765,7.3986,1',
        ',7.3986,1',
        '/latitude',
        'latitude and longitude come together: give both or leave both empty',
      ],
      [
        '9.0765,7.3986,1',
        '9.0765,7.3986,4',
        '/geo_precision',
        '"4" is not an ACLED geo precision: 1, 2 or 3',
      ],
      ['9.0765,7.3986,1', '95.5,7.3986,1', '/latitude', 'must be <= 90'],
      [',566,', ',NGA,', '/iso', '"NGA" is not an ISO 3166-1 numeric country code (e.g. 566 for Nigeria)'],
    ];
    for (const [from, to, pointer, detail] of cases) {
      assert.ok(source.includes(from), from);
      const before = await tableCounts(t.db);
      const res = await importBody(source.replace(from, to), 'text/csv', 'format=acled');
      assert.equal(res.statusCode, 422, `${to}: ${res.body}`);
      assert.deepEqual(res.json().errors, [{ line: 2, pointer, detail, in: 'body' }], to);
      assert.deepEqual(await tableCounts(t.db), before);
    }
  });

  test("event types: the migration adds ACLED's six in six languages, and run again leaves a type an admin changed as it is", async () => {
    const types = await t.db
      .selectFrom('event_types')
      .select(['code', 'label', 'plover_category'])
      .where('code', 'in', ['battle', 'protest', 'strategic_development'])
      .orderBy('code')
      .execute();
    assert.deepEqual(types, [
      {
        code: 'battle',
        label: { en: 'Battle', de: 'Gefecht', fr: 'Bataille', es: 'Batalla', it: 'Battaglia', ru: 'Бой' },
        plover_category: 'ASSAULT',
      },
      {
        code: 'protest',
        label: {
          en: 'Protest',
          de: 'Protest',
          fr: 'Manifestation',
          es: 'Protesta',
          it: 'Protesta',
          ru: 'Протест',
        },
        plover_category: 'PROTEST',
      },
      {
        code: 'strategic_development',
        label: {
          en: 'Strategic development',
          de: 'Strategische Entwicklung',
          fr: 'Développement stratégique',
          es: 'Desarrollo estratégico',
          it: 'Sviluppo strategico',
          ru: 'Стратегическое событие',
        },
        plover_category: null,
      },
    ]);
    await sql`update event_types set label = '{"en": "Demonstration"}', plover_category = null, version = 2
      where code = 'protest'`.execute(t.db);
    const before = await t.db.selectFrom('event_types').selectAll().orderBy('code').execute();
    await acledTypes.up(t.db);
    assert.deepEqual(await t.db.selectFrom('event_types').selectAll().orderBy('code').execute(), before);
  });

  test('numeric country codes: 566 is NG, 4 and 004 AF, 0 and 999 none', () => {
    assert.equal(countryOfNumericCode('566'), 'NG');
    assert.equal(countryOfNumericCode('4'), 'AF');
    assert.equal(countryOfNumericCode('004'), 'AF');
    assert.equal(countryOfNumericCode('840'), 'US');
    assert.equal(countryOfNumericCode('0'), undefined);
    assert.equal(countryOfNumericCode('999'), undefined);
    assert.equal(countryOfNumericCode('56a'), undefined);
  });

  test('a bad time_precision is a 422 naming the line and the column; nothing is written', async () => {
    const text = (await fixture('acled-sample.csv')).replace(
      'UKR2002,10 May 2022,2022,2,',
      'UKR2002,10 May 2022,2022,7,',
    );
    const before = await tableCounts(t.db);
    const res = await importBody(text, 'text/csv', 'format=acled');
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().errors, [
      {
        line: 3,
        pointer: '/time_precision',
        detail: '"7" is not an ACLED time precision: 1, 2 or 3',
        in: 'body',
      },
    ]);
    assert.deepEqual(await tableCounts(t.db), before);
  });
});

describe('Wikidata SPARQL JSON', () => {
  test('precision 11, 10, 9 and 8, negative years, start and end become EDTF as written', () => {
    assert.deepEqual(wikidataEdtf('2002-05-28T00:00:00Z', '11'), { edtf: '2002-05-28' });
    assert.deepEqual(wikidataEdtf('1997-05-01T00:00:00Z', '10'), { edtf: '1997-05' });
    assert.deepEqual(wikidataEdtf('1949-01-01T00:00:00Z', '9'), { edtf: '1949' });
    assert.deepEqual(wikidataEdtf('1960-01-01T00:00:00Z', '8'), { edtf: '196X' });
    assert.deepEqual(wikidataEdtf('-0043-03-15T00:00:00Z', '11'), { edtf: '-0043-03-15' });
    assert.deepEqual(wikidataEdtf('-0043-01-01T00:00:00Z', '9'), { edtf: '-0043' });
    assert.deepEqual(wikidataEdtf('1900-01-01T00:00:00Z', '7'), {
      error:
        'time precision 7 is coarser than a decade: the service takes 8 (decade), 9 (year), 10 (month) and 11 (day)',
    });
  });

  test('the fixture imports by its media type: one event per result, exact EDTF per row', async () => {
    const res = await importBody(await fixture('wikidata-sample.srj'), 'application/sparql-results+json', '');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().rows, res.json().created], [6, 6]);
    const expected: [string, string][] = [
      ['wikidata-q900001', '2002-05-28'],
      ['wikidata-q900002', '1997-05'],
      ['wikidata-q900003', '1949'],
      ['wikidata-q900004', '-0043-03-15'],
      ['wikidata-q900005', '2014-04/2016-04-20'],
      ['wikidata-q900006', '196X/'],
    ];
    for (const [slug, edtf] of expected) assert.equal((await event(slug)).date.edtf, edtf, slug);
    const summit = await event('wikidata-q900001');
    assert.deepEqual(summit.title, { en: 'Rome summit founding the NATO-Russia Council' });
    assert.deepEqual(summit.summary, { en: 'summit held in Pratica di Mare' });
    assert.deepEqual(summit.sources, [
      { title: 'Wikidata Q900001', publisher: 'Wikidata', url: 'http://www.wikidata.org/entity/Q900001' },
    ]);
    assert.deepEqual((await event('wikidata-q900002')).title, { de: 'NATO-Russland-Grundakte' });
    assert.deepEqual((await event('wikidata-q900004')).date.start.earliest, '-0043-03-15');
  });

  test('a result without ?type or a date names the variable', async () => {
    const body = JSON.stringify({
      head: { vars: ['item', 'itemLabel'] },
      results: {
        bindings: [
          {
            item: { type: 'uri', value: 'http://www.wikidata.org/entity/Q900099' },
            itemLabel: { type: 'literal', 'xml:lang': 'en', value: 'No date' },
          },
        ],
      },
    });
    const res = await importBody(body, 'application/json', 'format=wikidata');
    assert.equal(res.statusCode, 422);
    assert.deepEqual(
      res.json().errors.map((e: { line: number; pointer: string }) => [e.line, e.pointer]),
      [[1, '/type']],
    );
  });
});

describe('CSV with a column mapping', () => {
  const map =
    'slug=Ref,title=Name,date=When,participants=Who,location=Where,summary=Notes,type=const:meeting';

  test('the mapping: targets, sources and constants; mistakes name what is allowed', () => {
    assert.deepEqual(parseColumnMapping('title=Name,type=const:meeting').entries, [
      { target: 'title_en', source: { column: 'Name' } },
      { target: 'type', source: { value: 'meeting' } },
    ]);
    assert.throws(
      () => parseColumnMapping('colour=Name'),
      /^Error: unknown target "colour": map to id, slug/,
    );
    assert.throws(() => parseColumnMapping('title=A,title_en=B'), /"title_en" is mapped twice/);
  });

  test('the fixture imports through its mapping; dates as written; unmapped columns are not read', async () => {
    const res = await importBody(
      await fixture('mapped-sample.csv'),
      'text/csv',
      `format=csv-mapped&map=${encodeURIComponent(map)}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().rows, res.json().created], [3, 3]);
    const first = await event('ev-1');
    assert.deepEqual(
      [first.type, first.date.edtf, first.title, first.summary, first.location],
      [
        'meeting',
        '2021-06-07',
        { en: 'Ambassadors meet in Brussels' },
        { en: 'Talks, as reported' },
        { name: 'Brussels' },
      ],
    );
    assert.deepEqual(
      first.participants.map((p: { actor: { id: string }; role: string }) => `${p.actor.id}:${p.role}`),
      ['nato:host', 'russia:party'],
    );
    assert.equal((await event('ev-2')).date.edtf, '2019-21');
    assert.equal((await event('ev-3')).date.edtf, '199X');
  });

  test("errors point at the file's own columns", async () => {
    const text = (await fixture('mapped-sample.csv')).replace('2019-21', '2019-13');
    const res = await importBody(text, 'text/csv', `format=csv-mapped&map=${encodeURIComponent(map)}`);
    assert.equal(res.statusCode, 422);
    assert.deepEqual(
      res.json().errors.map((e: { line: number; pointer: string }) => [e.line, e.pointer]),
      [[3, '/When']],
    );
  });

  test('a mapping that reads a missing column is a 422 on the header; a bad mapping a 400 naming map', async () => {
    const missing = await importBody(
      await fixture('mapped-sample.csv'),
      'text/csv',
      `format=csv-mapped&map=${encodeURIComponent('slug=Ref,title=Titel,date=When,type=const:meeting')}`,
    );
    assert.equal(missing.statusCode, 422);
    assert.match(
      missing.json().errors[0].detail,
      /^the mapping reads column "Titel" \(for title_en\), which the header does not have/,
    );
    const bad = await importBody('a\n1\n', 'text/csv', 'format=csv-mapped&map=colour%3DName');
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().errors.map((e: { pointer: string; in: string }) => [e.pointer, e.in]),
      [['/map', 'query']],
    );
  });
});
