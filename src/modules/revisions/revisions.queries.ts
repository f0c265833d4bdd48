import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, RevisionsTable } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function insertRevision(db: Db, revision: Insertable<RevisionsTable>) {
  return db
    .insertInto('revisions')
    .values({ ...revision, snapshot: JSON.stringify(revision.snapshot) })
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
