import type { Db } from '../../db/schema.ts';
import type { EventTypeInput } from './event-types.schemas.ts';

export function listEventTypeRows(db: Db) {
  return db
    .selectFrom('event_types')
    .select(['code', 'label', 'description', 'plover_category', 'quad_class'])
    .orderBy('code')
    .execute();
}

/** Inserts a type unless its code exists; returns nothing when it does. */
export function insertEventTypeIfNew(db: Db, input: EventTypeInput) {
  return db
    .insertInto('event_types')
    .values({
      code: input.code,
      label: JSON.stringify(input.label),
      description: JSON.stringify(input.description ?? {}),
      plover_category: input.plover_category ?? null,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning(['code', 'label', 'description', 'plover_category', 'quad_class', 'version'])
    .executeTakeFirst();
}
