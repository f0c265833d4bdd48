import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { ApiKeysTable, Db } from '../../db/schema.ts';

const keyColumns = ['id', 'name', 'scopes', 'prefix', 'secret_hash', 'created_at', 'revoked_at'] as const;

export function insertApiKey(db: Db, row: Insertable<ApiKeysTable>) {
  return db.insertInto('api_keys').values(row).returning(keyColumns).executeTakeFirstOrThrow();
}

/** The key row a presented token names, found through the unique index on `prefix`. */
export function findApiKeyByPrefix(db: Db, prefix: string) {
  return db.selectFrom('api_keys').select(keyColumns).where('prefix', '=', prefix).executeTakeFirst();
}

export function findApiKeyById(db: Db, id: string) {
  return db.selectFrom('api_keys').select(keyColumns).where('id', '=', id).executeTakeFirst();
}

export function listApiKeyRows(db: Db) {
  return db.selectFrom('api_keys').select(keyColumns).orderBy('created_at').orderBy('id').execute();
}

export function markApiKeyRevoked(db: Db, id: string) {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(keyColumns)
    .executeTakeFirst();
}

export type ApiKeyRecord = NonNullable<Awaited<ReturnType<typeof findApiKeyById>>>;
