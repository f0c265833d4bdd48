import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { createApiKey, revokeApiKey } from '../../src/modules/keys/keys.service.ts';

export interface TestKeys {
  admin: string;
  write: string;
  read: string;
  revoked: string;
  writeId: string;
  adminId: string;
}

/** One key of each kind: admin, write, read-only, and a revoked write key. */
export async function createKeys(db: Kysely<Database>): Promise<TestKeys> {
  const admin = await createApiKey(db, { name: 'test admin', scopes: ['admin'] });
  const write = await createApiKey(db, { name: 'test writer', scopes: ['write'] });
  const read = await createApiKey(db, { name: 'test reader', scopes: ['read'] });
  const revoked = await createApiKey(db, { name: 'test revoked', scopes: ['write'] });
  await revokeApiKey(db, revoked.key.prefix);
  return {
    admin: admin.token,
    write: write.token,
    read: read.token,
    revoked: revoked.token,
    writeId: write.key.id,
    adminId: admin.key.id,
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A slug no other test uses. */
export function uniqueSlug(prefix = 'ev'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export function eventInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug: uniqueSlug(),
    type: 'meeting',
    title: { en: 'NATO-Russia Council meeting', de: 'Sitzung des Nato-Russland-Rats' },
    date: '2019-07',
    participants: [{ actor: 'nato-russia-council', role: 'forum' }],
    tags: ['nrc'],
    ...overrides,
  };
}

/** Row counts of every table a write touches: equal counts before and after mean nothing was written. */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const result = await sql<Record<string, number>>`
    select (select count(*) from events)::int as events,
           (select count(*) from event_participants)::int as participants,
           (select count(*) from event_sources)::int as sources,
           (select count(*) from event_relations)::int as relations,
           (select count(*) from actors)::int as actors,
           (select count(*) from event_types)::int as event_types,
           (select count(*) from revisions)::int as revisions,
           (select count(*) from idempotency_records)::int as idempotency_records
  `.execute(db);
  return result.rows[0] as Record<string, number>;
}

export type Inject = (options: InjectOptions | string) => Promise<LightMyRequestResponse>;
