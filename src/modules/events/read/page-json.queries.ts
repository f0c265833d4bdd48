import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import type { Db } from '../../../db/schema.ts';
import { type LeafMap, StatementShapes } from '../../../db/statement-shapes.ts';
import { inReadSnapshot } from '../../../db/transaction.ts';
import { type EventFilters, mapFilterLeaves } from '../event-filters.ts';
import type { Selection } from './fields.mapper.ts';
import {
  type EventPosition,
  eventColumns,
  type KeysetPage,
  limitLiteral,
  listEventPositionsQuery,
  listEventRowsQuery,
} from './page.queries.ts';

// A timeline page as JSON text written by PostgreSQL, in one statement: the page's rows, their participants
// with the actors' names, sources and relations. Node sends the text instead of parsing ~200 rows of four
// result sets into objects, mapping and serialising them again, which was most of a page's CPU (bench/README.md).
// The text is what `toApiEvents` and the Event schema's serializer write: the same keys in the same order, the
// same omissions; only the language maps (jsonb) keep PostgreSQL's spaces. `date.display` is read from
// date_displays (stored per date by the writes, made by `displayDate`); when a date has none, Node writes it
// from the row's EDTF (`listEventJsonRows`). The statement is built from a `fields=` selection (EVENT_WRITER
// below): members left out are neither read nor written. A full-text page is the exception: two statements in one
// snapshot (`pageTextByPositions`).

/** `null`, or a day as the API writes it: ISO 8601 with astronomical years (`-0043-03-15`, `0000-…` for 1 BC). */
function dayJson(column: string): RawBuilder<string> {
  const d = sql.ref(column);
  return sql<string>`case
    when ${d} = 'infinity'::date or ${d} = '-infinity'::date then 'null'
    when ${d} < '0001-01-01'::date then '"' || case to_char(${d}, 'YYYY')::int
      when 1 then '0000' else '-' || lpad((to_char(${d}, 'YYYY')::int - 1)::text, 4, '0') end
      || to_char(${d}, '-MM-DD') || '"'
    else '"' || to_char(${d}, 'YYYY-MM-DD') || '"' end`;
}

/** An instant as `Date#toISOString` writes it (UTC, milliseconds truncated as the pg driver does). */
function instantJson(column: string): RawBuilder<string> {
  return sql<string>`'"' || to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`;
}

const text = (column: string) => sql<string>`to_json(${sql.ref(column)})::text`;
const nullable = (column: string) => sql<string>`coalesce(to_json(${sql.ref(column)})::text, 'null')`;
/** `,"key":value` when the column is a non-empty string, else nothing (the mapper's `if (s.x)`). */
const optional = (key: string, column: string) =>
  sql<string>`case when ${sql.ref(column)} <> '' then ${sql.lit(`"${key}":`)} || to_json(${sql.ref(column)})::text end`;

const participantsJson = sql<string>`'[' || coalesce((
    select string_agg('{"actor":{"id":' || to_json(a.id)::text || ',"kind":' || to_json(a.kind)::text
        || ',"name":' || a.name::text || '},"role":' || to_json(p.role)::text || '}', ','
      order by array_position(array['forum','host','chair','initiator','speaker','recipient','mediator','party','observer'], p.role), a.id)
    from event_participants p join actors a on a.id = p.actor_id
    where p.event_id = e.id), '') || ']'`;

const sourcesJson = sql<string>`'[' || coalesce((
    select string_agg('{' || concat_ws(',', '"title":' || to_json(s.title)::text,
        ${optional('publisher', 's.publisher')}, ${optional('url', 's.url')},
        ${optional('published', 's.published')}, ${optional('lang', 's.lang')},
        ${optional('quote', 's.quote')}, ${optional('quoted_actor', 's.quoted_actor')}) || '}', ','
      order by s.position)
    from event_sources s where s.event_id = e.id), '') || ']'`;

const relationsJson = sql<string>`'[' || coalesce((
    select string_agg('{"kind":' || to_json(r.kind)::text || ',"event":{"id":' || to_json(r.target_id)::text
        || ',"slug":' || coalesce(to_json(t.slug)::text, 'null') || '}}', ',' order by r.kind, r.target_id)
    from event_relations r join events t on t.id = r.target_id and t.deleted_at is null
    where r.event_id = e.id), '') || ']'`;

