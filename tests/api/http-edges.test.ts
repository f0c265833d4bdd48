import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { createTestApp } from '../helpers/app.ts';

describe('HTTP edges', () => {
  let t: TestApp;
  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    t = await createTestApp({ after: (fn) => cleanups.push(fn) });
  });
  test.after(async () => {
    for (const fn of cleanups) await fn();
  });

  test('a wrong method on a known path is a 405 problem with Allow', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/v1/timeline/histogram' });
    assert.equal(res.statusCode, 405);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.headers.allow, 'GET, HEAD');
    assert.equal(res.json().status, 405);
  });

  test('an unknown path is a 404 problem pointing to the docs', async () => {
    const res = await t.app.inject({ url: '/v2/events' });
    assert.equal(res.statusCode, 404);
    assert.match(res.json().detail, /see \/docs/);
  });

  test('responses carry security headers, a request id and CORS for browsers', async () => {
    const res = await t.app.inject({
      url: '/healthz',
      headers: { origin: 'https://frontend.example', 'x-request-id': 'abc-123' },
    });
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-request-id'], 'abc-123');
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(String(res.headers['access-control-expose-headers']), /Link/);
  });

  test('a malformed request id is replaced, not echoed', async () => {
    const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': '<script>' } });
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  test('the docs page and the document are served without a CDN', async () => {
    const docs = await t.app.inject({ url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.doesNotMatch(docs.body, /https?:\/\/(cdn|unpkg|jsdelivr)/);
    const doc = await t.app.inject({ url: '/openapi.json' });
    assert.equal(doc.json().openapi, '3.1.0');
    const yaml = await t.app.inject({ url: '/openapi.yaml' });
    assert.match(yaml.body, /^openapi: 3\.1\.0/m);
  });
});
