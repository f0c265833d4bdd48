import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import {
  csvPointer,
  csvRecords,
  csvRecordToInput,
  parseCsvHeader,
} from '../../src/modules/events/events.import-csv.ts';
import { eventInputErrors } from '../../src/modules/events/events.import-rows.ts';

async function records(text: string, chunkSize = 3) {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.slice(i, i + chunkSize));
  const out = [];
  for await (const record of csvRecords(Readable.from(chunks))) out.push(record);
  return out;
}

describe('CSV records (RFC 4180), split across small chunks', () => {
  test('csv: quoted fields keep commas, doubled quotes and line breaks; lines count from the record start', async () => {
    const text = '\uFEFFslug,title_en\r\na,"Hello, ""world"""\r\n\r\nb,"two\nlines"\nc,plain\n';
    assert.deepEqual(await records(text), [
      { line: 1, fields: ['slug', 'title_en'] },
      { line: 2, fields: ['a', 'Hello, "world"'] },
      { line: 4, fields: ['b', 'two\nlines'] },
      { line: 6, fields: ['c', 'plain'] },
    ]);
  });

  test('csv: the last record needs no line break, and empty fields are kept', async () => {
    assert.deepEqual(await records('a,,b\n,,\n"",x', 1), [
      { line: 1, fields: ['a', '', 'b'] },
      { line: 2, fields: ['', '', ''] },
      { line: 3, fields: ['', 'x'] },
    ]);
  });

  test('csv: an unterminated quoted field is an error on the line it starts', async () => {
    assert.deepEqual(await records('h\n"open\nstill open'), [
      { line: 1, fields: ['h'] },
      { line: 2, error: 'a quoted field is not closed before the end of the file' },
    ]);
  });

  test('csv header: unknown and repeated columns and missing required ones are all named', () => {
    assert.deepEqual(parseCsvHeader(['slug', 'titel', 'slug']), {
      errors: [
        {
          pointer: '/1',
          detail:
            'unknown column "titel": use slug, type, status, date, participants, country, tags, title_<lang>, summary_<lang>',
        },
        { pointer: '/2', detail: 'column "slug" appears twice' },
        { pointer: '', detail: 'the header needs a "type" column' },
        { pointer: '', detail: 'the header needs a "date" column' },
        { pointer: '', detail: 'the header needs at least one title_<lang> column, e.g. title_en' },
      ],
    });
  });

  test('csv row: columns become an EventInput; empty cells are left out; any title_<lang> works', () => {
    const parsed = parseCsvHeader([
      'slug',
      'type',
      'status',
      'date',
      'title_en',
      'title_fr',
      'summary_de',
      'participants',
      'country',
      'tags',
    ]);
    assert.ok('header' in parsed);
    const row = csvRecordToInput(parsed.header, [
      'nrc-x',
      'meeting',
      '',
      '2019-07',
      'Meeting',
      'Réunion',
      'Sitzung',
      'nato-russia-council:forum; russia ;',
      'BE',
      'nrc; brussels',
    ]);
    assert.deepEqual(row, {
      input: {
        slug: 'nrc-x',
        type: 'meeting',
        date: '2019-07',
        title: { en: 'Meeting', fr: 'Réunion' },
        summary: { de: 'Sitzung' },
        participants: [{ actor: 'nato-russia-council', role: 'forum' }, { actor: 'russia' }],
        location: { country: 'BE' },
        tags: ['nrc', 'brussels'],
      },
    });
    assert.deepEqual(csvRecordToInput(parsed.header, ['too', 'few']), {
      error: 'the record has 2 fields, the header 10',
    });
    assert.equal(csvPointer(parsed.header, '/title'), '/title_en');
    assert.equal(csvPointer(parsed.header, '/title/fr'), '/title_fr');
    assert.equal(csvPointer(parsed.header, '/summary/de'), '/summary_de');
    assert.equal(csvPointer(parsed.header, '/participants/1/role'), '/participants');
    assert.equal(csvPointer(parsed.header, '/location/country'), '/country');
    assert.equal(csvPointer(parsed.header, '/tags/0'), '/tags');
    assert.equal(csvPointer(parsed.header, '/date'), '/date');
  });
});

describe('import row schema check', () => {
  test('import rows: schema errors carry pointers and read like the API 400s', () => {
    assert.deepEqual(
      eventInputErrors({ type: 'meeting', title: { en: 'x' }, date: '2019', colour: 'red', status: 'done' }),
      [
        { pointer: '/colour', detail: 'unknown property "colour"' },
        {
          pointer: '/status',
          detail: 'must be equal to one of the allowed values: one of held, scheduled, cancelled',
        },
      ],
    );
    assert.deepEqual(eventInputErrors({ title: { en: 'x' } }), [
      { pointer: '/type', detail: '"type" is required' },
      { pointer: '/date', detail: '"date" is required' },
    ]);
    assert.deepEqual(
      eventInputErrors({ slug: 'Bad Slug', type: 'meeting', title: { en: 'x' }, date: '2019' }),
      [{ pointer: '/slug', detail: 'has the wrong format' }],
    );
    assert.deepEqual(
      eventInputErrors({ slug: null, type: 'meeting', title: { en: 'x' }, date: '2019', location: null }),
      [],
    );
  });
});
