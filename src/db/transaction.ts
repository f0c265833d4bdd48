import { Transaction } from 'kysely';
import type { Database, Db } from './schema.ts';

/** Who is writing, for the write's revision: the request's API key (none for the command-line tools). */
export interface WriteContext {
  apiKeyId: string | null;
}

/** The version a conditional write expects (If-Match), or none (no header, or `*`). */
export interface WriteCondition {
  expectedVersion?: number;
}

/** A resource at the version a write read: the write must still find that version, else it lost a race. */
export interface ResourceVersion {
  id: string;
  version: number;
}

/** How a conditional write finds the current state of its resource, and the 412 when it moved on. */
export interface Versioned<T extends ResourceVersion> {
  load: () => Promise<T>;
  stale: (expectedVersion: number) => Error;
}

/**
 * Runs a write in a transaction, or in the caller's when it already is one: so a write and its revision
 * commit together, and a caller (idempotency, import) can add its own rows to the same transaction.
 */
export function inWriteTransaction<T>(db: Db, work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db instanceof Transaction ? work(db) : db.transaction().execute(work);
}

/**
 * Runs reads in one snapshot (REPEATABLE READ, read only): its statements see the same rows, as one statement
 * would. In the caller's transaction when it is one; `own` says whether the transaction is this one's (a
 * `SET LOCAL` would last past `work` in the caller's).
 */
export function inReadSnapshot<T>(db: Db, work: (tx: Db, own: boolean) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db, false);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((tx) => work(tx, true));
}

// Without If-Match the client asked for no check, so losing a race to another writer is retried on the
// fresh state rather than answered with a 412 the client could not have prevented.
const UNCONDITIONAL_ATTEMPTS = 3;

/**
 * A write conditioned on a version: loads the current state, fails with `stale(expected)` when If-Match
 * named another version, and hands the current state (whose version the write must still find) to `write`.
 */
export async function onCurrentVersion<T extends ResourceVersion, R>(
  resource: Versioned<T>,
  { expectedVersion }: WriteCondition,
  write: (current: T) => Promise<R>,
): Promise<R> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await resource.load();
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw resource.stale(expectedVersion);
    }
    try {
      return await write(current);
    } catch (error) {
      const lostRace = (error as { status?: number }).status === 412;
      if (!lostRace || expectedVersion !== undefined || attempt >= UNCONDITIONAL_ATTEMPTS) throw error;
    }
  }
}
