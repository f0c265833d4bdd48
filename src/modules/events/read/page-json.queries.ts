import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../../db/schema.ts';
import type { EventFilters } from '../event-filters.ts';
import { type KeysetPage, listEventRowsQuery } from './page.queries.ts';

// A timeline page as JSON text written by PostgreSQL, in one statement: the page's rows, their participants
// with the actors' names, sources and relations. Node then joins the texts instead of parsing ~200 rows of four
// result sets into objects, mapping and serialising them again, which was most of a page's CPU (bench/README.md).
// The text is what `toApiEvents` and the Event schema's serializer write: the same keys in the same order, the
// same omissions; only the language maps (jsonb) keep PostgreSQL's spaces. Only `date.display` is left to Node
// (`displayDate`, the one definition of the display strings), from the row's EDTF.

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

const headJson = sql<string>`'{"id":' || ${text('e.id')} || ',"slug":' || ${nullable('e.slug')}
  || ',"type":' || ${text('e.type')} || ',"status":' || ${text('e.status')}
  || ',"title":' || e.title::text || ',"summary":' || e.summary::text || ',"date":'`;

/** The date object up to `one_of`, without its closing brace: Node adds `display`. */
const dateJson = sql<string>`'{"edtf":' || ${text('e.edtf')} || ',"precision":' || ${text('e.precision')}
  || ',"start":{"earliest":' || ${dayJson('e.start_earliest')} || ',"latest":' || ${dayJson('e.start_latest')}
  || ',"approximate":' || e.start_approximate::text || ',"uncertain":' || e.start_uncertain::text
  || '},"end":{"earliest":' || ${dayJson('e.end_earliest')} || ',"latest":' || ${dayJson('e.end_latest')}
  || ',"approximate":' || e.end_approximate::text || ',"uncertain":' || e.end_uncertain::text
  || '},"approximate":' || e.approximate::text || ',"uncertain":' || e.uncertain::text
  || ',"open_start":' || e.open_start::text || ',"unknown_start":' || e.unknown_start::text
  || ',"open_end":' || e.open_end::text || ',"unknown_end":' || e.unknown_end::text
  || ',"one_of":' || e.one_of::text`;

// The links in the order of links.queries.ts.
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

const locationJson = sql<string>`case
    when coalesce(e.location_name, '') = '' and coalesce(e.location_country, '') = '' and e.location_lat is null
    then 'null'
    else '{' || concat_ws(',', ${optional('name', 'e.location_name')}, ${optional('country', 'e.location_country')},
      '"lat":' || to_json(e.location_lat)::text, '"lon":' || to_json(e.location_lon)::text,
      ${optional('precision', 'e.location_precision')}) || '}' end`;

const tailJson = sql<string>`',"participants":' || ${participantsJson} || ',"location":' || ${locationJson}
  || ',"sources":' || ${sourcesJson} || ',"tags":' || to_json(e.tags)::text
  || ',"relations":' || ${relationsJson} || ',"version":' || e.version::text
  || ',"created_at":' || ${instantJson('e.created_at')} || ',"updated_at":' || ${instantJson('e.updated_at')}
  || '}'`;

export interface EventJsonRow {
  /** The keyset position, for the next page's cursor. */
  start_earliest: string;
  id: string;
  edtf: string;
  /** `{"id":…,"summary":…,"date":` */
  head: string;
  /** The date object without `display` and its closing brace. */
  date: string;
  /** `,"participants":…}` */
  tail: string;
}

/** The rows of `listEventRows` (`limit + 1`, in page order), each as the JSON text of its API event. */
export async function listEventJsonRows(
  db: Db,
  filters: EventFilters,
  page: KeysetPage,
): Promise<EventJsonRow[]> {
  const order = sql.raw(page.order === 'asc' ? 'asc' : 'desc');
  const { rows } = await sql<EventJsonRow>`select e.start_earliest, e.id, e.edtf,
      ${headJson} as head, ${dateJson} as date, ${tailJson} as tail
    from (${listEventRowsQuery(db, filters, page)}) as e
    order by e.start_earliest ${order}, e.id ${order}`.execute(db);
  return rows;
}