/** The location's members, each `"key":value` or null when the event has none (concat_ws skips nulls). */
const LOCATION_MEMBERS: Record<string, RawBuilder<string>> = {
  name: optional('name', 'e.location_name'),
  country: optional('country', 'e.location_country'),
  lat: sql<string>`'"lat":' || to_json(e.location_lat)::text`,
  lon: sql<string>`'"lon":' || to_json(e.location_lon)::text`,
  precision: optional('precision', 'e.location_precision'),
};

/** `null` for an event without a place, else the selected members it has (the mapper's `toApiLocation`). */
function locationJson(selection: Selection | true): RawBuilder<string> {
  const members = Object.keys(LOCATION_MEMBERS)
    .filter((m) => selection === true || m in selection)
    .map((m) => LOCATION_MEMBERS[m] as RawBuilder<string>);
  return sql<string>`case
    when coalesce(e.location_name, '') = '' and coalesce(e.location_country, '') = '' and e.location_lat is null
    then 'null'
    else '{' || concat_ws(',', ${sql.join(members)}) || '}' end`;
}

/** Where the display strings go (date_displays, or Node from the row's EDTF): the writer leaves a gap there. */
const DISPLAY = Symbol('display');

/** How a member is written: an expression, the display gap, an object of members, or its own writer. */
type Writer =
  | RawBuilder<string>
  | typeof DISPLAY
  | { members: Record<string, Writer> }
  | { custom: (selection: Selection | true) => RawBuilder<string> };

const bool = (column: string) => sql<string>`${sql.ref(column)}::text`;

const side = (prefix: 'start' | 'end'): Writer => ({
  members: {
    earliest: dayJson(`e.${prefix}_earliest`),
    latest: dayJson(`e.${prefix}_latest`),
    approximate: bool(`e.${prefix}_approximate`),
    uncertain: bool(`e.${prefix}_uncertain`),
  },
});

/** The Event as PostgreSQL writes it, member by member, in the API's order (fields.mapper.ts EVENT_MEMBERS). */
const EVENT_WRITER: { members: Record<string, Writer> } = {
  members: {
    id: text('e.id'),
    slug: nullable('e.slug'),
    type: text('e.type'),
    status: text('e.status'),
    title: sql<string>`e.title::text`,
    summary: sql<string>`e.summary::text`,
    date: {
      members: {
        edtf: text('e.edtf'),
        precision: text('e.precision'),
        start: side('start'),
        end: side('end'),
        approximate: bool('e.approximate'),
        uncertain: bool('e.uncertain'),
        open_start: bool('e.open_start'),
        unknown_start: bool('e.unknown_start'),
        open_end: bool('e.open_end'),
        unknown_end: bool('e.unknown_end'),
        one_of: bool('e.one_of'),
        display: DISPLAY,
      },
    },
    participants: participantsJson,
    location: { custom: locationJson },
    sources: sourcesJson,
    tags: sql<string>`to_json(e.tags)::text`,
    relations: relationsJson,
    version: sql<string>`e.version::text`,
    created_at: instantJson('e.created_at'),
    updated_at: instantJson('e.updated_at'),
  },
};

type Piece = string | RawBuilder<string> | typeof DISPLAY;

/** The pieces of an object's text: literal text, expressions, and the display gap. */
function objectPieces(writer: { members: Record<string, Writer> }, selection: Selection | true): Piece[] {
  const pieces: Piece[] = ['{'];
  let first = true;
  for (const [name, member] of Object.entries(writer.members)) {
    const chosen = selection === true ? true : selection[name];
    if (chosen === undefined) continue;
    pieces.push(`${first ? '' : ','}"${name}":`);
    first = false;
    if (member === DISPLAY) pieces.push(DISPLAY);
    else if ('members' in member) pieces.push(...objectPieces(member, chosen));
    else if ('custom' in member) pieces.push(member.custom(chosen));
    else pieces.push(member);
  }
  pieces.push('}');
  return pieces;
}

