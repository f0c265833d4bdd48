import type { Insertable } from 'kysely';
import type { Db, RevisionsTable } from '../../db/schema.ts';

export async function insertRevisions(db: Db, revisions: Insertable<RevisionsTable>[]): Promise<void> {
  if (revisions.length === 0) return;
  await db
    .insertInto('revisions')
    .values(revisions.map((r) => ({ ...r, snapshot: JSON.stringify(r.snapshot) })))
    .execute();
}

export function revisionsOf(db: Db, entity: RevisionsTable['entity'], entityId: string) {
  return db
    .selectFrom('revisions')
    .select(['version', 'operation', 'snapshot', 'api_key_id', 'created_at'])
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('version', 'asc')
    .execute();
}
