// A researcher's own CSV, its columns named by a mapping (`title=Name,date=When,type=const:meeting`): each
// target is a column of the service's CSV import, each source a column of the file (or `const:<value>`, the
// same value on every row). Columns the mapping leaves out are not read. The syntax is in
// docs/research-formats.md.

import {
  type CsvHeader,
  csvPointer,
  csvRecords,
  csvRecordToInput,
  PLAIN_COLUMNS,
  parseCsvHeader,
} from './import.csv.ts';
import type { ImportFormat, ParsedRow, RowParser } from './import.formats.ts';

// The CSV import's columns (`edtf` is `date` here), and `title`/`summary` for their English columns.
const TARGETS = [...PLAIN_COLUMNS.filter((c) => c !== 'edtf'), 'title', 'summary'];
const TEXT_TARGET = /^(title|summary)_[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

export interface ColumnMapping {
  /** Target column of the CSV import (title → title_en) → the file's column, or a constant. */
  entries: { target: string; source: { column: string } | { value: string } }[];
}

export class MappingError extends Error {}

/** Reads `target=Source,…`; throws MappingError naming what is wrong and what is allowed. */
export function parseColumnMapping(spec: string): ColumnMapping {
  const entries: ColumnMapping['entries'] = [];
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const at = part.indexOf('=');
    if (at < 1)
      throw new MappingError(`"${part}" is not target=Column: e.g. title=Name,date=When,type=const:meeting`);
    let target = part.slice(0, at).trim();
    const source = part.slice(at + 1).trim();
    if (target === 'title' || target === 'summary') target = `${target}_en`;
    if (!TARGETS.includes(target) && !TEXT_TARGET.test(target)) {
      throw new MappingError(
        `unknown target "${target}": map to ${TARGETS.join(', ')}, title_<lang> or summary_<lang>`,
      );
    }
    if (entries.some((e) => e.target === target)) throw new MappingError(`"${target}" is mapped twice`);
    if (source === '') throw new MappingError(`"${target}" is mapped to no column`);
    entries.push({
      target,
      source: source.startsWith('const:') ? { value: source.slice('const:'.length) } : { column: source },
    });
  }
  if (entries.length === 0)
    throw new MappingError('the mapping is empty: e.g. title=Name,date=When,type=const:meeting');
  return { entries };
}

interface State {
  header?: CsvHeader;
  /** For each target column, the index of its source column in the file, or its constant. */
  sources?: ({ index: number } | { value: string })[];
}

async function* mappedRows(
  chunks: AsyncIterable<string>,
  mapping: ColumnMapping,
  state: State,
): AsyncGenerator<ParsedRow> {
  for await (const record of csvRecords(chunks)) {
    if ('error' in record) {
      yield { line: record.line, errors: [{ pointer: '', detail: record.error }] };
      return;
    }
    if (!state.sources) {
      const columns = record.fields.map((f) => f.trim());
      const errors = mapping.entries.flatMap((e) =>
        'column' in e.source && !columns.includes(e.source.column)
          ? [
              {
                pointer: '',
                detail: `the mapping reads column "${e.source.column}" (for ${e.target}), which the header does not have: it has ${columns.join(', ')}`,
              },
            ]
          : [],
      );
      const parsed = parseCsvHeader(mapping.entries.map((e) => e.target));
      if ('errors' in parsed)
        errors.push(...parsed.errors.map((e) => ({ pointer: '', detail: `the mapping: ${e.detail}` })));
      if (errors.length > 0 || 'errors' in parsed) {
        yield { line: record.line, errors };
        return;
      }
      state.header = parsed.header;
      state.sources = mapping.entries.map((e) =>
        'column' in e.source ? { index: columns.indexOf(e.source.column) } : e.source,
      );
      continue;
    }
    const fields = state.sources.map((s) => ('value' in s ? s.value : (record.fields[s.index] ?? '')));
    const row = csvRecordToInput(state.header as CsvHeader, fields);
    if ('error' in row)
      yield { line: record.line, errors: [{ pointer: row.pointer ?? '', detail: row.error }] };
    else yield { line: record.line, value: row.input };
  }
}

/** The CSV format read through a mapping: errors point at the file's own column names. */
export function mappedCsvFormat(mapping: ColumnMapping): ImportFormat {
  return {
    name: 'csv-mapped',
    mediaTypes: ['text/csv'],
    extensions: [],
    description:
      'A CSV of your own with `format=csv-mapped&map=title=Name,date=When,type=const:meeting`: each target column of the CSV import read from a column of the file (or a constant). See docs/research-formats.md.',
    parser(): RowParser {
      const state: State = {};
      return {
        rows: (chunks) => mappedRows(chunks, mapping, state),
        pointerOf: (pointer) => {
          if (!state.header) return pointer;
          const target = csvPointer(state.header, pointer).slice(1);
          const entry = mapping.entries.find((e) => e.target === target);
          return entry && 'column' in entry.source ? `/${entry.source.column}` : `/${target}`;
        },
      };
    },
  };
}
