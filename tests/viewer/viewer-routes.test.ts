import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createAppWithoutDatabase } from '../helpers/app.ts';

// The viewer's HTTP side, without a browser: the page, its files, their caching and the page's own CSP.

test('viewer: / redirects to /timeline and keeps the query', async (t) => {
  const app = await createAppWithoutDatabase(t);
  const response = await app.inject('/?actor=nato-russia-council&lang=de');
  assert.equal(response.statusCode, 302);
  assert.equal(response.headers.location, '/timeline?actor=nato-russia-council&lang=de');
});

test('viewer: the page allows its import map by hash and no other inline script', async (t) => {
  const app = await createAppWithoutDatabase(t);
  const response = await app.inject('/timeline');
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(response.headers['cache-control'], 'no-cache');
  const importMap = /<script type="importmap">(.*?)<\/script>/.exec(response.body)?.[1] ?? '';
  const hash = createHash('sha256').update(importMap).digest('base64');
  const csp = String(response.headers['content-security-policy']);
  assert.match(csp, new RegExp(`script-src 'self' 'sha256-${hash.replace(/[+/]/g, '\\$&')}';`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  // Every other script is a file: one inline script (the import map), the rest have src.
  assert.equal([...response.body.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)].length, 1);
  assert.equal(
    (JSON.parse(importMap) as { imports: Record<string, string> }).imports['d3-scale'],
    `/timeline/vendor/d3-scale@${JSON.parse(readFileSync('node_modules/d3-scale/package.json', 'utf8')).version}/d3-scale.min.mjs`,
  );
  assert.match(response.body, /data-languages="en de fr es it ru"/);
});

test('viewer: D3 builds are cached for good, own files revalidate with their ETag', async (t) => {
  const app = await createAppWithoutDatabase(t);
  const page = await app.inject('/timeline');
  const imports = JSON.parse(/<script type="importmap">(.*?)<\/script>/.exec(page.body)?.[1] ?? '{}').imports;
  const vendor = await app.inject(imports['d3-zoom']);
  assert.equal(vendor.statusCode, 200);
  assert.equal(vendor.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(vendor.headers['cache-control'], 'public, max-age=31536000, immutable');

  const own = await app.inject('/timeline/assets/main.js');
  assert.equal(own.statusCode, 200);
  assert.equal(own.headers['cache-control'], 'no-cache');
  const etag = String(own.headers.etag);
  assert.match(etag, /^"[\w-]{22}"$/);
  const again = await app.inject({ url: '/timeline/assets/main.js', headers: { 'if-none-match': etag } });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  assert.equal(again.headers['content-length'], undefined);
});

test("viewer: a file that is not one of the viewer's is a 404 problem, also past a ../", async (t) => {
  const app = await createAppWithoutDatabase(t);
  for (const url of [
    '/timeline/assets/nope.js',
    '/timeline/assets/../viewer.routes.ts',
    '/timeline/vendor/fs',
  ]) {
    const response = await app.inject(url);
    assert.equal(response.statusCode, 404, url);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', url);
  }
});

test('viewer: its routes are not part of the API document', async (t) => {
  const app = await createAppWithoutDatabase(t);
  const document = (await app.inject('/openapi.json')).json() as { paths: Record<string, unknown> };
  assert.deepEqual(
    Object.keys(document.paths).filter((path) => path === '/' || path.startsWith('/timeline')),
    [],
  );
});
