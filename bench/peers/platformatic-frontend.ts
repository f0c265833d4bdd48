import type { Get, View } from './load.ts';
import type { PeerTaskId } from './tasks.ts';

// Peer C is Platformatic DB's generated REST over the same tables. A page view is what a frontend would
// request from it and put together: the page's rows, then their links (participants, sources, relations)
// in parallel, then the actors and relation targets those name. This module is that frontend, building the
// API's JSON (without the date display strings, which a frontend would format itself) so that the answers
// can be compared.
//
// What the generated REST cannot say, and how the frontend copes:
// - no range operators: an actor's events in a window are its participant rows with start <= window end and
//   end >= window start (the rows carry their event's dates), which the index reads from the actor's first
//   event of the type on;
// - no `is null` filter (`where.deletedAt.eq=null` fails): deleted events cannot be left out by the server.
//   The bench data set has none; the frontend drops deleted relation targets itself.

interface EventRow {
  id: string;
  slug: string | null;
  type: string;
  status: string;
  title: Record<string, string>;
  summary: Record<string, string>;
  edtf: string;
  precision: string;
  startEarliest: string;
  startLatest: string;
  endEarliest: string;
  endLatest: string;
  approximate: boolean;
  uncertain: boolean;
  openEnd: boolean;
  unknownEnd: boolean;
  startApproximate: boolean;
  startUncertain: boolean;
  endApproximate: boolean;
  endUncertain: boolean;
  openStart: boolean;
  unknownStart: boolean;
  oneOf: boolean;
  locationPrecision: string | null;
  locationName: string | null;
  locationCountry: string | null;
  locationLat: number | null;
  locationLon: number | null;
  tags: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}
interface ParticipantRow {
  eventId: string;
  actorId: string;
  role: string;
  startEarliest: string;
}
interface ActorRow {
  id: string;
  kind: string;
  name: Record<string, string>;
}
interface SourceRow {
  eventId: string;
  position: number;
  title: string;
  publisher: string | null;
  url: string | null;
  published: string | null;
  lang: string | null;
  quote: string | null;
  quotedActor: string | null;
}
interface RelationRow {
  eventId: string;
  kind: string;
  targetId: string;
}

const EVENT_FIELDS = [
  'id',
  'slug',
  'type',
  'status',
  'title',
  'summary',
  'edtf',
  'precision',
  'startEarliest',
  'startLatest',
  'endEarliest',
  'endLatest',
  'approximate',
  'uncertain',
  'openEnd',
  'unknownEnd',
  'startApproximate',
  'startUncertain',
  'endApproximate',
  'endUncertain',
  'openStart',
  'unknownStart',
  'oneOf',
  'locationPrecision',
  'locationName',
  'locationCountry',
  'locationLat',
  'locationLon',
  'tags',
  'version',
  'createdAt',
  'updatedAt',
];
const ROLE_ORDER = [
  'forum',
  'host',
  'chair',
  'initiator',
  'speaker',
  'recipient',
  'mediator',
  'party',
  'observer',
];

async function json<T>(get: Get, path: string): Promise<T> {
  return JSON.parse((await get(path)).toString('utf8')) as T;
}

// Platformatic reads `in` lists split on literal commas, and `fields` as a repeated parameter.
const query = (params: Record<string, string | number | string[]>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) =>
      Array.isArray(v) ? v.map((item) => [k, item]) : [[k, String(v)]],
    ),
  )
    .toString()
    .replace(/%2C/g, ',');

