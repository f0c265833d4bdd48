import { type Insertable, type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database, EventParticipantsTable, EventRow, NewEventRow } from '../../../db/schema.ts';
import { type EventFilters, whereEventFilters } from '../event-filters.ts';

type Db = Kysely<Database> | Transaction<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const eventColumns = [
  'events.id',
  'events.slug',
  'events.type',
  'events.status',
  'events.title',
  'events.summary',
  'events.edtf',
  'events.precision',
  'events.start_earliest',
  'events.start_latest',
  'events.end_earliest',
  'events.end_latest',
  'events.approximate',
  'events.uncertain',
  'events.open_end',
  'events.unknown_end',
  'events.location_name',
  'events.location_country',
  'events.location_lat',
  'events.location_lon',
  'events.tags',
  'events.version',
  'events.created_at',
  'events.updated_at',
  'events.deleted_at',
] as const;

export type EventRecord = Omit<EventRow, 'search' | 'extent'>;

export function findEventByIdOrSlug(db: Db, idOrSlug: string, includeDeleted = false) {
  let q = db.selectFrom('events').select(eventColumns);
  q = UUID.test(idOrSlug)
    ? q.where('events.id', '=', idOrSlug.toLowerCase())
    : q.where('events.slug', '=', idOrSlug);
  if (!includeDeleted) q = q.where('events.deleted_at', 'is', null);
  return q.executeTakeFirst();
}

export interface KeysetPage {
  limit: number;
  order: 'asc' | 'desc';
  /** The (start_earliest, id) of the last row of the previous page. */
  after?: [string, string];
}

/**
 * One page of the timeline in (start_earliest, id) order, `limit + 1` rows to know if more follow.
 *
 * Every row passes all the filters; what changes with them is where the rows are read from, so that a page
 * costs an index range, not a walk from 1945:
 * - with a window, the events that start in it come from one index range in timeline order, and the few that
 *   started earlier and reach into it (they all contain the window's first day) from a GiST probe;
 * - with actors, both read the actors' participant rows, which carry their event's type and dates.
 * The parts are disjoint (they split on the start), each is cut at `limit + 1`, and the page is their merge.
 */
export function listEventRows(db: Db, filters: EventFilters, page: KeysetPage): Promise<EventRecord[]> {
  const parts = startParts(filters).map((part) => pagePart(db, filters, page, part));
  const [only, ...more] = parts;
  if (!only) throw new Error('a timeline page has at least one part');
  if (more.length === 0) return only.execute();
  return db
    .selectFrom((eb) => {
      let union = eb.selectFrom(only.as('part0')).selectAll();
      more.forEach((part, i) => {
        union = union.unionAll(eb.selectFrom(part.as(`part${i + 1}`)).selectAll());
      });
      return union.as('parts');
    })
    .selectAll()
    .orderBy('parts.start_earliest', page.order)
    .orderBy('parts.id', page.order)
    .limit(page.limit + 1)
    .execute();
}

/** Where a part of the page reads its events: a range of starts, or those that contain `straddling`. */
type StartPart = { from: string | null; to: string | null } | { straddling: string };

function startParts(f: EventFilters): StartPart[] {
  const inWindow = { from: f.windowStart, to: f.windowEnd };
  // `within` needs the whole event in the window, so it starts there; `overlaps` also takes the events that
  // started before the window and still run on its first day.
  if (f.temporal === 'within' || !f.windowStart) return [inWindow];
  return [inWindow, { straddling: f.windowStart }];
}

