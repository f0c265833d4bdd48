import type { Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { inWriteTransaction } from '../../db/transaction.ts';
import { Problem } from '../../http/problem.ts';
import { insertRevision } from '../revisions/revisions.queries.ts';
import type { EventTypeSchema } from './event-types.schemas.ts';

export type ApiEventType = Static<typeof EventTypeSchema>;

export interface EventTypeInput {
  code: string;
  label: Record<string, string>;
  description?: Record<string, string>;
  plover_category?: string | null;
}

// The insert lives here rather than in event-types.queries.ts, which belongs to the read side for now;
// move it there when that file is free to change.
function insertEventTypeIfNew(db: Db, input: EventTypeInput) {
  return db
    .insertInto('event_types')
    .values({
      code: input.code,
      label: JSON.stringify(input.label),
      description: JSON.stringify(input.description ?? {}),
      plover_category: input.plover_category ?? null,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning(['code', 'label', 'description', 'plover_category', 'version'])
    .executeTakeFirst();
}

/** Adds a type to the vocabulary with its first revision; an existing code is a 409 (types are never replaced here). */
export async function createEventType(
  db: Db,
  input: EventTypeInput,
  ctx: { apiKeyId: string | null },
): Promise<ApiEventType> {
  return inWriteTransaction(db, async (tx) => {
    const row = await insertEventTypeIfNew(tx, input);
    if (!row) {
      throw new Problem(
        'conflict',
        `code: event type "${input.code}" already exists: see GET /v1/event-types`,
        [{ detail: 'already exists', pointer: '/code', in: 'body' }],
      );
    }
    const eventType: ApiEventType = {
      code: row.code,
      label: row.label,
      description: row.description,
      plover_category: row.plover_category,
    };
    await insertRevision(tx, {
      entity: 'event_type',
      entity_id: row.code,
      version: row.version,
      operation: 'create',
      snapshot: eventType,
      api_key_id: ctx.apiKeyId,
    });
    return eventType;
  });
}
