import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { analyzeEdtf, parseEdtf } from '../../src/domain/edtf.ts';
import { parseSimpleEdtf, readSimpleEdtfSides } from '../../src/domain/edtf-simple.ts';
import { unstorableTexts } from '../../src/domain/unsafe-text.ts';
import { Problem } from '../../src/http/problem.ts';
import { arrayLiteral, copyLine, copyValue } from '../../src/modules/events/import/import.copy.ts';
import {
  csvFormat,
  csvPointer,
  csvRecords,
  csvRecordToInput,
  parseCsvHeader,
} from '../../src/modules/events/import/import.csv.ts';
import type { ParsedRow } from '../../src/modules/events/import/import.formats.ts';
import { formatOfFileName, formatOfMediaType } from '../../src/modules/events/import/import.formats.ts';
import { jsonFormat } from '../../src/modules/events/import/import.json.ts';
import { MAX_LINE_CHARACTERS, ndjsonFormat } from '../../src/modules/events/import/import.ndjson.ts';
import type { ImportCounters } from '../../src/modules/events/import/import.pipeline.ts';
import { progressFigures, progressLine } from '../../src/modules/events/import/import.progress.ts';
import {
  importRowSchemaErrors,
  nestingDepth,
  ORDER,
  stageRow,
} from '../../src/modules/events/import/import.rows.ts';
import { explainTimeout } from '../../src/modules/events/import/import.session.ts';
import { wikidataFormat } from '../../src/modules/events/import/import.wikidata.ts';

// The import's pure parts: parsers, the row check, COPY text, EDTF shortcuts and progress figures.

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
            'unknown column "titel": use id, slug, type, status, date, edtf, participants, location, country, latitude, longitude, location_precision, tags, sources, relations, title_<lang>, summary_<lang> (read-only columns of the export, ignored: precision, start_earliest, start_latest, end_earliest, end_latest, approximate, uncertain, open_end, unknown_end, display_date, title, summary, version, created_at, updated_at)',
        },
        { pointer: '/2', detail: 'column "slug" appears twice' },
        { pointer: '', detail: 'the header needs a "type" column' },
        { pointer: '', detail: 'the header needs a "date" column (or "edtf", as the export names it)' },
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
      importRowSchemaErrors({
        type: 'meeting',
        title: { en: 'x' },
        date: '2019',
        colour: 'red',
        status: 'done',
      }),
      [
        { pointer: '/colour', detail: 'unknown property "colour"' },
        {
          pointer: '/status',
          detail: 'must be equal to one of the allowed values: one of held, scheduled, cancelled',
        },
      ],
    );
    assert.deepEqual(importRowSchemaErrors({ title: { en: 'x' } }), [
      { pointer: '/type', detail: '"type" is required' },
      { pointer: '/date', detail: '"date" is required' },
    ]);
    assert.deepEqual(
      importRowSchemaErrors({ slug: 'Bad Slug', type: 'meeting', title: { en: 'x' }, date: '2019' }),
      [{ pointer: '/slug', detail: 'has the wrong format' }],
    );
    assert.deepEqual(
      importRowSchemaErrors({
        slug: null,
        type: 'meeting',
        title: { en: 'x' },
        date: '2019',
        location: null,
      }),
      [],
    );
    assert.deepEqual(
      importRowSchemaErrors({ id: 'nope', type: 'meeting', title: { en: 'x' }, date: '2019' }),
      [{ pointer: '/id', detail: 'has the wrong format' }],
    );
  });
});

async function parse(format: typeof ndjsonFormat, text: string, chunkSize = 7): Promise<ParsedRow[]> {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.slice(i, i + chunkSize));
  const out: ParsedRow[] = [];
  for await (const row of format.parser().rows(Readable.from(chunks))) out.push(row);
  return out;
}

