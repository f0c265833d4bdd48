import { acledFormat } from './import.acled.ts';
import { csvFormat } from './import.csv.ts';
import { MappingError, mappedCsvFormat, parseColumnMapping } from './import.csv-mapped.ts';
import { jsonFormat } from './import.json.ts';
import { ndjsonFormat } from './import.ndjson.ts';
import { wikidataFormat } from './import.wikidata.ts';

/** A row a parser read: an object to check as an import row, or why its line could not be read as one. */
export type ParsedRow =
  | { line: number; value: Record<string, unknown> }
  | { line: number; errors: { pointer: string; detail: string }[] };

/** Reads one file. A parser may keep state (a CSV header, a column mapping) from row to row. */
export interface RowParser {
  /** The rows of the file, one at a time, with the line each starts on; memory stays bounded by a row. */
  rows(text: AsyncIterable<string>): AsyncIterable<ParsedRow>;
  /** Points an error in the event a row became (`/title/en`) back at the file (`/title_en` in CSV). */
  pointerOf(pointer: string): string;
}

/**
 * A file format the import reads. Adding one (ACLED CSV, Wikidata SPARQL JSON, a CSV with a column mapping)
 * is a parser that turns its records into import rows, plus its entry in `importFormats`.
 */
export interface ImportFormat {
  name: string;
  /** Media types a client sends it as (the first one is the one the documentation names). */
  mediaTypes: string[];
  /** File name endings the command-line import recognises. */
  extensions: string[];
  /** One line for the API documentation. */
  description: string;
  parser(): RowParser;
}

/** The formats told apart by their media type (the first of each type is the one a bare Content-Type means). */
export const importFormats: readonly ImportFormat[] = [ndjsonFormat, csvFormat, jsonFormat, wikidataFormat];

/** Every format's name, for `--format` and `format=`: ACLED and mapped CSV are CSV, chosen by name only. */
export const FORMAT_NAMES = ['ndjson', 'csv', 'json', 'wikidata', 'acled', 'csv-mapped'] as const;

/**
 * The format named, with its column mapping for `csv-mapped` (and only for it). Throws an Error whose message
 * says what to give instead.
 */
export function formatNamed(name: string, map?: string): ImportFormat {
  if (name !== 'csv-mapped' && map !== undefined) {
    throw new MappingError(`a column mapping is for format csv-mapped only, not ${name}`);
  }
  if (name === 'csv-mapped') {
    if (map === undefined)
      throw new MappingError(
        'format csv-mapped needs a column mapping: e.g. title=Name,date=When,type=const:meeting',
      );
    return mappedCsvFormat(parseColumnMapping(map));
  }
  const format = [...importFormats, acledFormat].find((f) => f.name === name);
  if (!format) throw new MappingError(`unknown format "${name}": use ${FORMAT_NAMES.join(', ')}`);
  return format;
}

export function formatOfMediaType(mediaType: string): ImportFormat | undefined {
  return importFormats.find((f) => f.mediaTypes.includes(mediaType));
}

export function formatOfFileName(file: string): ImportFormat | undefined {
  const lower = file.toLowerCase();
  return importFormats.find((f) => f.extensions.some((e) => lower.endsWith(e)));
}
