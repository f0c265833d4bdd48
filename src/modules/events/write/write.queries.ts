import { CompiledQuery, type Insertable, sql } from 'kysely';
import type { Database, Db, EventParticipantsTable, NewEventRow } from '../../../db/schema.ts';
import { type EventRecord, eventColumns, isUuid } from '../read/page.queries.ts';
import { type RunQuery, storeDateDisplays } from './date-displays.ts';

/** Statements of date-displays.ts on this connection or transaction. */
const runOn =
  (db: Db): RunQuery =>
  (text, values) =>
    db.executeQuery(CompiledQuery.raw(text, values));

export async function insertEvent(db: Db, row: NewEventRow) {
  await storeDateDisplays(runOn(db), [row.edtf]);
  return db.insertInto('events').values(row).returning(eventColumns).executeTakeFirstOrThrow();
}

export async function updateEventRow(db: Db, id: string, row: Partial<NewEventRow>, version: number) {
  if (row.edtf !== undefined) await storeDateDisplays(runOn(db), [row.edtf]);
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
  const ids = refs.filter((r) => isUuid(r)).map((r) => r.toLowerCase());
  const slugs = refs.filter((r) => !isUuid(r));
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
  await storeDateDisplays(
    runOn(db),
    rows.map((r) => r.edtf),
  );
  const out: EventRecord[] = [];
  for (const slice of slices(rows, 24)) {
    out.push(...(await db.insertInto('events').values(slice).returning(eventColumns).execute()));
  }
  return out;
}

/** The links of events: their participants, sources and relations, each naming its event. */
export interface EventLinks {
  participants: Insertable<EventParticipantsTable>[];
  sources: Database['event_sources'][];
  relations: Database['event_relations'][];
}

/** Replaces the links of events: clears those of `clearIds` (the events being rewritten), then inserts `links`. */
export async function replaceEventLinks(db: Db, clearIds: string[], links: EventLinks): Promise<void> {
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
