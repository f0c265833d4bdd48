import type { Static } from 'typebox';
import type { Db, RevisionsTable } from '../../db/schema.ts';
import type { ResourceVersion, WriteContext } from '../../db/transaction.ts';
import { Problem } from '../../http/problem.ts';
import { findEventByIdOrSlug } from '../events/events.service.ts';
import { insertRevisions, revisionsOf } from './revisions.queries.ts';
import type { RevisionSchema } from './revisions.schemas.ts';

export { insertRevisions } from './revisions.queries.ts';

export type ApiRevision = Static<typeof RevisionSchema>;

/** Every revision of an event, oldest first; deleted events keep their history readable. */
export async function listEventRevisions(db: Db, idOrSlug: string): Promise<ApiRevision[]> {
  const event = await findEventByIdOrSlug(db, idOrSlug, true);
  if (!event) throw new Problem('notFound', `No event "${idOrSlug}", deleted or not`);
  const rows = await revisionsOf(db, 'event', event.id);
  return rows.map((r) => ({
    version: r.version,
    operation: r.operation,
    created_at: new Date(r.created_at).toISOString(),
    api_key_id: r.api_key_id,
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
