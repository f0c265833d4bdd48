import { csvFormat } from './import.csv.ts';
import { jsonFormat } from './import.json.ts';
import { ndjsonFormat } from './import.ndjson.ts';

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

export const importFormats: readonly ImportFormat[] = [ndjsonFormat, csvFormat, jsonFormat];

export function formatNamed(name: string): ImportFormat | undefined {
  return importFormats.find((f) => f.name === name);
}

export function formatOfMediaType(mediaType: string): ImportFormat | undefined {
  return importFormats.find((f) => f.mediaTypes.includes(mediaType));
}

export function formatOfFileName(file: string): ImportFormat | undefined {
  const lower = file.toLowerCase();
  return importFormats.find((f) => f.extensions.some((e) => lower.endsWith(e)));
}