/** Pieces as one SQL text expression, adjacent literal texts merged. */
function concatenated(pieces: (string | RawBuilder<string>)[]): RawBuilder<string> {
  const merged: (string | RawBuilder<string>)[] = [];
  for (const piece of pieces) {
    const last = merged.at(-1);
    if (typeof piece === 'string' && typeof last === 'string') merged[merged.length - 1] = last + piece;
    else merged.push(piece);
  }
  if (merged.length === 0) return sql<string>`''`;
  return sql<string>`${sql.join(
    merged.map((p) => (typeof p === 'string' ? sql.lit(p) : sql`(${p})`)),
    sql` || `,
  )}`;
}

/**
 * An event's JSON text as two SQL expressions around the display gap (`tail` is undefined when the selection
 * leaves `date.display` out, and `head` is then the whole text).
 */
export function eventJsonParts(selection: Selection | undefined): {
  head: RawBuilder<string>;
  tail?: RawBuilder<string>;
} {
  const pieces = objectPieces(EVENT_WRITER, selection ?? true);
  const gap = pieces.indexOf(DISPLAY);
  const text = (ps: Piece[]) => ps.filter((p): p is string | RawBuilder<string> => p !== DISPLAY);
  if (gap < 0) return { head: concatenated(text(pieces)) };
  return { head: concatenated(text(pieces.slice(0, gap))), tail: concatenated(text(pieces.slice(gap + 1))) };
}

export interface EventJsonRow {
  /** The keyset position, for the next page's cursor. */
  start_earliest: string;
  id: string;
  edtf: string;
  /** The event's text up to the display strings (all of it when they are not selected). */
  head: string;
  /** The rest, after the display strings; null when they are not selected. */
  tail: string | null;
}

export interface PageStatementInput {
  filters: EventFilters;
  page: KeysetPage;
  selection: Selection | undefined;
}

/** The page statement's parameters: the filters' days, codes and ids and the cursor's position (the limit is in the text). */
export const pageLeaves: LeafMap<PageStatementInput> = (input, leaf) => ({
  filters: mapFilterLeaves(input.filters, leaf),
  page: {
    ...input.page,
    ...(input.page.after
      ? { after: [leaf(input.page.after[0], 'day'), leaf(input.page.after[1], 'uuid')] }
      : {}),
  },
  selection: input.selection,
});

/** The page statement compiled once per shape (filters present, values per filter, order, cursor, fields). */
export const pageStatements = new StatementShapes(pageLeaves);

/** The page statement as Kysely builds it, every time (the shapes above are made from it). */
export function buildPageStatement(db: Db, { filters, page, selection }: PageStatementInput): CompiledQuery {
  const order = sql.raw(page.order === 'asc' ? 'asc' : 'desc');
  const { head, tail } = eventJsonParts(selection);
  return sql<EventJsonRow>`select e.start_earliest, e.id, e.edtf,
      ${head} as head, ${tail ?? sql`null::text`} as tail
    from (${listEventRowsQuery(db, filters, page)}) as e
    order by e.start_earliest ${order}, e.id ${order}`.compile(db);
}

/** A page as one text written by PostgreSQL: the events of its `data` array and where the page ends. */
export interface PageText {
  /**
   * The page's events as the UTF-8 bytes of the `data` array's members, comma-separated; null for no events.
   * Bytes, not text: decoding 50–70 KB of UTF-8 with non-ASCII display strings into a JavaScript string took
   * Node 20 1–2 ms a page, and sending it encoded it back (PAGE_CHUNK_BYTES, bench/README.md "Pages, fifth
   * session").
   */
  data: Buffer | null;
  /** Rows read: `limit + 1` when another page follows. */
  rows: number;
  /** Events of the page whose date has no stored display strings (date_displays): 0 unless a write missed it. */
  missing: number;
  /** The (start_earliest, id) of the page's last event when another page follows, for the cursor. */
  last_start: string | null;
  last_id: string | null;
}

