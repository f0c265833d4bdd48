import type { Db } from '../../../db/schema.ts';
import { inWriteTransaction, onCurrentVersion, type WriteContext } from '../../../db/transaction.ts';
import { applyMergePatch } from '../../../http/content-types.ts';
import { insertRevision } from '../../revisions/revisions.queries.ts';
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
  await insertRevision(tx, {
    entity: 'event',
    entity_id: record.id,
    version: record.version,
    operation,
    snapshot: event,
    api_key_id: ctx.apiKeyId,
  });
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

/** Replaces an event's content; fails with 412 when `expectedVersion` is no longer current. */
export async function replaceEvent(
  db: Db,
  id: string,
  input: EventInput,
  expectedVersion: number,
  ctx: WriteContext,
): Promise<ApiEvent> {
  return inWriteTransaction(db, async (tx) => {
    const prepared = await prepareEvent(tx, input, id);
    await assertSlugFree(tx, prepared.row.slug ?? null, id);
    const record = await slugGuarded(prepared.row.slug, () =>
      updateEventRow(tx, id, prepared.row, expectedVersion),
    );
    if (!record) throw staleVersion(expectedVersion);
    return writeLinksAndRevision(tx, record, prepared, 'update', ctx);
  });
}

/** Soft delete: the row stays as a tombstone and its history stays readable. */
export async function deleteEvent(
  db: Db,
  id: string,
  expectedVersion: number,
  ctx: WriteContext,
): Promise<ApiEvent> {
  return inWriteTransaction(db, async (tx) => {
    const record = await markEventDeleted(tx, id, expectedVersion);
    if (!record) throw staleVersion(expectedVersion);
    const [event] = await toApiEvents(tx, [record]);
    if (!event) throw new Error('deleted event vanished');
    await insertRevision(tx, {
      entity: 'event',
      entity_id: id,
      version: record.version,
      operation: 'delete',
      snapshot: event,
      api_key_id: ctx.apiKeyId,
    });
    return event;
  });
}

/** How a conditional write names the version it expects: from If-Match, or none (`*` or no header). */
export interface WriteCondition {
  expectedVersion?: number;
}

/**
 * Applies a JSON merge patch (RFC 7396) to the event's input representation; `validate` checks the
 * merged document exactly as a POST body is checked, and returns it typed.
 */
export async function patchEvent(
  db: Db,
  idOrSlug: string,
  patch: unknown,
  condition: WriteCondition & { validate: (document: unknown) => EventInput },
  ctx: WriteContext,
): Promise<ApiEvent> {
  return onCurrentVersion(
    () => getEvent(db, idOrSlug),
    condition.expectedVersion,
    staleVersion,
    async (current) => {
      const merged = condition.validate(applyMergePatch(eventToInput(current), patch));
      return replaceEvent(db, current.id, merged, current.version, ctx);
    },
  );
}

/** Soft-deletes an event named by id or slug, honouring If-Match. */
export async function removeEvent(
  db: Db,
  idOrSlug: string,
  condition: WriteCondition,
  ctx: WriteContext,
): Promise<ApiEvent> {
  return onCurrentVersion(
    () => getEvent(db, idOrSlug),
    condition.expectedVersion,
    staleVersion,
    (current) => deleteEvent(db, current.id, current.version, ctx),
  );
}

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
