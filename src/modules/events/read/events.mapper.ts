import type { Static } from 'typebox';
import type { Db } from '../../../db/schema.ts';
import { fromPgDate, toPgDate } from '../../../domain/calendar.ts';
import { displayDate } from '../../../domain/display.ts';
import type { DateBounds } from '../../../domain/edtf.ts';
import type { EventDateSchema, EventSchema } from '../events.schemas.ts';
import { participantsOf, relationsOf, sourcesOf } from './links.queries.ts';
import type { EventRecord } from './page.queries.ts';

export type ApiEvent = Static<typeof EventSchema>;
export type ApiEventDate = Static<typeof EventDateSchema>;

type DateColumns = Pick<
  EventRecord,
  | 'edtf'
  | 'precision'
  | 'start_earliest'
  | 'start_latest'
  | 'end_earliest'
  | 'end_latest'
  | 'approximate'
  | 'uncertain'
  | 'open_end'
  | 'unknown_end'
  | 'start_approximate'
  | 'start_uncertain'
  | 'end_approximate'
  | 'end_uncertain'
  | 'open_start'
  | 'unknown_start'
  | 'one_of'
>;

/** A date column as read: PostgreSQL's `-infinity`/`infinity` are unbounded (null), BC days in ISO form. */
const bound = (day: string): string | null =>
  day === 'infinity' || day === '-infinity' ? null : fromPgDate(day);

export function boundsOfRow(row: DateColumns): DateBounds {
  return {
    edtf: row.edtf,
    precision: row.precision,
    startEarliest: bound(row.start_earliest),
    startLatest: bound(row.start_latest),
    endEarliest: bound(row.end_earliest),
    endLatest: bound(row.end_latest),
    start: { approximate: row.start_approximate, uncertain: row.start_uncertain },
    end: { approximate: row.end_approximate, uncertain: row.end_uncertain },
    approximate: row.approximate,
    uncertain: row.uncertain,
    openStart: row.open_start,
    unknownStart: row.unknown_start,
    openEnd: row.open_end,
    unknownEnd: row.unknown_end,
    oneOf: row.one_of,
  };
}

/**
 * The date columns of a row as written: unbounded days are PostgreSQL's `-infinity` (starts, and the
 * earliest end of a set open at its start) and `infinity`; days before the common era in PostgreSQL's form.
 */
export function dateColumns(b: DateBounds): DateColumns {
  return {
    edtf: b.edtf,
    precision: b.precision,
    start_earliest: b.startEarliest === null ? '-infinity' : toPgDate(b.startEarliest),
    start_latest: b.startLatest === null ? 'infinity' : toPgDate(b.startLatest),
    end_earliest: b.endEarliest === null ? (b.openEnd ? 'infinity' : '-infinity') : toPgDate(b.endEarliest),
    end_latest: b.endLatest === null ? 'infinity' : toPgDate(b.endLatest),
    approximate: b.approximate,
    uncertain: b.uncertain,
    open_end: b.openEnd,
    unknown_end: b.unknownEnd,
    start_approximate: b.start.approximate,
    start_uncertain: b.start.uncertain,
    end_approximate: b.end.approximate,
    end_uncertain: b.end.uncertain,
    open_start: b.openStart,
    unknown_start: b.unknownStart,
    one_of: b.oneOf,
  };
}

export function toApiDate(row: DateColumns): ApiEventDate {
  return apiDateOf(boundsOfRow(row));
}

/** The API form of a date: each side with its bounds and qualifiers, the event-wide flags, display strings. */
export function apiDateOf(b: DateBounds): ApiEventDate {
  return {
    edtf: b.edtf,
    precision: b.precision,
    start: { earliest: b.startEarliest, latest: b.startLatest, ...b.start },
    end: { earliest: b.endEarliest, latest: b.endLatest, ...b.end },
    approximate: b.approximate,
    uncertain: b.uncertain,
    open_start: b.openStart,
    unknown_start: b.unknownStart,
    open_end: b.openEnd,
    unknown_end: b.unknownEnd,
    one_of: b.oneOf,
    display: displayDate(b),
  };
}

