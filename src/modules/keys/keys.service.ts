import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Scope } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import {
  type ApiKeyRecord,
  findApiKeyById,
  findApiKeyByPrefix,
  insertApiKey,
  listApiKeyRows,
  markApiKeyRevoked,
} from './keys.queries.ts';

/**
 * Scope names the CLI accepts. Every valid key may read (when READS_REQUIRE_KEY is on); `write` adds the
 * writes, `admin` the vocabulary and implies `write`. `read` alone makes a key that can only read, and
 * stores no scope.
 */
export const SCOPE_NAMES = ['read', 'write', 'admin'] as const;

/** Who made a request: what `request.apiKey` holds. */
export interface ApiKeyIdentity {
  id: string;
  name: string;
  scopes: Scope[];
}

export interface ApiKeySummary extends ApiKeyIdentity {
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}

const TOKEN_PATTERN = /^dtl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `dtl_<prefix>_<secret>`: the prefix finds the row by its unique index, the secret proves possession. */
export function parseToken(token: string): { prefix: string; secret: string } | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { prefix: match[1] as string, secret: match[2] as string } : undefined;
}

// A fast hash is enough here: the secret is 256 random bits, so neither a dictionary nor brute force gets
// anywhere against a leaked hash, which is what slow password hashes (scrypt, argon2) guard against for
// low-entropy passwords; sha256 keeps checking a key on every request cheap.
function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Checked against when no row matches, so unknown and wrong keys take the same time. */
const DECOY_HASH = hashSecret('decoy').toString('hex');

/** Validates scope names (comma lists allowed) and expands them: admin implies write, read stores none. */
export function normalizeScopes(names: string[]): Scope[] {
  const given = names
    .flatMap((n) => n.split(','))
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
  if (given.length === 0)
    throw new Problem('validation', `Give at least one scope: ${SCOPE_NAMES.join(', ')}`);
  const unknown = given.filter((n) => !(SCOPE_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new Problem(
      'validation',
      `Unknown scope ${unknown.map((u) => `"${u}"`).join(', ')}: use ${SCOPE_NAMES.join(', ')}`,
    );
  }
  const scopes = new Set<Scope>();
  if (given.includes('admin')) scopes.add('admin').add('write');
  if (given.includes('write')) scopes.add('write');
  return [...scopes].sort();
}

export function hasScope(key: ApiKeyIdentity, scope: Scope): boolean {
  return key.scopes.includes(scope) || key.scopes.includes('admin');
}

function toSummary(row: ApiKeyRecord): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    prefix: row.prefix,
    created_at: new Date(row.created_at).toISOString(),
    revoked_at: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

/** Creates a key; the returned token is the only time the secret exists outside the caller's hands. */
export async function createApiKey(
  db: Kysely<Database>,
  input: { name: string; scopes: string[] },
): Promise<{ key: ApiKeySummary; token: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100)
    throw new Problem('validation', 'Give the key a name of 1 to 100 characters');
  const scopes = normalizeScopes(input.scopes);
  for (let attempt = 1; ; attempt += 1) {
    const prefix = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    try {
      const row = await insertApiKey(db, {
        name,
        scopes,
        prefix,
        secret_hash: hashSecret(secret).toString('hex'),
      });
      return { key: toSummary(row), token: `dtl_${prefix}_${secret}` };
    } catch (error) {
      // A 48-bit prefix collides about never; retry the unique violation rather than fail on it.
      if ((error as { code?: string }).code !== '23505' || attempt >= 3) throw error;
    }
  }
}

export async function listApiKeys(db: Kysely<Database>): Promise<ApiKeySummary[]> {
  return (await listApiKeyRows(db)).map(toSummary);
}

/** Revokes by id or prefix (`dtl_<prefix>` works too); revoking twice is harmless and says so. */
export async function revokeApiKey(
  db: Kysely<Database>,
  idOrPrefix: string,
): Promise<{ key: ApiKeySummary; alreadyRevoked: boolean }> {
  const wanted = idOrPrefix.trim().replace(/^dtl_/, '').replace(/_.*$/, '');
  const row = UUID_PATTERN.test(wanted)
    ? await findApiKeyById(db, wanted.toLowerCase())
    : await findApiKeyByPrefix(db, wanted);
  if (!row)
    throw new Problem(
      'notFound',
      `No API key with id or prefix "${idOrPrefix}": see \`npm run keys -- list\``,
    );
  if (row.revoked_at) return { key: toSummary(row), alreadyRevoked: true };
  const revoked = await markApiKeyRevoked(db, row.id);
  return { key: toSummary(revoked ?? row), alreadyRevoked: revoked === undefined };
}

export type Authentication =
  | { ok: true; key: ApiKeyIdentity }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' };

/** Checks a presented token: the row by prefix, then the secret's hash compared in constant time. */
export async function authenticateToken(db: Kysely<Database>, token: string): Promise<Authentication> {
  const parsed = parseToken(token);
  const row = parsed ? await findApiKeyByPrefix(db, parsed.prefix) : undefined;
  const presented = hashSecret(parsed?.secret ?? token);
  const stored = Buffer.from(row?.secret_hash ?? DECOY_HASH, 'hex');
  const matches = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (!parsed) return { ok: false, reason: 'malformed' };
  if (!row || !matches) return { ok: false, reason: 'unknown' };
  if (row.revoked_at) return { ok: false, reason: 'revoked' };
  return { ok: true, key: { id: row.id, name: row.name, scopes: row.scopes } };
}
