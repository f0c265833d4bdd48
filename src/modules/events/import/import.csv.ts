// CSV import rows (RFC 4180): a streaming record parser and the mapping of the columns to an import row.

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
const PLAIN_COLUMNS = ['id', 'slug', 'type', 'status', 'date', 'participants', 'country', 'tags'];

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
    if (!PLAIN_COLUMNS.includes(c) && !TEXT_COLUMN.test(c)) {
      errors.push({
        pointer: `/${i}`,
        detail: `unknown column "${c}": use ${PLAIN_COLUMNS.join(', ')}, title_<lang>, summary_<lang>`,
      });
    } else if (columns.indexOf(c) !== i) {
      errors.push({ pointer: `/${i}`, detail: `column "${c}" appears twice` });
    }
  });
  for (const required of ['type', 'date']) {
    if (!columns.includes(required))
      errors.push({ pointer: '', detail: `the header needs a "${required}" column` });
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
  return errors.length > 0 ? { errors } : { header: { columns } };
}

const list = (cell: string) =>
  cell
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);

/** One record as an EventInput-shaped object (empty cells are left out); the schema check comes after. */
export function csvRecordToInput(
  header: CsvHeader,
  fields: string[],
): { input: Record<string, unknown> } | { error: string } {
  if (fields.length !== header.columns.length) {
    return { error: `the record has ${fields.length} fields, the header ${header.columns.length}` };
  }
  const input: Record<string, unknown> = {};
  const title: Record<string, string> = {};
  const summary: Record<string, string> = {};
  header.columns.forEach((column, i) => {
    const cell = (fields[i] ?? '').trim();
    if (cell === '') return;
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
    } else if (column === 'country') {
      input.location = { country: cell };
    } else {
      input[column] = cell;
    }
  });
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
  if (top === 'location') return '/country';
  if (top === 'participants' || top === 'tags') return `/${top}`;
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
    if ('error' in row) yield { line: record.line, errors: [{ pointer: '', detail: row.error }] };
    else yield { line: record.line, value: row.input };
  }
}

export const csvFormat: ImportFormat = {
  name: 'csv',
  mediaTypes: ['text/csv'],
  extensions: ['.csv'],
  description:
    'RFC 4180 CSV with a header row. Columns: id, slug, type, status, date, title_<lang>, summary_<lang>, participants (`actor:role;actor:role`), country, tags (`a;b`).',
  parser(): RowParser {
    const state: { header?: CsvHeader } = {};
    return {
      rows: (chunks) => csvRows(chunks, state),
      pointerOf: (pointer) => (state.header ? csvPointer(state.header, pointer) : pointer),
    };
  },
};