describe('NDJSON rows', () => {
  test('ndjson: rows keep their line numbers across chunks; BOM, CRLF and blank lines are handled', async () => {
    const rows = await parse(ndjsonFormat, '\uFEFF{"a":1}\r\n\n  \n{"b":2}\nnot json\n[1]\n{"c":3}');
    assert.deepEqual(rows, [
      { line: 1, value: { a: 1 } },
      { line: 4, value: { b: 2 } },
      {
        line: 5,
        errors: [
          { pointer: '', detail: 'not valid JSON: Unexpected token \'o\', "not json" is not valid JSON' },
        ],
      },
      { line: 6, errors: [{ pointer: '', detail: 'each line must be one JSON object (an event)' }] },
      { line: 7, value: { c: 3 } },
    ]);
  });

  test('ndjson: a line longer than the limit is one error, and the next line is read as usual', async () => {
    const long = `{"x":"${'y'.repeat(MAX_LINE_CHARACTERS)}"}`;
    const rows = await parse(ndjsonFormat, `{"a":1}\n${long}\n{"b":2}\n`, 64 * 1024);
    assert.deepEqual(rows, [
      { line: 1, value: { a: 1 } },
      {
        line: 2,
        errors: [
          {
            pointer: '',
            detail: `the line is longer than ${MAX_LINE_CHARACTERS} characters: put one event on each line`,
          },
        ],
      },
      { line: 3, value: { b: 2 } },
    ]);
  });

  test('formats: named by media type and by file name', () => {
    assert.equal(formatOfMediaType('application/x-ndjson'), ndjsonFormat);
    assert.equal(formatOfMediaType('text/csv'), csvFormat);
    assert.equal(formatOfMediaType('application/json'), jsonFormat);
    assert.equal(formatOfMediaType('application/sparql-results+json'), wikidataFormat);
    assert.equal(formatOfMediaType('application/xml'), undefined);
    assert.equal(formatOfFileName('results.srj'), wikidataFormat);
    assert.equal(formatOfFileName('Events.JSONL'), ndjsonFormat);
    assert.equal(formatOfFileName('a.csv'), csvFormat);
    assert.equal(formatOfFileName('a.txt'), undefined);
  });

  test('csv format: the header is kept for the rows after it, and errors point at its columns', async () => {
    const parser = csvFormat.parser();
    const rows: ParsedRow[] = [];
    for await (const row of parser.rows(
      Readable.from(['id,type,date,title_de\n', 'X,meeting,2019,Treffen\n']),
    )) {
      rows.push(row);
    }
    assert.deepEqual(rows, [
      { line: 2, value: { id: 'X', type: 'meeting', date: '2019', title: { de: 'Treffen' } } },
    ]);
    assert.equal(parser.pointerOf('/title/de'), '/title_de');
  });
});