/** Platformatic hands dates out as midnight UTC instants (the server runs in UTC), and ±∞ as "±Infinity". */
const day = (value: string): string | null => (/Infinity$/.test(value) ? null : value.slice(0, 10));
const dayOf = (value: string): string => value.slice(0, 10);

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** The events of `ids`, in that order, with their links: waves 2 and 3 of a page view. */
async function eventsWithLinks(get: Get, ids: string[]): Promise<unknown[]> {
  if (ids.length === 0) return [];
  const inIds = ids.join(',');
  const [events, participants, sources, relations] = await Promise.all([
    json<EventRow[]>(
      get,
      `/events/?${query({ 'where.id.in': inIds, fields: EVENT_FIELDS, limit: ids.length })}`,
    ),
    json<ParticipantRow[]>(
      get,
      `/eventParticipants/?${query({ 'where.eventId.in': inIds, fields: ['eventId', 'actorId', 'role'], limit: 100_000 })}`,
    ),
    json<SourceRow[]>(
      get,
      `/eventSources/?${query({ 'where.eventId.in': inIds, 'orderby.position': 'asc', limit: 100_000 })}`,
    ),
    json<RelationRow[]>(
      get,
      `/eventRelations/?${query({ 'where.eventId.in': inIds, 'orderby.kind': 'asc', 'orderby.targetId': 'asc', limit: 100_000 })}`,
    ),
  ]);
  const actorIds = [...new Set(participants.map((p) => p.actorId))];
  const targetIds = [...new Set(relations.map((r) => r.targetId))];
  const [actors, targets] = await Promise.all([
    actorIds.length === 0
      ? Promise.resolve([])
      : json<ActorRow[]>(
          get,
          `/actors/?${query({ 'where.id.in': actorIds.join(','), fields: ['id', 'kind', 'name'], limit: actorIds.length })}`,
        ),
    targetIds.length === 0
      ? Promise.resolve([])
      : json<{ id: string; slug: string | null; deletedAt: string | null }[]>(
          get,
          `/events/?${query({ 'where.id.in': targetIds.join(','), fields: ['id', 'slug', 'deletedAt'], limit: targetIds.length })}`,
        ),
  ]);
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const liveTargets = new Map(targets.filter((t) => t.deletedAt === null).map((t) => [t.id, t]));
  const eventById = new Map(events.map((e) => [e.id, e]));
  const participantsBy = groupBy(participants, (p) => p.eventId);
  const sourcesBy = groupBy(sources, (s) => s.eventId);
  const relationsBy = groupBy(relations, (r) => r.eventId);
  return ids.map((id) => {
    const e = eventById.get(id);
    if (!e) throw new Error(`Platformatic did not return event ${id}`);
    return {
      id: e.id,
      slug: e.slug,
      type: e.type,
      status: e.status,
      title: e.title,
      summary: e.summary,
      date: {
        edtf: e.edtf,
        precision: e.precision,
        start: {
          earliest: day(e.startEarliest),
          latest: day(e.startLatest),
          approximate: e.startApproximate,
          uncertain: e.startUncertain,
        },
        end: {
          earliest: day(e.endEarliest),
          latest: day(e.endLatest),
          approximate: e.endApproximate,
          uncertain: e.endUncertain,
        },
        approximate: e.approximate,
        uncertain: e.uncertain,
        open_start: e.openStart,
        unknown_start: e.unknownStart,
        open_end: e.openEnd,
        unknown_end: e.unknownEnd,
        one_of: e.oneOf,
      },
      participants: (participantsBy.get(id) ?? [])
        .sort(
          (a, b) =>
            ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
            (a.actorId < b.actorId ? -1 : a.actorId > b.actorId ? 1 : 0),
        )
        .map((p) => {
          const actor = actorById.get(p.actorId);
          return { actor: { id: p.actorId, kind: actor?.kind, name: actor?.name }, role: p.role };
        }),
      location: location(e),
      sources: (sourcesBy.get(id) ?? []).map(source),
      tags: e.tags,
      relations: (relationsBy.get(id) ?? [])
        .filter((r) => liveTargets.has(r.targetId))
        .map((r) => ({
          kind: r.kind,
          event: { id: r.targetId, slug: liveTargets.get(r.targetId)?.slug ?? null },
        })),
      version: e.version,
      created_at: new Date(e.createdAt).toISOString(),
      updated_at: new Date(e.updatedAt).toISOString(),
    };
  });
}

function location(e: EventRow) {
  if (!e.locationName && !e.locationCountry && e.locationLat === null) return null;
  const out: Record<string, string | number> = {};
  if (e.locationName) out.name = e.locationName;
  if (e.locationCountry) out.country = e.locationCountry;
  if (e.locationLat !== null) out.lat = e.locationLat;
  if (e.locationLon !== null) out.lon = e.locationLon;
  if (e.locationPrecision) out.precision = e.locationPrecision;
  return out;
}

function source(s: SourceRow) {
  const out: Record<string, string> = { title: s.title };
  if (s.publisher) out.publisher = s.publisher;
  if (s.url) out.url = s.url;
  if (s.published) out.published = s.published;
  if (s.lang) out.lang = s.lang;
  if (s.quote) out.quote = s.quote;
  if (s.quotedActor) out.quoted_actor = s.quotedActor;
  return out;
}

