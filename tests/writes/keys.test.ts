import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import {
  authenticateToken,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from '../../src/modules/keys/keys.service.ts';
import { createTestDatabase } from '../helpers/database.ts';

let database: DatabaseHandle;
let db: Kysely<Database>;

before(async () => {
  database = await createTestDatabase();
  db = database.db;
});
after(async () => {
  await database.close();
});

test('keys: a new key authenticates with its scopes; only the hash of its secret is stored', async () => {
  const { key, token } = await createApiKey(db, { name: ' editor ', scopes: ['write'] });
  assert.equal(key.name, 'editor');
  assert.deepEqual(key.scopes, ['write']);
  assert.equal(token.slice(4, 16), key.prefix);
  assert.deepEqual(await authenticateToken(db, token), {
    ok: true,
    key: { id: key.id, name: 'editor', scopes: ['write'] },
  });
  const row = await db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
  assert.ok(!JSON.stringify(row).includes(token.slice(17)), 'the secret is not stored');
});

test('keys: a wrong secret, an unknown prefix and a malformed token do not authenticate', async () => {
  const { key, token } = await createApiKey(db, { name: 'victim', scopes: ['admin'] });
  const wrongSecret = `${token.slice(0, 17)}${token.at(17) === 'A' ? 'B' : 'A'}${token.slice(18)}`;
  assert.deepEqual(await authenticateToken(db, wrongSecret), { ok: false, reason: 'unknown' });
  assert.deepEqual(await authenticateToken(db, `dtl_ffffffffffff_${token.slice(17)}`), {
    ok: false,
    reason: 'unknown',
  });
  assert.deepEqual(await authenticateToken(db, key.prefix), { ok: false, reason: 'malformed' });
});

test('keys: revoke by id, prefix or dtl_ prefix; twice is harmless; unknown is a 404 problem', async () => {
  const a = await createApiKey(db, { name: 'a', scopes: ['read'] });
  const b = await createApiKey(db, { name: 'b', scopes: ['write'] });
  assert.deepEqual(a.key.scopes, [], 'a read key holds no write scope');
  const byId = await revokeApiKey(db, a.key.id);
  assert.equal(byId.alreadyRevoked, false);
  assert.match(String(byId.key.revoked_at), /^\d{4}-\d\d-\d\dT/);
  assert.equal((await revokeApiKey(db, `dtl_${a.key.prefix}`)).alreadyRevoked, true);
  assert.equal((await revokeApiKey(db, b.token)).alreadyRevoked, false, 'a whole token names its key too');
  assert.deepEqual(await authenticateToken(db, b.token), { ok: false, reason: 'revoked' });
  await assert.rejects(revokeApiKey(db, '000000000000'), { code: 'notFound', status: 404 });
  const listed = await listApiKeys(db);
  const mine = listed.filter((k) => [a.key.id, b.key.id].includes(k.id));
  assert.equal(mine.length, 2);
  assert.ok(mine.every((k) => k.revoked_at !== null));
  assert.ok(
    listed.every((k) => !('secret_hash' in k)),
    'listing never exposes hashes',
  );
});

test('keys: a name is required and bounded', async () => {
  await assert.rejects(createApiKey(db, { name: '  ', scopes: ['write'] }), /name of 1 to 100 characters/);
  await assert.rejects(
    createApiKey(db, { name: 'x'.repeat(101), scopes: ['write'] }),
    /name of 1 to 100 characters/,
  );
});
