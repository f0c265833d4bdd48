import { Readable } from 'node:stream';
import type { Db } from '../../../db/schema.ts';
import { csvRow } from '../../../http/csv.ts';
import type { ListFormat } from '../../../http/negotiate.ts';
import { Problem } from '../../../http/problem.ts';
import { type EventFilterQuery, type EventFilters, normalizeFilters } from '../event-filters.ts';
import { type ApiEvent, type LinksToRead, toApiEvents } from './events.mapper.ts';
import { exportLanguages } from './export.queries.ts';
import { parseCsvFields, parseJsonFields, type Selection, selectMembers } from './fields.mapper.ts';
import { CSV_FIXED_COLUMNS, csvColumns, eventCsvRow } from './formats.mapper.ts';
import { featureWriter, GEOJSON_HEAD, GEOJSON_TAIL } from './geojson.mapper.ts';
import { countEventsWithoutCoordinates } from './geojson.queries.ts';
import { listEventRows } from './page.queries.ts';

// The CSV and NDJSON exports: every matching event, read in keyset batches so that memory stays bounded
// however large the result, and written in chunks of about CHUNK_CHARS.

export type ExportQuery = EventFilterQuery & { order?: 'asc' | 'desc' };
export type ExportFormat = 'csv' | 'ndjson';

/** What `fields=` chose: the members of JSON and NDJSON events, or the CSV's columns; nothing = everything. */
export interface FieldChoice {
  members?: Selection;
  columns?: string[];
}

/**
 * Reads `fields` for a format, before anything else is read: a 400 naming `fields` for an unknown name, or
 * for a format whose shape is fixed (TimelineJS).
 */
export function chooseFields(format: ListFormat, fields: string | undefined): FieldChoice {
  if (fields === undefined) return {};
  if (format === 'csv') return { columns: parseCsvFields(fields, CSV_FIXED_COLUMNS) };
  if (format === 'timelinejs') {
    throw new Problem(
      'validation',
      'fields: TimelineJS slides have a fixed shape; fields= selects members of JSON, NDJSON and CSV events. Leave fields out',
      [{ detail: 'not available for TimelineJS', pointer: '/fields', in: 'query' }],
    );
  }
  return { members: parseJsonFields(fields) };
}

/** The links the chosen members or columns show: the others are not read. */
function linksOf(choice: FieldChoice): LinksToRead {
  if (choice.members) {
    const m = choice.members;
    return { participants: 'participants' in m, sources: 'sources' in m, relations: 'relations' in m };
  }
  if (choice.columns) {
    const c = choice.columns;
    return {
      participants: c.includes('participants'),
      sources: c.includes('sources'),
      relations: c.includes('relations'),
    };
  }
  return { participants: true, sources: true, relations: true };
}

/** Events per batch: one page query and one query per kind of link (participants, sources, relations). */
const BATCH = 500;
/**
 * A chunk of the body: one socket write, not one per row. Kept well below 64 Ki characters: a two-byte string
 * of that length (one Cyrillic title in the chunk is enough) is a 128 KiB object in V8's large-object space,
 * and building and writing such chunks cost six times the CPU of 16 Ki ones.
 */
const CHUNK_CHARS = 16 * 1024;

type Position = [string, string];

interface Batch<T> {
  items: T;
  /** The (start_earliest, id) of the last row, when more rows may follow. */
  next?: Position;
}

async function readBatch<T>(
  db: Db,
  filters: EventFilters,
  order: 'asc' | 'desc',
  after: Position | undefined,
  render: (events: ApiEvent[]) => T,
  links?: LinksToRead,
): Promise<Batch<T>> {
  const rows = await listEventRows(db, filters, { limit: BATCH - 1, order, after });
  const last = rows.at(-1);
  const items = render(await toApiEvents(db, rows, links));
  return rows.length === BATCH && last ? { items, next: [last.start_earliest, last.id] } : { items };
}

/**
 * The export's batches in timeline order, each passed through `render` as soon as it is read. The first is
 * read before this resolves, so that a bad query or an unreachable database is still a clean error response
 * rather than a 200 cut off mid-body. After that, the next batch is read while the consumer writes the
 * current one: one batch ahead, never more, so the database and the writing overlap and memory stays at two
 * batches.
 */
