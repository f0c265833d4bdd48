// Wikidata query results (SPARQL 1.1 Query Results JSON, application/sparql-results+json) as import rows.
// The variables a query must bind, and how time values and their precision become EDTF, are in
// docs/research-formats.md.

import type { ImportFormat, ParsedRow, RowParser } from './import.formats.ts';
import { parseDocument, readDocument } from './import.json.ts';

interface Term {
  type: string;
  value: string;
  datatype?: string;
  'xml:lang'?: string;
}
type Binding = Record<string, Term | undefined>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A Wikidata time value (`xsd:dateTime`, e.g. `1991-12-25T00:00:00Z`, `-0043-03-15T00:00:00Z`) at its
 * precision as EDTF. Wikidata's RDF and SPARQL write years as XSD 1.1 does, astronomically (0000 is 1 BC),
 * as EDTF does: the year is taken as it is. 11 day → `1991-12-25`; 10 month → `1991-12`; 9 year → `1991`;
 * 8 decade → `199X`. Coarser precisions (century, millennium…) name no single EDTF unit the service takes.
 */
export function wikidataEdtf(
  value: string,
  precision: string | undefined,
): { edtf: string } | { error: string } {
  const m = /^(-?)(\d{1,})-(\d{2})-(\d{2})T/.exec(value.trim());
  if (!m) return { error: `"${value}" is not a Wikidata time value (YYYY-MM-DDT00:00:00Z)` };
  const [, sign, digits, month, day] = m as unknown as [string, string, string, string, string];
  const year = `${sign}${pad(Number(digits), 4)}`;
  switch ((precision ?? '11').trim()) {
    case '11':
      return { edtf: `${year}-${month}-${day}` };
    case '10':
      return { edtf: `${year}-${month}` };
    case '9':
      return { edtf: year };
    case '8':
      if (sign)
        return { error: 'a decade before the common era has no EDTF form the service takes: give the year' };
      return { edtf: `${year.slice(0, -1)}X` };
    default:
      return {
        error: `time precision ${precision} is coarser than a decade: the service takes 8 (decade), 9 (year), 10 (month) and 11 (day)`,
      };
  }
}

/** The Q-number of an item URI (`http://www.wikidata.org/entity/Q1234`), lowercased, for a slug. */
const qid = (uri: string) => /\/(Q\d+)$/.exec(uri)?.[1]?.toLowerCase();

/** One result row as an import row; `problems` name the variable at fault. */
export function wikidataBindingToInput(
  binding: Binding,
): { input: Record<string, unknown> } | { errors: { pointer: string; detail: string }[] } {
  const errors: { pointer: string; detail: string }[] = [];
  const item = binding.item?.value;
  const id = item ? qid(item) : undefined;
  if (!id)
    errors.push({
      pointer: '/item',
      detail: 'bind ?item to a Wikidata item (http://www.wikidata.org/entity/Q…)',
    });
  const type = binding.type?.value;
  if (!type)
    errors.push({
      pointer: '/type',
      detail: 'bind ?type to an event-type code, e.g. BIND("summit" AS ?type)',
    });
  const dateOf = (name: string) => {
    const value = binding[name]?.value;
    if (!value) return undefined;
    const edtf = wikidataEdtf(value, binding[`${name}Precision`]?.value);
    if ('error' in edtf) {
      errors.push({ pointer: `/${name}`, detail: edtf.error });
      return undefined;
    }
    return edtf.edtf;
  };
  const pointInTime = dateOf('pointInTime');
  const start = dateOf('startTime');
  const end = dateOf('endTime');
  // A point in time (P585) is the event's date; else start (P580) and end (P582) make an interval, an end
  // alone being refused (the service needs the earliest possible start), a start alone an unknown end.
  let date: string | undefined;
  if (pointInTime) date = pointInTime;
  else if (start && end) date = start === end ? start : `${start}/${end}`;
  else if (start) date = `${start}/`;
  else if (errors.length === 0) {
    errors.push({
      pointer: '/pointInTime',
      detail: 'bind ?pointInTime (P585) or ?startTime (P580, with ?endTime P582), each with its …Precision',
    });
  }
  const label = binding.itemLabel;
  if (!label?.value) errors.push({ pointer: '/itemLabel', detail: 'bind ?itemLabel (the title)' });
  if (errors.length > 0) return { errors };
  const lang = label?.['xml:lang'] || 'en';
  const input: Record<string, unknown> = {
    slug: `wikidata-${id}`,
    type,
    date,
    title: { [lang]: label?.value },
    tags: ['wikidata'],
    sources: [{ title: `Wikidata ${id?.toUpperCase()}`, publisher: 'Wikidata', url: item }],
  };
  const description = binding.itemDescription;
  if (description?.value) input.summary = { [description['xml:lang'] || lang]: description.value };
  return { input };
}

const VARIABLE_OF: Record<string, string> = {
  slug: '/item',
  type: '/type',
  date: '/pointInTime',
  title: '/itemLabel',
  summary: '/itemDescription',
};

async function* wikidataRows(chunks: AsyncIterable<string>): AsyncGenerator<ParsedRow> {
  const read = await readDocument(chunks, 'split the query into smaller ones (LIMIT/OFFSET)');
  if ('error' in read) {
    yield read.error;
    return;
  }
  const parsed = parseDocument(read.text);
  if ('error' in parsed) {
    yield parsed.error;
    return;
  }
  const bindings = (parsed.value as { results?: { bindings?: unknown } } | null)?.results?.bindings;
  if (!Array.isArray(bindings)) {
    yield {
      line: 1,
      errors: [
        {
          pointer: '/results/bindings',
          detail: 'expected SPARQL JSON results: {"head": …, "results": {"bindings": [...]}}',
        },
      ],
    };
    return;
  }
  // `line` is the result's place in `bindings`, from 1.
  for (const [i, binding] of bindings.entries()) {
    const row = wikidataBindingToInput((binding ?? {}) as Binding);
    yield 'errors' in row ? { line: i + 1, errors: row.errors } : { line: i + 1, value: row.input };
  }
}

export const wikidataFormat: ImportFormat = {
  name: 'wikidata',
  mediaTypes: ['application/sparql-results+json'],
  extensions: ['.srj'],
  description:
    'Wikidata query results (SPARQL JSON): ?item, ?itemLabel, ?type, ?pointInTime or ?startTime/?endTime with their …Precision (9 year, 10 month, 11 day), optional ?itemDescription. See docs/research-formats.md.',
  parser(): RowParser {
    return {
      rows: wikidataRows,
      pointerOf: (pointer) => VARIABLE_OF[pointer.split('/')[1] ?? ''] ?? pointer,
    };
  },
};