function pagePart(db: Db, f: EventFilters, page: KeysetPage, part: StartPart) {
  if (f.actors.length === 0) {
    const q = whereEventFilters(db.selectFrom('events').select(eventColumns), f);
    return partConditions('events', 'id', part, page)
      .reduce((query, condition) => query.where(condition), q)
      .orderBy('events.start_earliest', page.order)
      .orderBy('events.id', page.order)
      .limit(page.limit + 1);
  }
  // Driven by the participant rows of the actors (with `all`, of the first: the filters check the others).
  // An event with several of those rows is read once: distinct on its place in the timeline.
  const drivers = f.actorMatch === 'all' ? f.actors.slice(0, 1) : f.actors;
  let q = db
    .selectFrom('event_participants as p')
    .innerJoin('events', 'events.id', 'p.event_id')
    .distinctOn(['p.start_earliest', 'p.event_id'])
    .select(eventColumns)
    .where('p.live', '=', true)
    .where('p.actor_id', 'in', drivers);
  if (f.roles.length > 0) q = q.where('p.role', 'in', f.roles as Database['event_participants']['role'][]);
  if (f.types.length > 0) q = q.where('p.type', 'in', f.types);
  q = partConditions('p', 'event_id', part, page).reduce((query, condition) => query.where(condition), q);
  // The filters only name `events`, which the join keeps.
  return whereEventFilters(
    q
      .orderBy('p.start_earliest', page.order)
      .orderBy('p.event_id', page.order)
      .limit(page.limit + 1),
    f,
    { drivenByParticipants: true },
  );
}

/** The part's range of starts and the keyset position, on `events` or on participant rows (`p`). */
function partConditions(table: 'events' | 'p', id: 'id' | 'event_id', part: StartPart, page: KeysetPage) {
  const start = sql.ref(`${table}.start_earliest`);
  const conditions: RawBuilder<boolean>[] = [];
  if ('straddling' in part) {
    conditions.push(
      sql<boolean>`${start} < ${part.straddling}::date`,
      sql<boolean>`${sql.ref(`${table}.extent`)} @> ${part.straddling}::date`,
    );
  } else {
    if (part.from) conditions.push(sql<boolean>`${start} >= ${part.from}::date`);
    if (part.to) conditions.push(sql<boolean>`${start} <= ${part.to}::date`);
  }
  if (page.after) {
    const [after, afterId] = page.after;
    const cmp = sql.raw(page.order === 'asc' ? '>' : '<');
    conditions.push(
      sql<boolean>`(${start}, ${sql.ref(`${table}.${id}`)}) ${cmp} (${after}::date, ${afterId}::uuid)`,
    );
  }
  return conditions;
}