export async function openEventBatches<T>(
  db: Db,
  query: ExportQuery,
  render: (events: ApiEvent[]) => T,
  links?: LinksToRead,
): Promise<AsyncIterable<T>> {
  return openFilteredBatches(db, normalizeFilters(query), query.order ?? 'asc', render, links);
}

/** `openEventBatches` of filters already normalized (and possibly narrowed by the export). */
async function openFilteredBatches<T>(
  db: Db,
  filters: EventFilters,
  order: 'asc' | 'desc',
  render: (events: ApiEvent[]) => T,
  links?: LinksToRead,
): Promise<AsyncIterable<T>> {
  const first = await readBatch(db, filters, order, undefined, render, links);
  return (async function* () {
    let batch: Batch<T> | undefined = first;
    while (batch) {
      const ahead: Promise<Batch<T>> | undefined = batch.next
        ? readBatch(db, filters, order, batch.next, render, links)
        : undefined;
      // A client that hangs up leaves the read ahead unawaited: its failure must not become an unhandled
      // rejection. Awaited below, it still throws.
      ahead?.catch(() => {});
      yield batch.items;
      batch = await ahead;
    }
  })();
}

/**
 * A batch as the text of the body, in chunks of about CHUNK_CHARS. Rendered as soon as the batch is read, so
 * that what waits for the socket is the text alone, not the rows and objects it came from.
 */
function toChunks(events: ApiEvent[], line: (event: ApiEvent) => string): string[] {
  const chunks: string[] = [];
  let chunk = '';
  for (const event of events) {
    chunk += line(event);
    if (chunk.length >= CHUNK_CHARS) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk) chunks.push(chunk);
  return chunks;
}

const ndjsonLine = (event: Partial<ApiEvent>) => `${JSON.stringify(event)}\n`;

async function* body(head: string, batches: AsyncIterable<string[]>): AsyncGenerator<string> {
  if (head) yield head;
  for await (const chunks of batches) yield* chunks;
}

/**
 * The body of a CSV or NDJSON export as a stream. Readable.from asks for the next chunk only when the reply
 * has taken the last one, so a slow client holds the export back rather than filling memory.
 */
export async function openEventExport(
  db: Db,
  query: ExportQuery,
  format: ExportFormat,
  lang: string,
  choice: FieldChoice = {},
): Promise<Readable> {
  const links = linksOf(choice);
  if (format === 'ndjson') {
    const members = choice.members;
    const line = members ? (event: ApiEvent) => ndjsonLine(selectMembers(event, members)) : ndjsonLine;
    const batches = await openEventBatches(db, query, (events) => toChunks(events, line), links);
    return Readable.from(body('', batches), { highWaterMark: 1 });
  }
  // The language columns follow the data, unless `fields=` named the columns.
  const columns = choice.columns ?? csvColumns(await exportLanguages(db, normalizeFilters(query)));
  const batches = await openEventBatches(
    db,
    query,
    (events) => toChunks(events, (event) => eventCsvRow(event, lang, columns)),
    links,
  );
  return Readable.from(body(csvRow(columns), batches), { highWaterMark: 1 });
}

/** Every longitude and latitude: as a filter, it keeps the events that have coordinates (through the place index). */
const THE_GLOBE = [{ minLon: -180, minLat: -90, maxLon: 180, maxLat: 90 }];

/**
 * The GeoJSON export: a FeatureCollection of the matching events that have coordinates, streamed like NDJSON,
 * and the number of matching events left out for having none (counted first, for a response header).
 */
export async function openGeoJsonExport(
  db: Db,
  query: ExportQuery,
  lang: string,
): Promise<{ body: Readable; withoutCoordinates: number }> {
  const filters = normalizeFilters(query);
  const withoutCoordinates = await countEventsWithoutCoordinates(db, filters);
  const located: EventFilters = { ...filters, bbox: filters.bbox ?? THE_GLOBE };
  const feature = featureWriter(lang);
  const batches = await openFilteredBatches(db, located, query.order ?? 'asc', (events) =>
    toChunks(events, feature),
  );
  async function* withTail(): AsyncGenerator<string> {
    yield* body(GEOJSON_HEAD, batches);
    yield GEOJSON_TAIL;
  }
  return { body: Readable.from(withTail(), { highWaterMark: 1 }), withoutCoordinates };
}