/**
 * How many bytes of a page each row of the page statement carries, as base64 (64 KiB of text). A JavaScript string
 * of 128 KiB or more is allocated apart from the others and costs milliseconds to make and collect: a 66 KB page
 * decoded into a string took 1.3–2 ms (its non-ASCII characters make every character two bytes), and the same
 * bytes as hex (132 KB) as much. In base64 pieces below that size, decoding a page takes about 0.1 ms.
 */
export const PAGE_CHUNK_BYTES = 49_152;

/**
 * The page statement that writes the whole `data` array, display strings included (stored per date in
 * date_displays by the writes): Node receives its UTF-8 bytes, in base64 pieces of PAGE_CHUNK_BYTES, and sends
 * them. The display strings are read by a correlated lookup (one primary-key probe per event of the page) so
 * that the plan never scans the table.
 */
export function buildPageTextStatement(
  db: Db,
  { filters, page, selection }: PageStatementInput,
): CompiledQuery {
  return pageTextOf(db, sql`${listEventRowsQuery(db, filters, page)}`, page, selection);
}

/** The page statement over `rows`: a page's rows in any order (they are numbered in the page's). */
function pageTextOf(
  db: Db,
  rows: RawBuilder<unknown>,
  page: Pick<KeysetPage, 'order' | 'limit'>,
  selection: Selection | undefined,
): CompiledQuery {
  const order = sql.raw(page.order === 'asc' ? 'asc' : 'desc');
  const { head, tail } = eventJsonParts(selection);
  // A whole event (no selection) is its stored text when it has one (event_pages): the writer below and the
  // date_displays lookup then run only for an event without one.
  const whole = selection === undefined;
  const written = tail === undefined ? head : sql<string>`${head} || e.display || ${tail}`;
  const text = whole ? sql<string>`coalesce(e.stored, ${written})` : written;
  const limit = limitLiteral(page.limit);
  const missing =
    tail === undefined
      ? sql`0`
      : sql`count(*) filter (where ${whole ? sql`e.stored is null and ` : sql``}e.display is null and e.rn <= ${limit})`;
  const lookup = sql`(select d.display from date_displays d where d.edtf = e.edtf)`;
  const display =
    tail === undefined ? sql`null::text` : whole ? sql`case when s.json is null then ${lookup} end` : lookup;
  const chunk = sql.lit(PAGE_CHUNK_BYTES);
  return sql<PageTextRow>`with e as (
      select e.*, ${whole ? sql`s.json` : sql`null::text`} as stored, ${display} as display,
        row_number() over (order by e.start_earliest ${order}, e.id ${order}) as rn
      from (${rows}) as e${whole ? sql` left join event_pages s on s.event_id = e.id` : sql``}),
    p as (
      select convert_to(string_agg(${text}, ',' order by e.rn) filter (where e.rn <= ${limit}), 'UTF8') as data,
        count(*)::int as rows, ${missing}::int as missing,
        max(e.start_earliest::text) filter (where e.rn = ${limit}) as last_start,
        max(e.id::text) filter (where e.rn = ${limit}) as last_id
      from e)
    select encode(substring(p.data from c.at for ${chunk}), 'base64') as chunk,
      p.rows, p.missing, p.last_start, p.last_id
    from p left join lateral generate_series(1, length(p.data), ${chunk}) as c(at) on true
    order by c.at`.compile(db);
}

/** A row of the page statement: one piece of the page's bytes, and the page's numbers (on every row). */
interface PageTextRow extends Omit<PageText, 'data'> {
  /** Base64 (PostgreSQL breaks its lines) of up to PAGE_CHUNK_BYTES bytes of the page; null for no events. */
  chunk: string | null;
}

/** The whole-text page statement compiled once per shape, as the rows' one above. */
export const pageTextStatements = new StatementShapes(pageLeaves);

/** One page as its UTF-8 bytes (see buildPageTextStatement). */
export async function pageText(
  db: Db,
  filters: EventFilters,
  page: KeysetPage,
  selection?: Selection,
): Promise<PageText> {
  if (filters.q !== null)
    return inReadSnapshot(db, (tx, own) => pageTextByPositions(tx, filters, page, selection, own));
  const statement = pageTextStatements.compile({ filters, page, selection }, (input) =>
    buildPageTextStatement(db, input),
  );
  return pageTextFrom(await db.executeQuery<PageTextRow>(statement));
}

