import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvRow } from '../../src/http/csv.ts';
import { escapeHtml } from '../../src/http/html.ts';
import { createTestApp, useTestApp } from '../helpers/app.ts';
import { bearer, createKeys, eventInput, tableCounts, uniqueSlug } from '../helpers/fixtures.ts';
import { assertProblem, parseCsv } from '../helpers/http.ts';

// The security findings of issue 12, one test each, on the back-end the suite runs on.

const t = useTestApp({ seed: true, keys: true });

const json = { 'content-type': 'application/json' };
const createEvent = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { ...bearer(t.keys.write), ...json, ...headers },
    payload: JSON.stringify(eventInput(body)),
  });

describe('CSV cells that a spreadsheet would run', () => {
  test('every text starting with = + - @ tab or CR is prefixed with an apostrophe, numbers-looking ones too', () => {
    assert.equal(
      csvRow(["-1+cmd|' /C calc'!A0", '-1e3+A1', '-0+1', '=SUM(A1)', '+1', '@x', '\tx', '\rx', 'ok', '-']),
      `"'-1+cmd|' /C calc'!A0","'-1e3+A1","'-0+1","'=SUM(A1)","'+1","'@x","'\tx","'\rx",ok,"'-"\r\n`,
    );
  });

  test('cells typed as numbers and booleans pass as they are', () => {
    assert.equal(csvRow([-1, 3, true, false, null, undefined]), '-1,3,true,false,,\r\n');
  });

  test('an event titled -1+cmd… exports as a neutralised text cell', async () => {
    const slug = uniqueSlug();
    const tag = uniqueSlug('tag').replace(/-/g, '_');
    const created = await createEvent({ slug, tags: [tag], title: { en: "-1+cmd|' /C calc'!A0" } });
    assert.equal(created.statusCode, 201, created.body);
    const res = await t.inject({ url: `/v1/events?tag=${tag}&format=csv&lang=en` });
    assert.equal(res.statusCode, 200);
    const [header, row] = parseCsv(res.body);
    assert.equal(row?.[header?.indexOf('title') ?? -1], "'-1+cmd|' /C calc'!A0");
    assert.equal(row?.[header?.indexOf('version') ?? -1], '1');
  });
});