const iso = (value: Date | string) =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();

type Participant = Awaited<ReturnType<typeof participantsOf>>[number];
type Source = Awaited<ReturnType<typeof sourcesOf>>[number];
/** A source as stored or as imported: optional members may be missing or null. */
type SourceFields = { title: string } & {
  [K in Exclude<keyof Source, 'title' | 'event_id' | 'position'>]?: Source[K] | null | undefined;
};
type Relation = Awaited<ReturnType<typeof relationsOf>>[number];
type ApiLocation = NonNullable<ApiEvent['location']>;
type ApiSource = ApiEvent['sources'][number];

/** Links by event id, in the order the query gave them. */
function byEvent<T extends { event_id: string }>(items: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.event_id);
    if (list) list.push(item);
    else map.set(item.event_id, [item]);
  }
  return map;
}

// The keys below are set in the order the API has always written them: the JSON must not change.

function toApiLocation(row: EventRecord): ApiLocation | null {
  if (!row.location_name && !row.location_country && row.location_lat === null) return null;
  const location: ApiLocation = {};
  if (row.location_name) location.name = row.location_name;
  if (row.location_country) location.country = row.location_country;
  if (row.location_lat !== null) location.lat = row.location_lat;
  if (row.location_lon !== null) location.lon = row.location_lon;
  if (row.location_precision) location.precision = row.location_precision;
  return location;
}

/** A source as the API shows it: empty members left out. */
export function toApiSource(s: SourceFields): ApiSource {
  const source: ApiSource = { title: s.title };
  if (s.publisher) source.publisher = s.publisher;
  if (s.url) source.url = s.url;
  if (s.published) source.published = s.published;
  if (s.lang) source.lang = s.lang;
  if (s.quote) source.quote = s.quote;
  if (s.quoted_actor) source.quoted_actor = s.quoted_actor;
  return source;
}

const toApiParticipant = (p: Participant) => ({
  actor: { id: p.id, kind: p.kind, name: p.name },
  role: p.role,
});
const toApiRelation = (r: Relation) => ({ kind: r.kind, event: { id: r.target_id, slug: r.target_slug } });

/** The links an answer shows: an export whose `fields=` leaves some out does not read them. */
export interface LinksToRead {
  participants: boolean;
  sources: boolean;
  relations: boolean;
}

const EVERY_LINK: LinksToRead = { participants: true, sources: true, relations: true };

/**
 * Rows → API events, with participants, sources and relations fetched in three batched queries (those not
 * in `links` are not read, and are empty).
 */
export async function toApiEvents(
  db: Db,
  rows: EventRecord[],
  links: LinksToRead = EVERY_LINK,
): Promise<ApiEvent[]> {
  const ids = rows.map((r) => r.id);
  const none = Promise.resolve([]);
  const [participants, sources, relations] = await Promise.all([
    links.participants ? participantsOf(db, ids) : none,
    links.sources ? sourcesOf(db, ids) : none,
    links.relations ? relationsOf(db, ids) : none,
  ]);
  const participantsBy = byEvent(participants);
  const sourcesBy = byEvent(sources);
  const relationsBy = byEvent(relations);

  return rows.map((row) => {
    const event: ApiEvent = {
      id: row.id,
      slug: row.slug,
      type: row.type,
      status: row.status,
      title: row.title,
      summary: row.summary,
      date: toApiDate(row),
      participants: participantsBy.get(row.id)?.map(toApiParticipant) ?? [],
      location: toApiLocation(row),
      sources: sourcesBy.get(row.id)?.map(toApiSource) ?? [],
      tags: row.tags,
      relations: relationsBy.get(row.id)?.map(toApiRelation) ?? [],
      version: row.version,
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
    if (row.deleted_at) event.deleted = true;
    return event;
  });
}