describe('row check', () => {
  const good = { slug: 'a', type: 'meeting', title: { en: 'x' }, date: '2019' };

  test('rows: a row nested thousands of levels deep is one error, not a stack overflow', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20_000; i++) deep = [{ nested: deep }];
    assert.deepEqual(stageRow(4, { ...good, summary: deep as Record<string, string> }), {
      errors: [
        {
          line: 4,
          pointer: '',
          detail:
            'is nested more than 16 levels deep; an event row has at most 4 (see the import columns in docs/writes.md)',
          order: 0,
        },
      ],
    });
    assert.equal(nestingDepth({ a: [{ b: 1 }] }, 16), 3);
    assert.equal(nestingDepth('text', 16), 0);
    assert.equal(nestingDepth(deep, 16), 17, 'counting stops past the limit');
  });

  test('rows: a staged row is one COPY line per table, defaults filled in, tags sorted and unique', () => {
    const staged = stageRow(7, {
      ...good,
      id: 'AAAAAAAA-0000-4000-8000-000000000000',
      tags: ['b', 'a', 'b'],
      participants: [{ actor: 'nato' }, { actor: 'russia', role: 'host' }],
      sources: [{ title: 'T\tab', quote: 'line\nbreak' }],
      relations: [{ kind: 'follows', event: 'other' }],
      location: { lat: 1.5, lon: 2.5, precision: 'city' },
    });
    assert.ok('staged' in staged);
    const columns = staged.staged.event.slice(0, -1).split('\t');
    assert.deepEqual(columns.slice(0, 24), [
      '7',
      'aaaaaaaa-0000-4000-8000-000000000000',
      'a',
      'meeting',
      'held',
      '{"en":"x"}',
      '{}',
      '2019',
      'year',
      '2019-01-01',
      '2019-12-31',
      '2019-01-01',
      '2019-12-31',
      'f',
      'f',
      'f',
      'f',
      'f',
      'f',
      'f',
      'f',
      'f',
      'f',
      'f',
    ]);
    assert.deepEqual(columns.slice(24), [
      '\\N',
      '\\N',
      '1.5',
      '2.5',
      'city',
      '{"a","b"}',
      '{"lat":1.5,"lon":2.5,"precision":"city"}',
      '[{"title":"T\\\\tab","quote":"line\\\\nbreak"}]',
      '\\N',
    ]);
    assert.equal(staged.staged.participants, '7\t0\tnato\tparty\t\\N\t\\N\n7\t1\trussia\thost\t\\N\t\\N\n');
    assert.equal(staged.staged.sources, '7\t0\tT\\tab\t\\N\t\\N\t\\N\t\\N\tline\\nbreak\t\\N\n');
    assert.equal(staged.staged.relations, '7\t0\tfollows\tother\n');
  });

  test('rows: what the row check finds without the database is staged with the row, in the API’s order', () => {
    const staged = stageRow(3, {
      ...good,
      date: '2019-02-30',
      participants: [{ actor: 'nato' }, { actor: 'nato', role: 'party' }],
      sources: [{ title: 'a', published: 'soon' }],
    });
    assert.ok('staged' in staged);
    const column = staged.staged.event.slice(0, -1).split('\t').at(-1) as string;
    const problems = JSON.parse(
      column.replace(/\\(.)/g, (_, c) => ({ t: '\t', n: '\n', r: '\r' })[c as string] ?? c),
    );
    assert.deepEqual(
      problems.map((p: { pointer: string; order: number }) => [p.pointer, p.order]),
      [
        ['/date', ORDER.date],
        ['/sources/0/published', ORDER.source + 1],
        ['/participants/1', ORDER.repeatedParticipant + 10],
      ],
    );
  });

  test('rows: schema errors, unstorable text and a missing id and slug keep a row out of the staging tables', () => {
    assert.deepEqual(stageRow(1, { ...good, colour: 'red' }), {
      errors: [{ line: 1, pointer: '/colour', detail: 'unknown property "colour"', order: ORDER.schema }],
    });
    assert.deepEqual(stageRow(2, { ...good, slug: undefined }), {
      errors: [
        {
          line: 2,
          pointer: '/slug',
          detail: 'required unless the row has an id: import rows are matched by id or slug',
          order: ORDER.identity,
        },
      ],
    });
    assert.deepEqual(stageRow(3, { ...good, title: { en: 'a\u0000' } }), {
      errors: [
        {
          line: 3,
          pointer: '/title/en',
          detail: 'contains a NUL character (\\u0000): remove it',
          order: ORDER.text,
        },
      ],
    });
  });

  test('text: NUL and unpaired surrogates are found wherever they are, member names included; pairs are fine', () => {
    assert.deepEqual(unstorableTexts({ a: ['ok', '😀', 'x\ud800'], 'b/~\u0000': 'y', c: { d: '\udc00z' } }), [
      {
        pointer: '/a/2',
        detail: 'contains an unpaired UTF-16 surrogate: the text is not valid Unicode; fix its encoding',
      },
      { pointer: '/b~1~0\u0000', detail: 'contains a NUL character (\\u0000): remove it' },
      {
        pointer: '/c/d',
        detail: 'contains an unpaired UTF-16 surrogate: the text is not valid Unicode; fix its encoding',
      },
    ]);
    assert.deepEqual(unstorableTexts({ a: 'plain', n: 1, z: null }), []);
  });

  test('copy: values are escaped for COPY text; arrays are quoted literals', () => {
    assert.equal(copyValue(null), '\\N');
    assert.equal(copyValue(true), 't');
    assert.equal(copyValue(-0.25), '-0.25');
    assert.equal(copyValue('a\\b\tc\nd\re'), 'a\\\\b\\tc\\nd\\re');
    assert.equal(copyLine(['x', null, 2]), 'x\t\\N\t2\n');
    assert.equal(arrayLiteral(['a', 'b"c', 'd\\e']), '{"a","b\\"c","d\\\\e"}');
  });
});

