import type { ImportFormat, ParsedRow, RowParser } from './import.formats.ts';

/** A longer line is reported and skipped rather than held: one row is a few kilobytes at most. */
export const MAX_LINE_CHARACTERS = 1 << 20;

function lineRow(line: number, text: string): ParsedRow | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { line, errors: [{ pointer: '', detail: `not valid JSON: ${(error as Error).message}` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line, errors: [{ pointer: '', detail: 'each line must be one JSON object (an event)' }] };
  }
  return { line, value: value as Record<string, unknown> };
}

const tooLong = (line: number): ParsedRow => ({
  line,
  errors: [
    {
      pointer: '',
      detail: `the line is longer than ${MAX_LINE_CHARACTERS} characters: put one event on each line`,
    },
  ],
});

/** Splits chunks into lines (LF or CRLF) without holding more than one line, which it bounds. */
async function* ndjsonRows(chunks: AsyncIterable<string>): AsyncGenerator<ParsedRow> {
  let line = 0;
  let rest = '';
  let first = true;
  // A line over the limit: reported once, its characters dropped until its end.
  let skipping = false;
  for await (const chunk of chunks) {
    let text = chunk;
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    let from = 0;
    let end = text.indexOf('\n');
    while (end !== -1) {
      line += 1;
      if (skipping) skipping = false;
      else if (rest.length + end - from > MAX_LINE_CHARACTERS) yield tooLong(line);
      else {
        const row = lineRow(line, rest + text.slice(from, end));
        if (row) yield row;
      }
      rest = '';
      from = end + 1;
      end = text.indexOf('\n', from);
    }
    if (skipping) continue;
    rest += text.slice(from);
    if (rest.length > MAX_LINE_CHARACTERS) {
      yield tooLong(line + 1);
      rest = '';
      skipping = true;
    }
  }
  if (!skipping && rest !== '') {
    const row = lineRow(line + 1, rest);
    if (row) yield row;
  }
}

export const ndjsonFormat: ImportFormat = {
  name: 'ndjson',
  mediaTypes: ['application/x-ndjson'],
  extensions: ['.ndjson', '.jsonl'],
  description: 'One import row (an EventInput, optionally with `id`) as a JSON object per line.',
  parser(): RowParser {
    return { rows: ndjsonRows, pointerOf: (pointer) => pointer };
  },
};
