import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { generateEvents, insertEventRows, insertTimeline } from '../helpers/generated-timeline.ts';
import { assertProblem, get, getPage } from '../helpers/http.ts';

// Bad input to the timeline read API: each is a 400 (or 406, 404) application/problem+json whose
// errors name the parameter, never a 500 nor a 200 cut off mid-stream.

let t: TestApp;
const cleanups: (() => Promise<void>)[] = [];
/** The next_cursor of the first page of `?limit=2` (asc, no filters). */
let cursor: string;

before(async () => {
  t = await createTestApp({ after: (fn) => cleanups.push(fn) });
  await insertTimeline(t.db, generateEvents({ count: 12, seed: 7, firstYear: 2010, lastYear: 2020 }));
  const page = await getPage(t.app, '/v1/events?limit=2');
  assert.ok(page.next_cursor);
  cursor = page.next_cursor;
});

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('events: bad query parameters are 400 problems naming the parameter', () => {
  const cases: [query: string, pointers: string[]][] = [
    ['from=2014-13', ['/from']],
    ['from=14', ['/from']],
    ['from=2014-6', ['/from']],
    ['to=2019-02-30', ['/to']],
    ['to=2019-02-29', ['/to']],
    ['from=2016&to=2014', ['/to']],
    ['from=2016-05&to=2016-04-30', ['/to']],
    ['limit=0', ['/limit']],
    ['limit=501', ['/limit']],
    ['limit=abc', ['/limit']],
    ['limit=2.5', ['/limit']],
    ['foo=1', ['/foo']],
    ['order=sideways', ['/order']],
    ['temporal=maybe', ['/temporal']],
    ['actor_match=some', ['/actor_match']],
    ['count=maybe', ['/count']],
    ['format=xml', ['/format']],
    ['lang=GERMAN', ['/lang']],
    ['status=postponed', ['/status/0']],
    ['role=king', ['/role/0']],
    ['actor=NATO', ['/actor/0']],
    ['country=de', ['/country/0']],
    ['q=', ['/q']],
    ['updated_since=yesterday', ['/updated_since']],
    ['cursor=', ['/cursor']],
  ];
  for (const [query, pointers] of cases) {
    test(`?${query} → 400 at ${pointers.join(', ')}`, async () => {
      const problem = assertProblem(await get(t.app, `/v1/events?${query}`), { status: 400, pointers });
      assert.equal(problem.title, 'Invalid request');
      assert.equal(problem.type, 'https://diplomatic-timeline.example/problems/validation');
      assert.equal(problem.instance, '/v1/events');
      assert.ok(problem.errors?.every((e) => e.in === 'query'));
    });
  }

  test('several bad parameters are all reported at once', async () => {
    const problem = assertProblem(await get(t.app, '/v1/events?limit=0&order=sideways&foo=1'), {
      status: 400,
    });
    assert.deepEqual(problem.errors?.map((e) => e.pointer).sort(), ['/foo', '/limit', '/order']);
  });

  test('the problem says what is wrong: from=2014-13 has the wrong format (with the right one), to=2019-02-30 has 28 days', async () => {
    const from = assertProblem(await get(t.app, '/v1/events?from=2014-13'), {
      status: 400,
      pointers: ['/from'],
    });
    assert.match(from.errors?.[0]?.detail ?? '', /^has the wrong format \(.*YYYY, YYYY-MM or YYYY-MM-DD/);
    const to = assertProblem(await get(t.app, '/v1/events?to=2019-02-30'), {
      status: 400,
      pointers: ['/to'],
    });
    assert.equal(to.errors?.[0]?.detail, '"2019-02-30": 2019-02 has only 28 days');
    const window = assertProblem(await get(t.app, '/v1/events?from=2016&to=2014'), {
      status: 400,
      pointers: ['/to'],
    });
    assert.equal(window.errors?.[0]?.detail, 'the window ends (2014-12-31) before it starts (2016-01-01)');
  });

  test('limit names its bounds', async () => {
    const problem = assertProblem(await get(t.app, '/v1/events?limit=501'), {
      status: 400,
      pointers: ['/limit'],
    });
    assert.equal(problem.errors?.[0]?.detail, 'must be <= 500');
  });

  test('an unknown parameter is named in the detail', async () => {
    const problem = assertProblem(await get(t.app, '/v1/events?foo=1'), { status: 400, pointers: ['/foo'] });
    assert.equal(problem.errors?.[0]?.detail, 'unknown parameter "foo"');
  });

  test('more than 20 values of a list parameter, even as one comma list', async () => {
    const actors = Array.from({ length: 21 }, (_, i) => `actor-${i}`).join(',');
    assertProblem(await get(t.app, `/v1/events?actor=${actors}`), { status: 400, pointers: ['/actor'] });
  });
});

describe('events: bad filters in streamed exports are 400s, not broken 200s', () => {
  const cases = ['from=2016&to=2014', 'to=2019-02-30', 'from=2014-06-31'];
  for (const query of cases) {
    for (const format of ['csv', 'ndjson'] as const) {
      test(`format=${format}&${query} → 400 problem`, async () => {
        assertProblem(await get(t.app, `/v1/events?format=${format}&${query}`), { status: 400 });
      });
    }
  }

  test('Accept: text/csv with a window that ends before it starts → 400 problem', async () => {
    assertProblem(await get(t.app, '/v1/events?from=2016&to=2014', { accept: 'text/csv' }), {
      status: 400,
      pointers: ['/to'],
    });
  });
});

describe('events: cursors', () => {
  test('the untouched cursor works', async () => {
    const page = await getPage(t.app, `/v1/events?limit=2&cursor=${encodeURIComponent(cursor)}`);
    assert.equal(page.data.length, 2);
  });

  test('a cursor with any one character flipped is a 400 "Invalid cursor"', async () => {
    for (let i = 0; i < cursor.length; i += 1) {
      const c = cursor[i] ?? '';
      if (c === '.') continue;
      const flipped = `${cursor.slice(0, i)}${c === 'A' ? 'B' : 'A'}${cursor.slice(i + 1)}`;
      const problem = assertProblem(
        await get(t.app, `/v1/events?limit=2&cursor=${encodeURIComponent(flipped)}`),
        {
          status: 400,
          pointers: ['/cursor'],
        },
      );
      assert.equal(problem.title, 'Invalid cursor');
      assert.equal(problem.type, 'https://diplomatic-timeline.example/problems/bad-cursor');
    }
  });

  test('a cursor whose signature has non-ASCII characters is a 400, not a 500', async () => {
    const [payload] = cursor.split('.');
    const forged = `${payload}.${'é'.repeat(22)}`;
    assertProblem(await get(t.app, `/v1/events?cursor=${encodeURIComponent(forged)}`), {
      status: 400,
      pointers: ['/cursor'],
    });
  });

  test('garbage and truncated cursors are 400s', async () => {
    for (const bad of [
      'abc',
      'abc.def',
      `${cursor}.extra`,
      cursor.slice(0, -1),
      cursor.split('.')[0] ?? '',
    ]) {
      assertProblem(await get(t.app, `/v1/events?cursor=${encodeURIComponent(bad)}`), {
        status: 400,
        pointers: ['/cursor'],
      });
    }
  });

  test('a cursor reused with other filters or another order is a 400 that says so', async () => {
    for (const query of [
      'type=meeting',
      'from=2012',
      'order=desc',
      'actor_match=all&actor=alpha',
      'q=uranium',
    ]) {
      const problem = assertProblem(
        await get(t.app, `/v1/events?${query}&limit=2&cursor=${encodeURIComponent(cursor)}`),
        { status: 400, pointers: ['/cursor'] },
      );
      assert.match(problem.detail, /belongs to another query/);
    }
  });

  test('the same filters written another way keep the cursor valid', async () => {
    const first = await getPage(t.app, '/v1/events?type=meeting,summit&limit=1');
    assert.ok(first.next_cursor);
    const again = `/v1/events?type=summit&type=meeting&limit=1&cursor=${encodeURIComponent(first.next_cursor)}`;
    assert.equal((await get(t.app, again)).statusCode, 200);
  });

  test('a cursor re-signed with another secret is refused', async () => {
    // What another deployment (or a forger) would send: the same position, signed with a key not ours.
    const [payload = ''] = cursor.split('.');
    const signature = createHmac('sha256', 'another-secret-of-another-deployment')
      .update(payload)
      .digest('base64url')
      .slice(0, 22);
    assertProblem(await get(t.app, `/v1/events?limit=2&cursor=${payload}.${signature}`), {
      status: 400,
      pointers: ['/cursor'],
    });
  });
});

describe('events: other errors', () => {
  test('Accept: image/png → 406 problem', async () => {
    assertProblem(await get(t.app, '/v1/events', { accept: 'image/png' }), { status: 406 });
  });

  test('Accept with only unsupported types, even with q, → 406', async () => {
    assertProblem(await get(t.app, '/v1/events', { accept: 'image/png;q=1, application/xml;q=0.5' }), {
      status: 406,
    });
  });

  test('Accept: text/csv;q=0 (not acceptable) with nothing else → 406', async () => {
    assertProblem(await get(t.app, '/v1/events', { accept: 'text/csv;q=0' }), { status: 406 });
  });

  test('GET /v1/events/{id} with an unknown parameter → 400 at /foo', async () => {
    assertProblem(await get(t.app, '/v1/events/anything?foo=1'), { status: 400, pointers: ['/foo'] });
  });

  test('GET /v1/events/{id} for a soft-deleted event → 404, by UUID and by slug', async () => {
    const [tombstone] = generateEvents({ count: 1, seed: 9, firstYear: 2015, lastYear: 2015 }).map((e) => ({
      ...e,
      slug: 'deleted-event',
      deleted: true,
    }));
    assert.ok(tombstone);
    await insertEventRows(t.db, [tombstone]);
    assertProblem(await get(t.app, `/v1/events/${tombstone.id}`), { status: 404 });
    assertProblem(await get(t.app, '/v1/events/deleted-event'), { status: 404 });
  });
});