describe('simple EDTF dates', () => {
  const same = (input: string) => {
    let slow: unknown;
    try {
      slow = parseEdtf(input);
    } catch (error) {
      slow = (error as Error).message;
    }
    const fast = parseSimpleEdtf(input);
    if (fast !== undefined) assert.deepEqual(fast, slow, input);
    // The sides the display strings are made from: read by the same shortcut, for the same dates.
    const sides = readSimpleEdtfSides(input);
    assert.equal(sides !== undefined, fast !== undefined, `${input}: both shortcuts take it or neither`);
    if (sides !== undefined) assert.deepStrictEqual(sides, analyzeEdtf(input), input);
    return fast !== undefined;
  };

  test('edtf: every day, month and qualifier of several years reads as parseEdtf reads it', () => {
    let fast = 0;
    for (const year of [1000, 1600, 1900, 1999, 2000, 2019, 2020, 2100, 9999]) {
      for (const q of ['', '~', '?', '%']) if (same(`${year}${q}`)) fast++;
      for (let month = 0; month <= 13; month++) {
        const m = String(month).padStart(2, '0');
        for (const q of ['', '~', '?', '%']) {
          if (same(`${year}-${m}${q}`)) fast++;
          for (let day = 0; day <= 32; day++) {
            if (same(`${year}-${m}-${String(day).padStart(2, '0')}${q}`)) fast++;
          }
        }
      }
    }
    // 9 years × 4 qualifiers × (1 year + 12 months + 365 days), and February 29th of 1600, 2000 and 2020.
    assert.equal(fast, 9 * 4 * (1 + 12 + 365) + 4 * 3);
  });

  test('edtf: intervals, open and unknown ends read alike; anything else is left to parseEdtf', () => {
    for (const input of [
      '2019-07-05/..',
      '2019-07/',
      '2019/2020-02',
      '2019-07-05/2019-07-05',
      '2019-07-15/2019-07',
      '2019-07~/2019-08?',
      '1999%/2000',
    ]) {
      assert.ok(same(input), input);
    }
    for (const input of [
      '2019-07-05/2019-07-04',
      '0999',
      '201X',
      '2019-7',
      '2019-07-05T10',
      '2019-02-29',
      '~2019',
      '2019/2020/2021',
    ]) {
      assert.equal(parseSimpleEdtf(input), undefined, input);
      assert.equal(readSimpleEdtfSides(input), undefined, input);
    }
  });
});

describe('progress', () => {
  const counters = (change: Partial<ImportCounters>): ImportCounters => ({
    phase: 'reading',
    step: null,
    bytesRead: 25_000_000,
    bytesTotal: 100_000_000,
    rows: 50_000,
    errors: 3,
    startedAt: 1_000_000,
    readAt: 0,
    ...change,
  });

  test('progress: rows per second and the time left to read come from what was read so far', () => {
    const now = 1_000_000 + 10_000;
    assert.deepEqual(progressFigures(counters({}), now), {
      rowsPerSecond: 5000,
      secondsLeft: 30,
      percent: 25,
    });
    assert.equal(
      progressLine(counters({}), now),
      'reading: 50,000 rows (5,000 rows/s), 3 errors, 25 % of the file, about 30 s left to read',
    );
    assert.equal(
      progressLine(counters({ bytesTotal: 0, errors: 1 }), now),
      'reading: 50,000 rows (5,000 rows/s), 1 error',
    );
    const read = counters({ phase: 'writing', step: 'participants', readAt: 1_000_000 + 20_000 });
    assert.equal(progressFigures(read, now + 100_000).rowsPerSecond, 2500);
    assert.equal(progressFigures(read, now + 100_000).secondsLeft, null);
    assert.equal(
      progressLine(read, 1_000_000 + 125_000),
      'writing in one transaction: participants (2 min 5 s so far)',
    );
  });
});

describe('import session errors', () => {
  test('a statement timeout becomes a timeout problem naming IMPORT_STATEMENT_TIMEOUT_MS; a cancel by hand and other errors pass as they are', () => {
    const timedOut = Object.assign(new Error('canceling statement due to statement timeout'), {
      code: '57014',
    });
    const explained = explainTimeout(timedOut, 1000);
    assert.ok(explained instanceof Problem);
    assert.equal(explained.status, 504);
    assert.match(
      explained.message,
      /^A statement of the import ran longer than IMPORT_STATEMENT_TIMEOUT_MS \(1000 ms\)/,
    );

    const cancelled = Object.assign(new Error('canceling statement due to user request'), { code: '57014' });
    assert.equal(explainTimeout(cancelled, 1000), cancelled);
    const unique = Object.assign(new Error('duplicate key value'), { code: '23505' });
    assert.equal(explainTimeout(unique, 1000), unique);
    assert.equal(explainTimeout(undefined, 1000), undefined);
  });
});
