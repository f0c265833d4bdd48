import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { FastifyError } from 'fastify';
import { sql } from 'kysely';
import { toProblem } from '../../src/http/error-handler.ts';
import { useTestApp } from '../helpers/app.ts';
import { bearer, eventInput, tableCounts, uniqueSlug } from '../helpers/fixtures.ts';
import { assertProblem, get } from '../helpers/http.ts';

// Every hostile input of issue 12 is a 400 naming the field, on both database back-ends: texts PostgreSQL
// cannot store, numbers that are not finite, forged cursors; and PostgreSQL's own data errors, should one
// slip through, are 400s too.

const t = useTestApp({ seed: true, keys: true });

const NUL = String.fromCharCode(0);
const LONE = String.fromCharCode(0xd800);

function details(res: { json: () => unknown }) {
  return (res.json() as { errors: { pointer: string; in: string }[] }).errors.map(
    (e) => `${e.in} ${e.pointer}`,
  );
}

describe('hostile input: NUL and lone surrogates', () => {
  for (const [url, where] of [
    ['/v1/events?q=a%00b', 'query /q'],
    ['/v1/actors?q=%00', 'query /q'],
    ['/v1/events/%00', 'path /id'],
    ['/v1/events/a%00/revisions', 'path /id'],
    ['/v1/gaps?actor=nato&min=P1Y%00', 'query /min'],
  ] as const) {
    test(`GET ${url} is a 400 naming ${where}`, async () => {
      const res = await get(t.app, url);
      assertProblem(res, { status: 400 });
      assert.deepEqual(details(res), [where]);
      assert.match(res.json<{ detail: string }>().detail, /NUL character/);
    });
  }

  test('search texts that are tsquery operators answer 200 on events and actors', async () => {
    for (const q of ['-', ':', '\\', '!', '&', '|', '(', "'"]) {
      for (const path of ['/v1/events', '/v1/actors']) {
        const res = await get(t.app, `${path}?q=${encodeURIComponent(q)}`);
        assert.equal(res.statusCode, 200, `${path}?q=${q}: ${res.body}`);
      }
    }
  });

  const post = (body: string, url = '/v1/events', method: 'POST' | 'PATCH' = 'POST') =>
    t.inject({
      method,
      url,
      headers: { ...bearer(t.keys.write), 'content-type': 'application/json' },
      payload: body,
    });

  for (const [name, body, pointer] of [
    ['a NUL in a title', { title: { en: `a${NUL}b` } }, '/title/en'],
    ['a lone surrogate in a title', { title: { en: `a${LONE}b` } }, '/title/en'],
    ['a NUL in a location name', { location: { name: `Brussels${NUL}` } }, '/location/name'],
    [
      'a lone surrogate in a source title, two levels down',
      { sources: [{ title: `x${LONE}` }] },
      '/sources/0/title',
    ],
    ['a NUL in a member name', { title: { [`e${NUL}n`]: 'x' } }, `/title/e${NUL}n`],
  ] as const) {
    test(`POST /v1/events with ${name} is a 400 naming ${JSON.stringify(pointer)}, nothing written`, async () => {
      const before = await tableCounts(t.db);
      // JSON.stringify writes the NUL as \u0000 and the lone surrogate as \ud800: JSON.parse brings them back.
      const res = await post(JSON.stringify(eventInput(body)));
      assertProblem(res, { status: 400, pointers: [pointer] });
      assert.equal(res.json<{ errors: { in: string }[] }>().errors[0]?.in, 'body');
      assert.deepEqual(await tableCounts(t.db), before);
    });
  }

  test('PATCH of an event with a NUL in its summary is a 400 naming /summary/en', async () => {
    const created = await post(JSON.stringify(eventInput()));
    assert.equal(created.statusCode, 201, created.body);
    const res = await post(
      JSON.stringify({ summary: { en: `x${NUL}` } }),
      `/v1/events/${created.json<{ id: string }>().id}`,
      'PATCH',
    );
    assertProblem(res, { status: 400, pointers: ['/summary/en'] });
  });

  test('POST /v1/actors with a lone surrogate in an alias is a 400 naming /aliases/1', async () => {
    const res = await post(
      JSON.stringify({
        id: uniqueSlug('actor'),
        kind: 'person',
        name: { en: 'X' },
        aliases: ['ok', `b${LONE}`],
      }),
      '/v1/actors',
    );
    assertProblem(res, { status: 400, pointers: ['/aliases/1'] });
  });

  test('a NUL in a body nested 100,000 deep is a 400, not a stack overflow', async () => {
    const depth = 100_000;
    const res = await post(`${'{"a":['.repeat(depth)}"x\\u0000"${']}'.repeat(depth)}`);
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${res.body.slice(0, 200)}`);
  });
});

describe('hostile input: numbers', () => {
  for (const [url, pointer] of [
    ['/v1/gaps?min_days=1e309', '/min_days'],
    ['/v1/gaps?coarse_days=Infinity', '/coarse_days'],
    ['/v1/events?limit=1e309', '/limit'],
    ['/v1/actors?limit=-1e309', '/limit'],
    ['/v1/actors/nato/gaps?min_days=1e400', '/min_days'],
  ] as const) {
    test(`GET ${url} is a 400 naming ${pointer}`, async () => {
      const res = await get(t.app, url);
      assertProblem(res, { status: 400, pointers: [pointer] });
    });
  }

  test('a latitude of 1e309 in a JSON body is a 400 naming /location/lat', async () => {
    const body = JSON.stringify(eventInput({ location: { name: 'Brussels', lat: 0 } })).replace(
      '"lat":0',
      '"lat":1e309',
    );
    const res = await t.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer(t.keys.write), 'content-type': 'application/json' },
      payload: body,
    });
    // The schema's number check refuses Infinity too (besides the location's anyOf branches).
    const problem = assertProblem(res, { status: 400 });
    assert.equal(problem.errors?.[0]?.pointer, '/location/lat');
  });
});

describe('hostile input: cursors forged with the secret', () => {
  /** A cursor of the same query with another position, signed as the server signs. */
  function forge(cursor: string, position: unknown): string {
    const [payload = ''] = cursor.split('.');
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { p: unknown };
    const forged = Buffer.from(JSON.stringify({ ...decoded, p: position })).toString('base64url');
    const signature = createHmac('sha256', t.config.CURSOR_SECRET)
      .update(forged)
      .digest('base64url')
      .slice(0, 22);
    return encodeURIComponent(`${forged}.${signature}`);
  }
  async function firstCursor(url: string): Promise<string> {
    const res = await get(t.app, url);
    const next = res.json<{ next_cursor: string | null }>().next_cursor;
    assert.ok(next, `${url} has a second page`);
    return next;
  }

  test('events: a forged position that is well formed is followed (the forging is right)', async () => {
    const cursor = await firstCursor('/v1/events?limit=1');
    const res = await get(t.app, `/v1/events?limit=1&cursor=${forge(cursor, ['1900-01-01', randomUUID()])}`);
    assert.equal(res.statusCode, 200, res.body);
  });

  for (const [name, position] of [
    ['a position that is not a date', ['not-a-date', '00000000-0000-0000-0000-000000000000']],
    ['30 February', ['2019-02-30', '00000000-0000-0000-0000-000000000000']],
    ['month 13', ['2019-13-01', '00000000-0000-0000-0000-000000000000']],
    ['an id that is not a UUID', ['2019-07-01', 'nrc']],
    ['a number for a date', [20190701, '00000000-0000-0000-0000-000000000000']],
    ['SQL for a date', ["2019-07-01'; drop table events; --", '00000000-0000-0000-0000-000000000000']],
    ['one value too many', ['2019-07-01', '00000000-0000-0000-0000-000000000000', 1]],
  ] as const) {
    test(`events: a forged cursor with ${name} is a 400 "Invalid cursor"`, async () => {
      const cursor = await firstCursor('/v1/events?limit=1');
      const res = await get(t.app, `/v1/events?limit=1&cursor=${forge(cursor, position)}`);
      const problem = assertProblem(res, { status: 400, pointers: ['/cursor'] });
      assert.equal(problem.title, 'Invalid cursor');
    });
  }

  test('actors: a forged cursor whose id is not a slug is a 400 "Invalid cursor"', async () => {
    const cursor = await firstCursor('/v1/actors?limit=1');
    assertProblem(await get(t.app, `/v1/actors?limit=1&cursor=${forge(cursor, ['NOT A SLUG'])}`), {
      status: 400,
      pointers: ['/cursor'],
    });
    assert.equal((await get(t.app, `/v1/actors?limit=1&cursor=${forge(cursor, ['a'])}`)).statusCode, 200);
  });

  test('gaps: forged cursors with a day count that is not a whole number, or a day that is not one, are 400s', async () => {
    const cursor = await firstCursor('/v1/gaps?actor=nato-russia-council&order=longest&limit=1');
    for (const position of [
      ['x', '2019-07-01'],
      [1.5, '2019-07-01'],
      [1e300, '2019-07-01'],
      [10, '2019-02-29'],
    ]) {
      const res = await get(
        t.app,
        `/v1/gaps?actor=nato-russia-council&order=longest&limit=1&cursor=${forge(cursor, position)}`,
      );
      assertProblem(res, { status: 400, pointers: ['/cursor'] });
    }
  });
});

describe('hostile input: PostgreSQL data errors are 400s (the safety net)', () => {
  async function problemOf(statement: ReturnType<typeof sql>) {
    const error = await statement.execute(t.db).then(
      () => assert.fail('the statement should fail'),
      (e: unknown) => e,
    );
    return toProblem(error as FastifyError);
  }

  for (const [name, statement, code] of [
    ['invalid text representation (22P02)', sql`select 'x'::int`, '22P02'],
    ['a date out of range (22008)', sql`select '2019-02-30'::date`, '22008'],
    ['an integer out of range (22003)', sql`select 2147483648::int`, '22003'],
    ['a bad datetime format (22007)', sql`select 'soon'::timestamp`, '22007'],
  ] as const) {
    test(`${name} is a 400 "a value is out of range or malformed"`, async () => {
      const error = await statement.execute(t.db).then(
        () => assert.fail('the statement should fail'),
        (e: unknown) => e as { code?: string },
      );
      assert.match(String(error.code), /^22/, `SQLSTATE ${String(error.code)} (expected like ${code})`);
      const problem = toProblem(error as FastifyError);
      assert.equal(problem.status, 400);
      assert.match(problem.message, /out of range or malformed: check the parameters/);
    });
  }

  test('a tsquery syntax error (42601) is a 400 naming /q', async () => {
    const problem = await problemOf(sql`select to_tsquery('simple', 'a & & b')`);
    assert.equal(problem.status, 400);
    assert.deepEqual(problem.errors, [
      {
        detail: 'is not a search query this API can run: use words, "phrases", OR and -word',
        pointer: '/q',
        in: 'query',
      },
    ]);
  });

  test('another syntax error stays a 500: it is a fault of the service, not of the input', async () => {
    const problem = await problemOf(sql`select from where`);
    assert.equal(problem.status, 500);
  });
});
