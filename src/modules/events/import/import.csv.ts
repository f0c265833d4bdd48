// CSV import rows (RFC 4180): a streaming record parser and the mapping of the columns to an import row.

import { unneutralisedCell } from '../../../http/csv.ts';
import type { ImportFormat, ParsedRow, RowParser } from './import.formats.ts';

/** A record longer than this is an error that ends the file: past an unclosed quote nothing can be trusted. */
export const MAX_RECORD_CHARACTERS = 1 << 20;

export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/**
 * Splits a character stream into records without holding more than one record: quoted fields may contain
 * commas, doubled quotes and line breaks; CRLF and LF both end a record; blank lines are skipped. `line` is
 * the line on which a record starts.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteSeen = false; // a quote inside a quoted field: either the end of it or the first of a pair
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  let first = true;

  const endRecord = (): CsvRecord | undefined => {
    fields.push(field);
    const record =
      fields.length === 1 && fields[0] === '' && !fieldStarted ? undefined : { line: recordLine, fields };
    fields = [];
    field = '';
    fieldStarted = false;
    return record;
  };

  for await (const chunk of chunks) {
    let text = chunk;
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    for (const char of text) {
      if (quoteSeen) {
        quoteSeen = false;
        if (char === '"') {
          field += '"';
          continue;
        }
        inQuotes = false;
      }
      if (inQuotes) {
        if (char === '"') quoteSeen = true;
        else {
          if (char === '\n') line += 1;
          field += char;
          if (field.length > MAX_RECORD_CHARACTERS) {
            yield {
              line: recordLine,
              error: `a quoted field runs over ${MAX_RECORD_CHARACTERS} characters: is a closing quote missing?`,
            };
            return;
          }
        }
        continue;
      }
      if (char === '"' && field === '') {
        inQuotes = true;
        fieldStarted = true;
      } else if (char === ',') {
        fields.push(field);
        field = '';
        fieldStarted = true;
      } else if (char === '\n') {
        const record = endRecord();
        if (record) yield record;
        line += 1;
        recordLine = line;
      } else if (char !== '\r') {
        field += char;
        if (field.length > MAX_RECORD_CHARACTERS) {
          yield { line: recordLine, error: `a field is longer than ${MAX_RECORD_CHARACTERS} characters` };
          return;
        }
      }
    }
  }
  if (inQuotes && !quoteSeen) {
    yield { line: recordLine, error: 'a quoted field is not closed before the end of the file' };
    return;
  }
  const record = endRecord();
  if (record) yield record;
}

const LANGUAGE = '[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*';
const TEXT_COLUMN = new RegExp(`^(title|summary)_(${LANGUAGE})$`);
export const PLAIN_COLUMNS = [
  'id',
  'slug',
  'type',
  'status',
  'date',
  'edtf',
  'participants',
  'location',
  'country',
  'latitude',
  'longitude',
  'location_precision',
  'tags',
  'sources',
  'relations',
];
/**
 * Columns of the CSV export that the service derives or keeps itself (the date's bounds and flags, texts in
 * one language for reading, the version): an exported file imports again with them, and they are ignored.
 */
export const READ_ONLY_CSV_COLUMNS = [
  'precision',
  'start_earliest',
  'start_latest',
  'end_earliest',
  'end_latest',
  'approximate',
  'uncertain',
  'open_end',
  'unknown_end',
  'display_date',
  'title',
  'summary',
  'version',
  'created_at',
  'updated_at',
];

/** The columns of a whole CSV export that an import writes (the date's `edtf` and the texts aside). */
const EXPORT_WRITABLE_COLUMNS = PLAIN_COLUMNS.filter((c) => c !== 'date' && c !== 'edtf');

export interface CsvHeader {
  columns: string[];
}

/** Checks the header row: known columns only, each once, and type, date, a title and slug or id present. */
export function parseCsvHeader(
  fields: string[],
): { header: CsvHeader } | { errors: { pointer: string; detail: string }[] } {
  const columns = fields.map((f) => f.trim());
  const errors: { pointer: string; detail: string }[] = [];
  columns.forEach((c, i) => {
    if (!PLAIN_COLUMNS.includes(c) && !TEXT_COLUMN.test(c) && !READ_ONLY_CSV_COLUMNS.includes(c)) {
      errors.push({
        pointer: `/${i}`,
        detail: `unknown column "${c}": use ${PLAIN_COLUMNS.join(', ')}, title_<lang>, summary_<lang> (read-only columns of the export, ignored: ${READ_ONLY_CSV_COLUMNS.join(', ')})`,
      });
    } else if (columns.indexOf(c) !== i) {
      errors.push({ pointer: `/${i}`, detail: `column "${c}" appears twice` });
    }
  });
  if (!columns.includes('type')) errors.push({ pointer: '', detail: 'the header needs a "type" column' });
  if (!columns.includes('date') && !columns.includes('edtf')) {
    errors.push({
      pointer: '',
      detail: 'the header needs a "date" column (or "edtf", as the export names it)',
    });
  }
  if (columns.includes('date') && columns.includes('edtf')) {
    errors.push({
      pointer: `/${columns.indexOf('edtf')}`,
      detail: 'give the date once: "date" or "edtf", not both',
    });
  }
  if (!columns.includes('slug') && !columns.includes('id')) {
    errors.push({
      pointer: '',
      detail: 'the header needs a "slug" column (or "id"): rows are matched by them',
    });
  }
  if (!columns.some((c) => c.startsWith('title_'))) {
    errors.push({ pointer: '', detail: 'the header needs at least one title_<lang> column, e.g. title_en' });
  }
  // `edtf` is the export's name for the date: a file that uses it is an export, and an import replaces whole
  // events, so an export cut down by `fields=` would wipe every member it lacks. It is refused instead.
  const missing = columns.includes('edtf') ? EXPORT_WRITABLE_COLUMNS.filter((c) => !columns.includes(c)) : [];
  if (missing.length > 0) {
    errors.push({
      pointer: '',
      detail: `this header has the export's "edtf" column but not ${missing.join(', ')}: a partial export (fields=) is not a round-trip file, since an import replaces whole events and would clear what the file lacks. Export again without fields=, or, to write only these columns as a file of your own, name the date column "date"`,
    });
  }
  return errors.length > 0 ? { errors } : { header: { columns } };
}

