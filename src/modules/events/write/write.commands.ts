import type { Db } from '../../../db/schema.ts';
import {
  inWriteTransaction,
  onCurrentVersion,
  type ResourceVersion,
  type Versioned,
  type WriteContext,
} from '../../../db/transaction.ts';
import { applyMergePatch } from '../../../http/content-types.ts';
import type { PatchCommand, RemoveCommand } from '../../../http/write-route.ts';
import { recordRevision } from '../../revisions/revisions.service.ts';
import { type ApiEvent, toApiEvents } from '../read/events.mapper.ts';
import type { EventRecord } from '../read/page.queries.ts';
import { getEvent } from '../read/read.service.ts';
import {
  type EventInput,
  eventToInput,
  linksOf,
  type PreparedEvent,
  prepareEvent,
} from './prepare.service.ts';
import {
  BatchRowError,
  type SlugInput,
  slugGuarded,
  slugTaken,
  staleVersion,
  type UpsertOutcome,
  upsertEventsBySlug,
} from './upsert.commands.ts';
import {
  insertEvent,
  markEventDeleted,
  refreshEventSearch,
  replaceEventLinks,
  updateEventRow,
} from './write.queries.ts';

async function writeLinksAndRevision(
  tx: Db,
  record: EventRecord,
  prepared: PreparedEvent,
  operation: 'create' | 'update',
  ctx: WriteContext,
): Promise<ApiEvent> {
  await replaceEventLinks(tx, [record.id], linksOf([{ id: record.id, links: prepared.links }]));
  await refreshEventSearch(tx, [record.id]);
  const [event] = await toApiEvents(tx, [record]);
  if (!event) throw new Error('written event vanished');
  await recordRevision(tx, 'event', operation, record, event, ctx);
  return event;
}

/** Creates an event and its first revision, in one transaction (the caller's, when given one). */
export async function createEvent(db: Db, input: EventInput, ctx: WriteContext): Promise<ApiEvent> {
  return inWriteTransaction(db, async (tx) => {
    const prepared = await prepareEvent(tx, input);
    await assertSlugFree(tx, prepared.row.slug ?? null);
    const record = await slugGuarded(prepared.row.slug, () => insertEvent(tx, prepared.row));
    return writeLinksAndRevision(tx, record, prepared, 'create', ctx);
  });
}

/** Replaces an event's content; fails with 412 when `current` is no longer its version. */
export async function replaceEvent(
  db: Db,
  current: ResourceVersion,
  input: EventInput,
  ctx: WriteContext,
): Promise<ApiEvent> {
  return inWriteTransaction(db, async (tx) => {
    const prepared = await prepareEvent(tx, input, current.id);
    await assertSlugFree(tx, prepared.row.slug ?? null, current.id);
    const record = await slugGuarded(prepared.row.slug, () =>
      updateEventRow(tx, current.id, prepared.row, current.version),
    );
    if (!record) throw staleVersion(current.version);
    return writeLinksAndRevision(tx, record, prepared, 'update', ctx);
  });
}

/** Soft delete: the row stays as a tombstone and its history stays readable. */
export async function deleteEvent(db: Db, current: ResourceVersion, ctx: WriteContext): Promise<ApiEvent> {
  return inWriteTransaction(db, async (tx) => {
    const record = await markEventDeleted(tx, current.id, current.version);
    if (!record) throw staleVersion(current.version);
    const [event] = await toApiEvents(tx, [record]);
    if (!event) throw new Error('deleted event vanished');
    await recordRevision(tx, 'event', 'delete', record, event, ctx);
    return event;
  });
}

/** An event named by id or slug, as a conditional write finds it. */
const eventNamed = (db: Db, idOrSlug: string): Versioned<ApiEvent> => ({
  load: () => getEvent(db, idOrSlug),
  stale: staleVersion,
});

/** Applies a JSON merge patch (RFC 7396) to the event's input representation, honouring If-Match. */
export const patchEvent: PatchCommand<EventInput, ApiEvent> = (db, idOrSlug, patch, condition, ctx) =>
  onCurrentVersion(eventNamed(db, idOrSlug), condition, (current) =>
    replaceEvent(db, current, condition.validate(applyMergePatch(eventToInput(current), patch)), ctx),
  );

/** Soft-deletes an event named by id or slug, honouring If-Match. */
export const removeEvent: RemoveCommand = (db, idOrSlug, condition, ctx) =>
  onCurrentVersion(eventNamed(db, idOrSlug), condition, (current) => deleteEvent(db, current, ctx));

async function assertSlugFree(db: Db, slug: string | null, selfId?: string): Promise<void> {
  if (!slug) return;
  let q = db.selectFrom('events').select('id').where('slug', '=', slug);
  if (selfId) q = q.where('id', '<>', selfId);
  if (await q.executeTakeFirst()) throw slugTaken(slug);
}

/** Creates the event with this slug, or replaces it when its content differs: re-running an import changes nothing. */
export async function upsertEventBySlug(
  db: Db,
  input: SlugInput,
  ctx: WriteContext,
): Promise<{ event: ApiEvent; outcome: UpsertOutcome }> {
  try {
    const [result] = await inWriteTransaction(db, (tx) => upsertEventsBySlug(tx, [input], ctx));
    if (!result) throw new Error('upsert returned nothing');
    return result;
  } catch (error) {
    throw error instanceof BatchRowError ? error.problem : error;
  }
}
