import type { Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { findEventByIdOrSlug } from '../events/events.service.ts';
import { revisionsOf } from './revisions.queries.ts';
import type { RevisionSchema } from './revisions.schemas.ts';

// The other modules' commands record every write with these, in the write's transaction.
export { insertRevision, insertRevisions } from './revisions.queries.ts';

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