export async function countEvents(db: Db, filters: EventFilters): Promise<number> {
  const row = await whereEventFilters(db.selectFrom('events'), filters)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

// The links of a page or an export batch. The ids go as one array parameter, not as an IN list of 500
// parameters, which made these queries take 2 to 2.5 times as long (parsing, binding and planning the list).

export function participantsOf(db: Db, eventIds: string[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('event_participants as p')
    .innerJoin('actors as a', 'a.id', 'p.actor_id')
    .select(['p.event_id', 'p.role', 'a.id', 'a.kind', 'a.name'])
    .where('p.event_id', '=', sql<string>`any(${eventIds}::uuid[])`)
    .orderBy('p.event_id')
    .orderBy(
      sql`array_position(array['forum','host','chair','initiator','speaker','recipient','mediator','party','observer'], p.role)`,
    )
    .orderBy('a.id')
    .execute();
}

export function sourcesOf(db: Db, eventIds: string[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('event_sources')
    .select(['event_id', 'title', 'publisher', 'url', 'published', 'lang', 'quote', 'quoted_actor'])
    .where('event_id', '=', sql<string>`any(${eventIds}::uuid[])`)
    .orderBy('event_id')
    .orderBy('position')
    .execute();
}

export function relationsOf(db: Db, eventIds: string[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('event_relations as r')
    .innerJoin('events as t', (join) => join.onRef('t.id', '=', 'r.target_id').on('t.deleted_at', 'is', null))
    .select(['r.event_id', 'r.kind', 'r.target_id', 't.slug as target_slug'])
    .where('r.event_id', '=', sql<string>`any(${eventIds}::uuid[])`)
    .orderBy('r.event_id')
    .orderBy('r.kind')
    .orderBy('r.target_id')
    .execute();
}

// Writes

export function insertEvent(db: Db, row: NewEventRow) {
  return db.insertInto('events').values(row).returning(eventColumns).executeTakeFirstOrThrow();
}

export function updateEventRow(db: Db, id: string, row: Partial<NewEventRow>, version: number) {
  return db
    .updateTable('events')
    .set({ ...row, version: version + 1, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(eventColumns)
    .executeTakeFirst();
}

export function markEventDeleted(db: Db, id: string, version: number) {
  return db
    .updateTable('events')
    .set({ deleted_at: sql`now()`, version: version + 1, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .returning(eventColumns)
    .executeTakeFirst();
}

export async function replaceEventLinks(
  db: Db,
  eventId: string,
  links: {
    participants: Insertable<EventParticipantsTable>[];
    sources: Omit<Database['event_sources'], 'event_id'>[];
    relations: { kind: Database['event_relations']['kind']; target_id: string }[];
  },
): Promise<void> {
  await db.deleteFrom('event_participants').where('event_id', '=', eventId).execute();
  await db.deleteFrom('event_sources').where('event_id', '=', eventId).execute();
  await db.deleteFrom('event_relations').where('event_id', '=', eventId).execute();
  if (links.participants.length > 0)
    await db.insertInto('event_participants').values(links.participants).execute();
  if (links.sources.length > 0) {
    await db
      .insertInto('event_sources')
      .values(links.sources.map((s) => ({ ...s, event_id: eventId })))
      .execute();
  }
  if (links.relations.length > 0) {
    await db
      .insertInto('event_relations')
      .values(links.relations.map((r) => ({ ...r, event_id: eventId })))
      .execute();
  }
}

/** Rebuilds the full-text document of events from their texts, quotes and actors. */
export async function refreshEventSearch(db: Db, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .updateTable('events')
    .set({ search: sql`event_search_document(id)` })
    .where('id', 'in', eventIds)
    .execute();
}

/** Resolves event references (UUID or slug) to ids; unknown ones are missing from the map. */
export async function resolveEventRefs(db: Db, refs: string[]): Promise<Map<string, string>> {
  const ids = refs.filter((r) => UUID.test(r)).map((r) => r.toLowerCase());
  const slugs = refs.filter((r) => !UUID.test(r));
  if (refs.length === 0) return new Map();
  const rows = await db
    .selectFrom('events')
    .select(['id', 'slug'])
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']),
        eb('slug', 'in', slugs.length ? slugs : ['']),
      ]),
    )
    .execute();
  const map = new Map<string, string>();
  for (const row of rows) {
    map.set(row.id, row.id);
    if (row.slug) map.set(row.slug, row.id);
  }
  return map;
}

export async function existingActorIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('actors')
    .select('id')
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function eventTypeExists(db: Db, code: string): Promise<boolean> {
  const row = await db.selectFrom('event_types').select('code').where('code', '=', code).executeTakeFirst();
  return row !== undefined;
}

// Batched writes (import, upsert by slug)

/** Events by slug, tombstones included: a deleted event keeps its slug. */
export function findEventsBySlugs(db: Db, slugs: string[]) {
  if (slugs.length === 0) return Promise.resolve([]);
  return db.selectFrom('events').select(eventColumns).where('events.slug', 'in', slugs).execute();
}

export async function existingEventTypes(db: Db, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('event_types').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

/** PostgreSQL takes at most 65,535 parameters per statement: multi-row inserts go in slices below that. */
function slices<T>(items: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(30_000 / columns));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function insertEvents(db: Db, rows: NewEventRow[]): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  for (const slice of slices(rows, 24)) {
    out.push(...(await db.insertInto('events').values(slice).returning(eventColumns).execute()));
  }
  return out;
}

/** replaceEventLinks for many events at once: clears the links of `clearIds`, then inserts the given ones. */
export async function replaceLinksOfEvents(
  db: Db,
  clearIds: string[],
  links: {
    participants: Insertable<EventParticipantsTable>[];
    sources: Database['event_sources'][];
    relations: Database['event_relations'][];
  },
): Promise<void> {
  if (clearIds.length > 0) {
    await db.deleteFrom('event_participants').where('event_id', 'in', clearIds).execute();
    await db.deleteFrom('event_sources').where('event_id', 'in', clearIds).execute();
    await db.deleteFrom('event_relations').where('event_id', 'in', clearIds).execute();
  }
  for (const slice of slices(links.participants, 3))
    await db.insertInto('event_participants').values(slice).execute();
  for (const slice of slices(links.sources, 9)) await db.insertInto('event_sources').values(slice).execute();
  for (const slice of slices(links.relations, 3))
    await db.insertInto('event_relations').values(slice).execute();
}
