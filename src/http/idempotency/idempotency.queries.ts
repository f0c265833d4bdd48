import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';

export interface IdempotencyKeyRef {
  apiKeyId: string;
  key: string;
}

/**
 * Claims a key atomically in one statement: inserts a 'running' record, or takes over one that has
 * expired or whose request died while running (`abandonedAfterSeconds`). Returns whether this caller
 * holds the claim; when another request holds the key, nothing changes.
 */
export async function claimIdempotencyKey(
  db: Db,
  ref: IdempotencyKeyRef & { requestHash: string; ttlHours: number; abandonedAfterSeconds: number },
): Promise<boolean> {
  const expiresAt = sql<Date>`now() + make_interval(hours => ${ref.ttlHours})`;
  const row = await db
    .insertInto('idempotency_records')
    .values({
      api_key_id: ref.apiKeyId,
      key: ref.key,
      request_hash: ref.requestHash,
      state: 'running',
      expires_at: expiresAt,
    })
    .onConflict((oc) =>
      oc
        .columns(['api_key_id', 'key'])
        .doUpdateSet({
          request_hash: ref.requestHash,
          state: 'running',
          response_status: null,
          response_body: null,
          response_headers: null,
          created_at: sql`now()`,
          expires_at: expiresAt,
        })
        .where((eb) =>
          eb.or([
            eb('idempotency_records.expires_at', '<=', sql<Date>`now()`),
            eb.and([
              eb('idempotency_records.state', '=', 'running'),
              eb(
                'idempotency_records.created_at',
                '<',
                sql<Date>`now() - make_interval(secs => ${ref.abandonedAfterSeconds})`,
              ),
            ]),
          ]),
        ),
    )
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export function findIdempotencyRecord(db: Db, ref: IdempotencyKeyRef) {
  return db
    .selectFrom('idempotency_records')
    .select(['request_hash', 'state', 'response_status', 'response_body', 'response_headers'])
    .where('api_key_id', '=', ref.apiKeyId)
    .where('key', '=', ref.key)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Stores the response of the claimed request; returns the body as stored (what replays will send). */
export async function completeIdempotencyRecord(
  db: Db,
  ref: IdempotencyKeyRef,
  response: { status: number; body: unknown; headers: Record<string, string> },
): Promise<unknown> {
  const row = await db
    .updateTable('idempotency_records')
    .set({
      state: 'done',
      response_status: response.status,
      response_body: JSON.stringify(response.body),
      response_headers: JSON.stringify(response.headers),
    })
    .where('api_key_id', '=', ref.apiKeyId)
    .where('key', '=', ref.key)
    .where('state', '=', 'running')
    .returning('response_body')
    .executeTakeFirst();
  if (!row) throw new Error('the idempotency claim was lost while its request ran');
  return row.response_body;
}

export async function releaseIdempotencyClaim(db: Db, ref: IdempotencyKeyRef): Promise<void> {
  await db
    .deleteFrom('idempotency_records')
    .where('api_key_id', '=', ref.apiKeyId)
    .where('key', '=', ref.key)
    .where('state', '=', 'running')
    .execute();
}

/** Deletes up to `limit` expired records (on the expiry index), so the table does not grow without end. */
export async function deleteExpiredIdempotencyRecords(db: Db, limit: number): Promise<void> {
  await db
    .deleteFrom('idempotency_records')
    .where(
      sql<boolean>`(api_key_id, key) in (
        select api_key_id, key from idempotency_records where expires_at <= now() limit ${limit}
      )`,
    )
    .execute();
}
