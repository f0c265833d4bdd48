import type { Db } from '../../db/schema.ts';

export function listEventTypeRows(db: Db) {
  return db
    .selectFrom('event_types')
    .select(['code', 'label', 'description', 'plover_category'])
    .orderBy('code')
    .execute();
}
