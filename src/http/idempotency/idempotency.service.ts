import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/schema.ts';
import { Problem } from '../problem.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyRecord,
  deleteExpiredIdempotencyRecords,
  findIdempotencyRecord,
  type IdempotencyKeyRef,
  releaseIdempotencyClaim,
} from './idempotency.queries.ts';

/** What a write answered, kept so that a retry with the same key gets the very same answer. */
export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface IdempotentRequest extends IdempotencyKeyRef {
  /** Hash of the method, route and body: the same key with another request is a client error. */
  fingerprint: string;
}

export const IDEMPOTENCY_TTL_HOURS = 24;
/** How long a retry waits for the first request with its key to finish before answering 409. */
const WAIT_FOR_FIRST_MS = 5_000;
const POLL_MS = 40;
/**
 * A 'running' record this old belongs to a request that died mid-way (a crash of the API or of PostgreSQL):
 * its write cannot have committed, because the response is stored in the write's own transaction, so a
 * retry may take the key over. Writes take seconds at most (each statement is capped by the statement
 * timeout), so half a minute is ample, and a client retrying after an outage is not locked out for long.
 */
const ABANDONED_AFTER_SECONDS = 30;
const SWEEP_EVERY_MS = 60_000;
let lastSweep = 0;

/** JSON with sorted keys (nulls kept): equal bodies give equal text whatever their member order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestFingerprint(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${route}\n${stableJson(body)}`)
    .digest('hex');
}

/**
 * Runs a write at most once per (API key, Idempotency-Key) for 24 hours. The first request claims the key
 * in its own statement (so concurrent duplicates see the claim at once), then does the work and stores the
 * response in the same transaction as the write: either both commit or neither. Duplicates wait for it and
 * replay its response; one still running after a few seconds gets a 409. When the work fails, the claim
 * is released, so a corrected retry can reuse the key (failures are not stored).
 */
export async function runIdempotent(
  db: Db,
  request: IdempotentRequest | undefined,
  work: (db: Db) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!request) return { ...(await work(db)), replayed: false };
  const ref = { apiKeyId: request.apiKeyId, key: request.key };
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const claimed = await claimIdempotencyKey(db, {
      ...ref,
      requestHash: request.fingerprint,
      ttlHours: IDEMPOTENCY_TTL_HOURS,
      abandonedAfterSeconds: ABANDONED_AFTER_SECONDS,
    });
    if (claimed) return { ...(await runClaimed(db, ref, work)), replayed: false };

    const record = await findIdempotencyRecord(db, ref);
    if (record && record.request_hash !== request.fingerprint) throw keyReused();
    if (record?.state === 'done') {
      return {
        status: record.response_status ?? 200,
        body: record.response_body,
        headers: record.response_headers ?? {},
        replayed: true,
      };
    }
    if (Date.now() >= deadline) throw stillRunning();
    // Still running, or released by a failure a moment ago: look again shortly.
    if (record) await sleep(POLL_MS);
  }
}

async function runClaimed(
  db: Db,
  ref: IdempotencyKeyRef,
  work: (db: Db) => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
    lastSweep = Date.now();
    await deleteExpiredIdempotencyRecords(db, 1000);
  }
  try {
    return await db.transaction().execute(async (tx) => {
      const response = await work(tx);
      // The first response sends the body as stored, so that replays are byte-identical to it (jsonb
      // orders object members its own way).
      return { ...response, body: await completeIdempotencyRecord(tx, ref, response) };
    });
  } catch (error) {
    await releaseIdempotencyClaim(db, ref).catch(() => undefined);
    throw error;
  }
}

function keyReused(): Problem {
  return new Problem(
    'unprocessable',
    'This Idempotency-Key was already used (within 24 hours) for a different request: send a new key for a new request',
    [{ detail: 'already used for a different request body', pointer: '/Idempotency-Key', in: 'header' }],
  );
}

function stillRunning(): Problem {
  return new Problem(
    'conflict',
    'A request with this Idempotency-Key is still being processed: retry in a moment to get its response',
    undefined,
    { 'retry-after': '1' },
  );
}
