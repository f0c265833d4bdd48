import type { Static } from 'typebox';
import type { Db, RevisionsTable } from '../../db/schema.ts';
import type { ResourceVersion, WriteContext } from '../../db/transaction.ts';
import { Problem } from '../../http/problem.ts';
import { findEventByIdOrSlug } from '../events/events.service.ts';
import { insertRevisions, revisionsOf } from './revisions.queries.ts';
import type { RevisionSchema } from './revisions.schemas.ts';

export { insertRevisions } from './revisions.queries.ts';

export type ApiRevision = Static<typeof RevisionSchema>;

/** Who reads a history: deleted events' histories need `write`; the key behind each write shows to `admin`. */
export interface RevisionReader {
  /** Throws (401/403) unless the reader may see deleted content. */
  requireWriteScope: () => Promise<void>;
  showsApiKeys: boolean;
}

/** Every revision of an event, oldest first; a deleted event's history only to keys with `write` scope. */
export async function listEventRevisions(
  db: Db,
  idOrSlug: string,
  reader: RevisionReader,
): Promise<ApiRevision[]> {
  const event = await findEventByIdOrSlug(db, idOrSlug, true);
  if (!event) throw new Problem('notFound', `No event "${idOrSlug}", deleted or not`);
  if (event.deleted_at !== null) await reader.requireWriteScope();
  const rows = await revisionsOf(db, 'event', event.id);
  return rows.map((r) => ({
    version: r.version,
    operation: r.operation,
    created_at: new Date(r.created_at).toISOString(),
    api_key_id: reader.showsApiKeys ? r.api_key_id : null,
    snapshot: r.snapshot as Record<string, unknown>,
  }));
}

/**
 * Records a write in the history, in the write's own transaction: `written` is the resource at the version the
 * write produced, `snapshot` its representation right after the write.
 */
export function recordRevision(
  db: Db,
  entity: RevisionsTable['entity'],
  operation: RevisionsTable['operation'],
  written: ResourceVersion,
  snapshot: unknown,
  ctx: WriteContext,
): Promise<void> {
  const { id: entity_id, version } = written;
  return insertRevisions(db, [{ entity, entity_id, version, operation, snapshot, api_key_id: ctx.apiKeyId }]);
}
