import type { ImportFormat, ParsedRow, RowParser } from './import.formats.ts';

// JSON documents (a page of GET /v1/events, a Wikidata SPARQL result) are read whole: they are one value,
// and a page holds at most 500 events. Larger files belong in NDJSON, which is read line by line.

/** A JSON document larger than this is refused before it is parsed: memory stays bounded. */
export const MAX_JSON_CHARACTERS = 64 << 20;

/** The document's text, or an error row when it is larger than the bound. */
export async function readDocument(
  chunks: AsyncIterable<string>,
  advice: string,
): Promise<{ text: string } | { error: ParsedRow }> {
  let text = '';
  for await (const chunk of chunks) {
    text += chunk;
    if (text.length > MAX_JSON_CHARACTERS) {
      return {
        error: {
          line: 1,
          errors: [
            {
              pointer: '',
              detail: `the document is longer than ${MAX_JSON_CHARACTERS} characters: ${advice}`,
            },
          ],
        },
      };
    }
  }
  return { text: text.replace(/^\uFEFF/, '') };
}

/** The document parsed, or an error row saying why it is not JSON. */
export function parseDocument(text: string): { value: unknown } | { error: ParsedRow } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return {
      error: { line: 1, errors: [{ pointer: '', detail: `not valid JSON: ${(error as Error).message}` }] },
    };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A page of events (`{ "data": [...] }`, as GET /v1/events writes it) or an array of events. */
async function* jsonRows(chunks: AsyncIterable<string>): AsyncGenerator<ParsedRow> {
  const read = await readDocument(
    chunks,
    'export the events as NDJSON (GET /v1/events.ndjson) and import that',
  );
  if ('error' in read) {
    yield read.error;
    return;
  }
  const parsed = parseDocument(read.text);
  if ('error' in parsed) {
    yield parsed.error;
    return;
  }
  const events = Array.isArray(parsed.value)
    ? parsed.value
    : isObject(parsed.value) && Array.isArray(parsed.value.data)
      ? parsed.value.data
      : undefined;
  if (!events) {
    yield {
      line: 1,
      errors: [
        {
          pointer: '',
          detail:
            'expected a page of events ({"data": [...]}, as GET /v1/events gives it) or an array of events',
        },
      ],
    };
    return;
  }
  // `line` is the event's place in the array, from 1: a JSON document has no lines of its own.
  for (const [i, event] of events.entries()) {
    if (isObject(event)) yield { line: i + 1, value: event };
    else
      yield {
        line: i + 1,
        errors: [{ pointer: '', detail: 'each element of "data" must be one JSON object (an event)' }],
      };
  }
}

export const jsonFormat: ImportFormat = {
  name: 'json',
  mediaTypes: ['application/json'],
  extensions: ['.json'],
  description:
    'A page of events as GET /v1/events gives it (`{"data": [...]}`) or an array of events, read whole (at most 64 Mi characters); an error\'s `line` is the event\'s place in the array, from 1.',
  parser(): RowParser {
    return { rows: jsonRows, pointerOf: (pointer) => pointer };
  },
};