describe('HTML-bearing output', () => {
  test('escapeHtml writes & < > as entities and leaves quotes (texts go into element content only)', () => {
    assert.equal(
      escapeHtml(`<img src=x onerror="alert('1')">&`),
      `&lt;img src=x onerror="alert('1')"&gt;&amp;`,
    );
  });

  test('TimelineJS: a summary and a title with markup are escaped in text.text and headline', async () => {
    const tag = uniqueSlug('tag').replace(/-/g, '_');
    const created = await createEvent({
      tags: [tag],
      title: { en: '<b>Council</b>' },
      summary: { en: '<img src=x onerror=alert(1)>' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const res = await t.inject({ url: `/v1/events?tag=${tag}&format=timelinejs&lang=en` });
    assert.equal(res.statusCode, 200, res.body);
    const [slide] = res.json<{ events: { text: { headline: string; text: string } }[] }>().events;
    assert.deepEqual(slide?.text, {
      headline: '&lt;b&gt;Council&lt;/b&gt;',
      text: '&lt;img src=x onerror=alert(1)&gt;',
    });
    assert.doesNotMatch(res.body, /<img/);
  });
});

describe('language maps', () => {
  for (const [name, body, pointer] of [
    ['summary with a key that is not a language tag', { summary: { ZZ: { deep: [1] } } }, '/summary/ZZ'],
    ['summary with a key "BAD KEY"', { summary: { 'BAD KEY': 'x' } }, '/summary/BAD KEY'],
    ['title with an upper-case key', { title: { EN: 'x' } }, '/title/EN'],
  ] as const) {
    test(`POST /v1/events: ${name} is a 400 naming ${pointer}, nothing written`, async () => {
      const before = await tableCounts(t.db);
      const res = await createEvent(body);
      const problem = assertProblem(res, { status: 400 });
      assert.ok(
        problem.errors?.some((e) => e.pointer === pointer && /language tag/.test(e.detail)),
        JSON.stringify(problem.errors),
      );
      assert.deepEqual(await tableCounts(t.db), before);
    });
  }

  test('PATCH /v1/events: a summary patch keyed ZZ, or with a non-text value, is a 400 and no revision', async () => {
    const created = await createEvent({});
    const id = created.json<{ id: string }>().id;
    for (const [summary, pointer] of [
      [{ ZZ: 'x' }, '/summary/ZZ'],
      [{ en: { deep: [1] } }, '/summary/en'],
    ] as const) {
      const res = await t.inject({
        method: 'PATCH',
        url: `/v1/events/${id}`,
        headers: { ...bearer(t.keys.write), ...json },
        payload: JSON.stringify({ summary }),
      });
      const problem = assertProblem(res, { status: 400 });
      assert.equal(problem.errors?.[0]?.pointer, pointer, res.body);
    }
    const history = await t.inject({ url: `/v1/events/${id}/revisions`, headers: bearer(t.keys.admin) });
    assert.equal(history.json<{ data: unknown[] }>().data.length, 1);
  });

  test('PATCH /v1/actors: a name keyed "BAD KEY" is a 400; POST /v1/event-types: a description keyed ZZ is a 400', async () => {
    const patch = await t.inject({
      method: 'PATCH',
      url: '/v1/actors/nato',
      headers: { ...bearer(t.keys.write), ...json },
      payload: JSON.stringify({ name: { 'BAD KEY': 'x' } }),
    });
    assertProblem(patch, { status: 400, pointers: ['/name/BAD KEY'] });
    const type = await t.inject({
      method: 'POST',
      url: '/v1/event-types',
      headers: { ...bearer(t.keys.admin), ...json },
      payload: JSON.stringify({ code: 'probe_type', label: { en: 'x' }, description: { ZZ: 'x' } }),
    });
    assertProblem(type, { status: 400, pointers: ['/description/ZZ'] });
  });
});

describe('slugs', () => {
  test('an event slug shaped like a UUID is a 400 on POST and on PATCH', async () => {
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const posted = assertProblem(await createEvent({ slug: uuid }), { status: 400 });
    // The slug's anyOf (a slug or null) adds its own lines, all about /slug.
    assert.deepEqual([...new Set(posted.errors?.map((e) => e.pointer))], ['/slug']);
    const created = await createEvent({});
    const patch = await t.inject({
      method: 'PATCH',
      url: `/v1/events/${created.json<{ id: string }>().id}`,
      headers: { ...bearer(t.keys.write), ...json },
      payload: JSON.stringify({ slug: uuid }),
    });
    assertProblem(patch, { status: 400, pointers: ['/slug'] });
    // Hex words that are not a whole UUID stay slugs.
    assert.equal((await createEvent({ slug: `0f8fad5b-${uniqueSlug('d9cb')}` })).statusCode, 201);
  });
});

describe('If-Match', () => {
  test('only the current strong ETag (alone or in a list) or * matches; weak, hash-less and stale ones are 412', async () => {
    const created = await createEvent({});
    const { id } = created.json<{ id: string }>();
    const etag = String(created.headers.etag);
    assert.match(etag, /^"1-[\w-]+"$/);
    const patch = (ifMatch: string, title: string) =>
      t.inject({
        method: 'PATCH',
        url: `/v1/events/${id}`,
        headers: { ...bearer(t.keys.write), ...json, 'if-match': ifMatch },
        payload: JSON.stringify({ title: { en: title } }),
      });
    for (const refused of [`W/${etag}`, '"1"', '"1-forgedforgedforg"', 'W/"1"']) {
      assertProblem(await patch(refused, 'refused'), { status: 412, pointers: ['/If-Match'] });
    }
    assertProblem(await patch('yesterday', 'malformed'), { status: 400, pointers: ['/If-Match'] });
    const listed = await patch(`"9-x", ${etag}`, 'second');
    assert.equal(listed.statusCode, 200, listed.body);
    assert.equal((await patch(etag, 'stale')).statusCode, 412, 'the old ETag is stale now');
    assert.equal((await patch('*', 'any')).statusCode, 200);
  });
});

describe('Idempotency-Key', () => {
  test('PATCH honours it: a retry replays the first answer and writes no second revision', async () => {
    const created = await createEvent({});
    const { id } = created.json<{ id: string }>();
    const patch = () =>
      t.inject({
        method: 'PATCH',
        url: `/v1/events/${id}`,
        headers: { ...bearer(t.keys.write), ...json, 'idempotency-key': `patch-${id}` },
        payload: JSON.stringify({ tags: ['retried'] }),
      });
    const first = await patch();
    const second = await patch();
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(second.statusCode, 200);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.headers.etag, first.headers.etag);
    assert.deepEqual(second.json(), first.json());
    const history = await t.inject({ url: `/v1/events/${id}/revisions`, headers: bearer(t.keys.admin) });
    assert.equal(history.json<{ data: unknown[] }>().data.length, 2);
  });

  test('DELETE honours it: a retry is a replayed 204, not a 404', async () => {
    const { id } = (await createEvent({})).json<{ id: string }>();
    const remove = () =>
      t.inject({
        method: 'DELETE',
        url: `/v1/events/${id}`,
        headers: { ...bearer(t.keys.write), 'idempotency-key': `delete-${id}` },
      });
    assert.equal((await remove()).statusCode, 204);
    const retry = await remove();
    assert.equal(retry.statusCode, 204);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
  });

  test('POST /v1/event-types honours it; the import and reads refuse it with a 400', async () => {
    const code = `probe_${Date.now().toString(36)}`;
    const add = () =>
      t.inject({
        method: 'POST',
        url: '/v1/event-types',
        headers: { ...bearer(t.keys.admin), ...json, 'idempotency-key': code },
        payload: JSON.stringify({ code, label: { en: 'Probe' } }),
      });
    assert.equal((await add()).statusCode, 201);
    assert.equal((await add()).headers['idempotent-replayed'], 'true');
    const imported = await t.inject({
      method: 'POST',
      url: '/v1/events:import',
      headers: {
        ...bearer(t.keys.write),
        'content-type': 'application/x-ndjson',
        'idempotency-key': 'imp-1',
      },
      payload: `${JSON.stringify(eventInput())}\n`,
    });
    assertProblem(imported, { status: 400, pointers: ['/Idempotency-Key'] });
    assertProblem(await t.inject({ url: '/v1/events', headers: { 'idempotency-key': 'read-1' } }), {
      status: 400,
      pointers: ['/Idempotency-Key'],
    });
  });
});

describe('soft-deleted content and who wrote what', () => {
  test("a deleted event's revisions need a write key; api_key_id shows to admin keys only", async () => {
    const { id } = (await createEvent({})).json<{ id: string }>();
    const live = await t.inject({ url: `/v1/events/${id}/revisions` });
    assert.equal(live.statusCode, 200);
    assert.equal(live.json<{ data: { api_key_id: unknown }[] }>().data[0]?.api_key_id, null);
    const asWriter = await t.inject({ url: `/v1/events/${id}/revisions`, headers: bearer(t.keys.write) });
    assert.equal(asWriter.json<{ data: { api_key_id: unknown }[] }>().data[0]?.api_key_id, null);
    const asAdmin = await t.inject({ url: `/v1/events/${id}/revisions`, headers: bearer(t.keys.admin) });
    assert.equal(asAdmin.json<{ data: { api_key_id: unknown }[] }>().data[0]?.api_key_id, t.keys.writeId);

    await t.inject({ method: 'DELETE', url: `/v1/events/${id}`, headers: bearer(t.keys.write) });
    assert.equal((await t.inject({ url: `/v1/events/${id}/revisions` })).statusCode, 401);
    assert.equal(
      (await t.inject({ url: `/v1/events/${id}/revisions`, headers: bearer(t.keys.read) })).statusCode,
      403,
    );
    const deleted = await t.inject({ url: `/v1/events/${id}/revisions`, headers: bearer(t.keys.write) });
    assert.equal(deleted.statusCode, 200);
    assert.equal(deleted.json<{ data: unknown[] }>().data.length, 2);
  });
});

describe('caching of authenticated reads', () => {
  test('anonymous reads stay public; a read with a key is private and varies on Authorization', async () => {
    const anonymous = await t.inject({ url: '/v1/events?limit=1' });
    assert.match(String(anonymous.headers['cache-control']), /^public/);
    const keyed = await t.inject({ url: '/v1/events?limit=1', headers: bearer(t.keys.read) });
    assert.equal(keyed.headers['cache-control'], 'private, max-age=30');
    assert.match(String(keyed.headers.vary), /Authorization/);
  });

  test('with READS_REQUIRE_KEY=true no read is public: events, one event, event types, gaps', async (tt) => {
    const locked = await createTestApp(tt, { seed: true, env: { READS_REQUIRE_KEY: 'true' } });
    const keys = await createKeys(locked.db);
    for (const url of [
      '/v1/events?limit=1',
      '/v1/events/nrc-founded-2002',
      '/v1/event-types',
      '/v1/gaps?actor=nato-russia-council',
    ]) {
      const res = await locked.app.inject({ url, headers: bearer(keys.read) });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      assert.match(String(res.headers['cache-control']), /^private/, url);
      assert.match(String(res.headers.vary), /Authorization/, url);
    }
  });
});
