import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeScopes, parseToken } from '../../src/modules/keys/keys.service.ts';

describe('API key format and scopes', () => {
  test('keys: a token is dtl_<12 hex prefix>_<43 base64url secret>', () => {
    const secret = `${'A'.repeat(40)}_-9`;
    assert.deepEqual(parseToken(`dtl_0123456789ab_${secret}`), { prefix: '0123456789ab', secret });
    assert.equal(parseToken(`dtl_0123456789ab_${secret}x`), undefined);
    assert.equal(parseToken(`dtl_0123456789AB_${secret}`), undefined);
    assert.equal(parseToken('Bearer whatever'), undefined);
  });

  test('keys: admin implies write, read stores no scope, comma lists and repeats are accepted', () => {
    assert.deepEqual(normalizeScopes(['admin']), ['admin', 'write']);
    assert.deepEqual(normalizeScopes(['write,admin', 'write']), ['admin', 'write']);
    assert.deepEqual(normalizeScopes(['read']), []);
    assert.deepEqual(normalizeScopes(['read', 'write']), ['write']);
    assert.throws(() => normalizeScopes(['writer']), /Unknown scope "writer": use read, write, admin/);
    assert.throws(() => normalizeScopes([' , ']), /at least one scope/);
  });
});
