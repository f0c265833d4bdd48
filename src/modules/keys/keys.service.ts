import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Scope } from '../../db/schema.ts';
import { invalidField, Problem } from '../../http/problem.ts';
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

/** A fresh key: 48 random bits of prefix, 256 of secret. */
export function generateToken(): string {
  return `dtl_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;
}

/** The name of the key the server keeps for ADMIN_KEY; no other key may take it. */
export const ENVIRONMENT_KEY_NAME = 'ADMIN_KEY';

/** Creates a key; the returned token is the only time the secret exists outside the caller's hands. */
export async function createApiKey(
  db: Kysely<Database>,
  input: { name: string; scopes: string[] },
): Promise<{ key: ApiKeySummary; token: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100)
    throw invalidField('body', 'name', 'give the key a name of 1 to 100 characters');
  if (name === ENVIRONMENT_KEY_NAME)
    throw invalidField(
      'body',
      'name',
      `"${ENVIRONMENT_KEY_NAME}" is the name of the key set in the environment: choose another`,
    );
  const scopes = normalizeScopes(input.scopes);
  for (let attempt = 1; ; attempt += 1) {
    const token = generateToken();
    const { prefix, secret } = parseToken(token) as { prefix: string; secret: string };
    try {
      const row = await insertApiKey(db, {
        name,
        scopes,
        prefix,
        secret_hash: hashSecret(secret).toString('hex'),
      });
      return { key: toSummary(row), token };
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
      `No API key with id or prefix "${idOrPrefix}": see GET /v1/keys (or \`npm run keys -- list\`)`,
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

export type EnvironmentKeyOutcome =
  | { status: 'added' | 'kept'; key: ApiKeySummary; retired: ApiKeySummary[] }
  | { status: 'revoked'; key: ApiKeySummary; retired: ApiKeySummary[] };

/**
 * Makes the ADMIN_KEY token an admin key: stored by its prefix and hash like any other (the token itself is
 * not kept), and any earlier ADMIN_KEY that is not this one revoked, so that changing the variable and
 * restarting rotates the key. A token revoked through the API stays revoked.
 */
export async function ensureEnvironmentAdminKey(
  db: Kysely<Database>,
  token: string,
): Promise<EnvironmentKeyOutcome> {
  const parsed = parseToken(token);
  if (!parsed) throw new Error('ADMIN_KEY is not a key of this API');
  const hash = hashSecret(parsed.secret).toString('hex');
  return db.transaction().execute(async (trx) => {
    let row = await findApiKeyByPrefix(trx, parsed.prefix);
    let status: 'added' | 'kept' = 'kept';
    if (row && row.secret_hash !== hash) {
      throw new Error(
        'ADMIN_KEY has the prefix of another key but not its secret: generate a new one with `npm run -s keys -- generate`',
      );
    }
    if (!row) {
      row = await insertApiKey(trx, {
        name: ENVIRONMENT_KEY_NAME,
        scopes: ['admin', 'write'],
        prefix: parsed.prefix,
        secret_hash: hash,
      });
      status = 'added';
    }
    const retired: ApiKeySummary[] = [];
    for (const other of await listApiKeyRows(trx)) {
      if (other.name !== ENVIRONMENT_KEY_NAME || other.id === row.id || other.revoked_at) continue;
      const revoked = await markApiKeyRevoked(trx, other.id);
      if (revoked) retired.push(toSummary(revoked));
    }
    const key = toSummary(row);
    return row.revoked_at ? { status: 'revoked', key, retired } : { status, key, retired };
  });
}