/**
 * A full-text page in two statements. A statement with `@@` is planned at every run (how common the words are
 * decides its plan, src/db/prepared.ts), and planning the page statement's JSON writer took 6–8 ms, four times
 * its run (bench/README.md, "Full text, sixth session"). So the statement planned every time finds only the
 * page's positions, and a named statement, planned once, writes the events found there.
 */
async function pageTextByPositions(
  db: Db,
  filters: EventFilters,
  page: KeysetPage,
  selection: Selection | undefined,
  ownSnapshot: boolean,
): Promise<PageText> {
  const positions = await db.executeQuery<EventPosition>(
    positionStatements.compile({ filters, page, selection: undefined }, (input) =>
      listEventPositionsQuery(db, input.filters, input.page).compile(),
    ),
  );
  if (positions.rows.length === 0)
    return { data: null, rows: 0, missing: 0, last_start: null, last_id: null };
  const ids = positions.rows.map((row) => row.id);
  // Its plan is the same for any ids (a primary-key probe each), but PostgreSQL weighs the first plans made for
  // given ids against the generic one, and with pages of few events kept planning it for each (6 ms a time).
  // Only in a transaction of its own: the setting lasts to the end of it.
  if (ownSnapshot) await sql`set local plan_cache_mode = force_generic_plan`.execute(db);
  return pageTextFrom(await db.executeQuery<PageTextRow>(eventsTextStatement(db, page, selection, ids)));
}

/** The positions statement compiled once per shape, as the page statement. */
const positionStatements = new StatementShapes(pageLeaves);

/** The text of the statement writing given events (`$1`, their ids), per order, limit and selection. */
const eventsTextStatements = new Map<string, string>();
const EVENTS_TEXT_SHAPES = 500;

/** The page statement over the events of `ids` (a page's rows, `limit + 1` when more follow). */
function eventsTextStatement(
  db: Db,
  page: Pick<KeysetPage, 'order' | 'limit'>,
  selection: Selection | undefined,
  ids: string[],
): CompiledQuery {
  const key = JSON.stringify([page.order, page.limit, selection ?? null]);
  let text = eventsTextStatements.get(key);
  if (text === undefined) {
    const columns = sql.join(eventColumns.map((column) => sql.ref(column)));
    const rows = sql`select ${columns}
      from unnest(${sql.val([] as string[])}::uuid[]) as k(id) join events on events.id = k.id`;
    const compiled = pageTextOf(db, rows, page, selection);
    if (compiled.parameters.length !== 1) throw new Error('the events statement has one parameter, the ids');
    text = compiled.sql;
    if (eventsTextStatements.size >= EVENTS_TEXT_SHAPES) eventsTextStatements.clear();
    eventsTextStatements.set(key, text);
  }
  return CompiledQuery.raw(text, [ids]);
}

/** The page's bytes and numbers from the page statement's rows. */
function pageTextFrom({ rows }: { rows: PageTextRow[] }): PageText {
  const first = rows[0] as PageTextRow;
  const data =
    first.chunk === null
      ? null
      : rows.length === 1
        ? Buffer.from(first.chunk, 'base64')
        : Buffer.concat(rows.map((row) => Buffer.from(row.chunk as string, 'base64')));
  return {
    data,
    rows: first.rows,
    missing: first.missing,
    last_start: first.last_start,
    last_id: first.last_id,
  };
}

/**
 * The rows of `listEventRows` (`limit + 1`, in page order), each as the JSON text of its API event with the
 * selected members (every member without a selection).
 */
export async function listEventJsonRows(
  db: Db,
  filters: EventFilters,
  page: KeysetPage,
  selection?: Selection,
): Promise<EventJsonRow[]> {
  const statement = pageStatements.compile({ filters, page, selection }, (input) =>
    buildPageStatement(db, input),
  );
  const { rows } = await db.executeQuery<EventJsonRow>(statement);
  return rows;
}
