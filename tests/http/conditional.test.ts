import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAppWithoutDatabase, useTestApp } from '../helpers/app.ts';

const api = useTestApp({ seed: true });

test('304: an unchanged event answers with no body and no Content-Length', async () => {
  const first = await api.inject({ url: '/v1/events/nrc-meeting-2019-07' });
  const etag = String(first.headers.etag);
  const again = await api.inject({
    url: '/v1/events/nrc-meeting-2019-07',
    headers: { 'if-none-match': etag },
  });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  assert.equal(again.headers['content-length'], undefined);
  assert.equal(again.headers.etag, etag);
});

test('actors honour If-None-Match: their current ETag is a 304 with no body, another version a 200', async () => {
  const first = await api.inject({ url: '/v1/actors/nato-russia-council' });
  assert.equal(first.headers.etag, '"1"');
  const same = await api.inject({
    url: '/v1/actors/nato-russia-council',
    headers: { 'if-none-match': '"1"' },
  });
  assert.equal(same.statusCode, 304);
  assert.equal(same.body, '');
  assert.equal(same.headers['content-length'], undefined);
  const other = await api.inject({
    url: '/v1/actors/nato-russia-council',
    headers: { 'if-none-match': '"2"' },
  });
  assert.equal(other.statusCode, 200);
  assert.equal(other.json().id, 'nato-russia-council');
});

test('a CORS preflight carries Access-Control-Max-Age (a day)', async (t) => {
  const app = await createAppWithoutDatabase(t);
  const res = await app.inject({
    method: 'OPTIONS',
    url: '/v1/events',
    headers: {
      origin: 'https://frontend.example.org',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
  assert.equal(res.statusCode, 204);
  assert.equal(res.headers['access-control-max-age'], '86400');
});
