import type { Db } from '../../db/schema.ts';
import { inWriteTransaction, type WriteContext } from '../../db/transaction.ts';
import { Problem } from '../../http/problem.ts';
import { recordRevision } from '../revisions/revisions.service.ts';
import { insertEventTypeIfNew } from './event-types.queries.ts';
import type { ApiEventType, EventTypeInput } from './event-types.schemas.ts';

/** Adds a type to the vocabulary with its first revision; an existing code is a 409 (types are never replaced here). */
export async function createEventType(
  db: Db,
  input: EventTypeInput,
  ctx: WriteContext,
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
      quad_class: row.quad_class,
    };
    await recordRevision(tx, 'event_type', 'create', { id: row.code, version: row.version }, eventType, ctx);
    return eventType;
  });
}