/** A page of (eventId, start) rows, limit + 1 of them: the page and whether another follows. */
async function page(get: Get, rows: { id: string }[], limit: number) {
  const shown = rows.slice(0, limit);
  return {
    data: await eventsWithLinks(
      get,
      shown.map((r) => r.id),
    ),
    next_cursor: rows.length > limit ? '(more)' : null,
  };
}

function paramsOf(path: string): URLSearchParams {
  return new URL(path, 'http://x').searchParams;
}

/** An actor's events of one type overlapping a window, in timeline order (the API's `actor&type&from&to`). */
function actorTimeline(path: string): View {
  const p = paramsOf(path);
  const limit = Number(p.get('limit') ?? 50);
  const from = `${p.get('from')}-01-01`;
  const to = `${p.get('to')}-12-31`;
  const rowsPath = `/eventParticipants/?${query({
    'where.actorId.eq': p.get('actor') ?? '',
    'where.type.eq': p.get('type') ?? '',
    'where.live.eq': 'true',
    'where.startEarliest.lte': to,
    'where.endLatest.gte': from,
    'orderby.startEarliest': 'asc',
    'orderby.eventId': 'asc',
    fields: ['eventId', 'startEarliest'],
    limit: limit + 1,
  })}`;
  return async (get) => {
    const rows = await json<ParticipantRow[]>(get, rowsPath);
    // An actor with two roles in one event has two rows: the event is listed once.
    const ids = [...new Set(rows.map((r) => r.eventId))];
    return page(
      get,
      ids.map((id) => ({ id })),
      limit,
    );
  };
}

/** The whole timeline from its start. */
function firstPage(path: string): View {
  const limit = Number(paramsOf(path).get('limit') ?? 50);
  const rowsPath = `/events/?${query({ 'orderby.startEarliest': 'asc', 'orderby.id': 'asc', fields: ['id'], limit: limit + 1 })}`;
  return async (get) => page(get, await json<{ id: string }[]>(get, rowsPath), limit);
}

/**
 * Events per year over everything: the frontend fetches every event's dates in one request and counts them
 * the API's way (`count`: the event's extent overlaps the year; `certain`: it lies inside it).
 */
function histogram(): View {
  // What happened (`held`), as the API counts by default.
  const rowsPath = `/events/?${query({ fields: ['startEarliest', 'startLatest', 'endLatest'], 'where.status.eq': 'held', limit: 2_000_000 })}`;
  return async (get) => {
    const rows = await json<{ startEarliest: string; startLatest: string; endLatest: string }[]>(
      get,
      rowsPath,
    );
    const statuses = ['held'];
    if (rows.length === 0)
      return { data: [], next_cursor: null, bucket: 'year', from: null, to: null, statuses };
    let first = '9999-12-31';
    let last = '0000-01-01';
    for (const r of rows) {
      const start = dayOf(r.startEarliest);
      const end = r.endLatest === 'Infinity' ? dayOf(r.startLatest) : dayOf(r.endLatest);
      if (start < first) first = start;
      if (end > last) last = end;
    }
    if (last < first) last = first;
    const y0 = Number(first.slice(0, 4));
    const years = Number(last.slice(0, 4)) - y0 + 1;
    const delta = new Array<number>(years + 1).fill(0);
    const certain = new Array<number>(years).fill(0);
    for (const r of rows) {
      const sb = Number(r.startEarliest.slice(0, 4)) - y0;
      if (r.endLatest === 'Infinity') {
        delta[Math.max(sb, 0)]! += 1;
        continue;
      }
      const eb = Number(r.endLatest.slice(0, 4)) - y0;
      delta[Math.max(sb, 0)]! += 1;
      if (eb + 1 < years) delta[Math.max(eb + 1, 0)]! -= 1;
      if (sb === eb) certain[sb]! += 1;
    }
    let running = 0;
    const data = certain.map((c, i) => {
      running += delta[i]!;
      const year = String(y0 + i).padStart(4, '0');
      return { bucket: year, start: `${year}-01-01`, end: `${year}-12-31`, count: running, certain: c };
    });
    return { data, next_cursor: null, bucket: 'year', from: first, to: last, statuses };
  };
}

/** The page view of an API path for the frontend over Platformatic, or null when it cannot do the task. */
export function platformaticView(task: PeerTaskId, path: string): View | null {
  switch (task) {
    case 'timeline':
      return actorTimeline(path);
    case 'first-page':
      return firstPage(path);
    case 'histogram':
      return histogram();
    default:
      return null;
  }
}
