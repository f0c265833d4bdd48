import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function listEventTypeRows(db: Db) {
  return db
    .selectFrom('event_types')
    .select(['code', 'label', 'description', 'plover_category', 'quad_class'])
    .orderBy('code')
    .execute();
}