const list = (cell: string) =>
  cell
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);

/** A number cell as a number; anything else stays a string, for the schema check to refuse by name. */
const numberOrText = (cell: string) => (/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(cell) ? Number(cell) : cell);

/** One record as an EventInput-shaped object (empty cells are left out); the schema check comes after. */
export function csvRecordToInput(
  header: CsvHeader,
  fields: string[],
): { input: Record<string, unknown> } | { error: string; pointer?: string } {
  if (fields.length !== header.columns.length) {
    return { error: `the record has ${fields.length} fields, the header ${header.columns.length}` };
  }
  const input: Record<string, unknown> = {};
  const title: Record<string, string> = {};
  const summary: Record<string, string> = {};
  const location: Record<string, unknown> = {};
  let badSources: string | undefined;
  header.columns.forEach((column, i) => {
    // The export neutralises texts a spreadsheet would run as formulas with an apostrophe: taken off here.
    const cell = unneutralisedCell((fields[i] ?? '').trim());
    if (cell === '' || READ_ONLY_CSV_COLUMNS.includes(column)) return;
    const text = TEXT_COLUMN.exec(column);
    if (text) {
      (text[1] === 'title' ? title : summary)[text[2] as string] = cell;
    } else if (column === 'participants') {
      input.participants = list(cell).map((p) => {
        const [actor, role] = p.split(':').map((s) => s.trim());
        return role ? { actor, role } : { actor };
      });
    } else if (column === 'tags') {
      input.tags = list(cell);
    } else if (column === 'location') {
      location.name = cell;
    } else if (column === 'country') {
      location.country = cell;
    } else if (column === 'latitude' || column === 'longitude') {
      location[column === 'latitude' ? 'lat' : 'lon'] = numberOrText(cell);
    } else if (column === 'location_precision') {
      location.precision = cell;
    } else if (column === 'sources') {
      try {
        input.sources = JSON.parse(cell);
      } catch (error) {
        badSources = `the sources column holds a JSON array of sources, as the export writes it: ${(error as Error).message}`;
      }
    } else if (column === 'relations') {
      input.relations = list(cell).map((r) => {
        const at = r.indexOf(':');
        return at < 0
          ? { kind: r, event: '' }
          : { kind: r.slice(0, at).trim(), event: r.slice(at + 1).trim() };
      });
    } else if (column === 'edtf') {
      input.date = cell;
    } else {
      input[column] = cell;
    }
  });
  if (badSources) return { error: badSources, pointer: '/sources' };
  if (Object.keys(location).length > 0) input.location = location;
  input.title = title;
  if (Object.keys(summary).length > 0) input.summary = summary;
  return { input };
}

/** Points an error in the EventInput a record became back at the CSV column it came from. */
export function csvPointer(header: CsvHeader, pointer: string): string {
  const [, top, member] = pointer.split('/');
  if (top === 'title' || top === 'summary') {
    const column =
      member && TEXT_COLUMN.test(`${top}_${member}`)
        ? `${top}_${member}`
        : header.columns.find((c) => c.startsWith(`${top}_`));
    return `/${column ?? `${top}_en`}`;
  }
  if (top === 'location') {
    if (member === 'name') return '/location';
    if (member === 'lat') return '/latitude';
    if (member === 'lon') return '/longitude';
    if (member === 'precision') return '/location_precision';
    return '/country';
  }
  if (top === 'date') return header.columns.includes('edtf') ? '/edtf' : '/date';
  if (top === 'participants' || top === 'tags' || top === 'sources' || top === 'relations') return `/${top}`;
  return pointer;
}

async function* csvRows(
  chunks: AsyncIterable<string>,
  state: { header?: CsvHeader },
): AsyncGenerator<ParsedRow> {
  for await (const record of csvRecords(chunks)) {
    if ('error' in record) {
      yield { line: record.line, errors: [{ pointer: '', detail: record.error }] };
      return;
    }
    if (!state.header) {
      const parsed = parseCsvHeader(record.fields);
      if ('errors' in parsed) {
        yield { line: record.line, errors: parsed.errors };
        return;
      }
      state.header = parsed.header;
      continue;
    }
    const row = csvRecordToInput(state.header, record.fields);
    if ('error' in row)
      yield { line: record.line, errors: [{ pointer: row.pointer ?? '', detail: row.error }] };
    else yield { line: record.line, value: row.input };
  }
}

export const csvFormat: ImportFormat = {
  name: 'csv',
  mediaTypes: ['text/csv'],
  extensions: ['.csv'],
  description:
    "RFC 4180 CSV with a header row, as the CSV export writes it. Columns: id, slug, type, status, date (or edtf), title_<lang>, summary_<lang>, participants (`actor:role;actor:role`), location (its name), country, latitude, longitude, location_precision (exact, city, region or country), tags (`a;b`), sources (a JSON array), relations (`kind:event;…`, by id or slug). The export's read-only columns are ignored.",
  parser(): RowParser {
    const state: { header?: CsvHeader } = {};
    return {
      rows: (chunks) => csvRows(chunks, state),
      pointerOf: (pointer) => (state.header ? csvPointer(state.header, pointer) : pointer),
    };
  },
};
