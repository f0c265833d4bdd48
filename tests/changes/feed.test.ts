import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../helpers/app.ts';
import { usingServerPostgres } from '../helpers/database.ts';
import { bearer, eventInput, uniqueSlug } from '../helpers/fixtures.ts';
import { FEED_WAIT_MS, feedSettled } from './horizon.ts';

const api = useTestApp({ seed: true, keys: true });

interface Change {
  token: string;
  entity: string;
  id: string;
  slug: string | null;
  operation: string;
  version: number;
}

async function readFeed(since?: string, limit = 1000) {
  const query = new URLSearchParams({ limit: String(limit), ...(since ? { since } : {}) });
  const res = await api.inject({ url: `/v1/changes?${query}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { data: Change[]; next_token: string; has_more: boolean };
}

/** The token after every change so far: what a test reads from to see only its own writes. */
async function head(): Promise<string> {
  await feedSettled(api.db);
  let page = await readFeed();
  while (page.has_more) page = await readFeed(page.next_token);
  return page.next_token;
}

/**
 * The feed after `since` once it holds `count` changes: on a shared server PostgreSQL another database's
 * running write transaction holds the horizon back for a moment (the feed waits, it never skips).
 */
async function readFeedOf(since: string, count: number) {
  const deadline = Date.now() + FEED_WAIT_MS;
  for (;;) {
    const page = await readFeed(since);
    if (page.data.length >= count || Date.now() > deadline) return page;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const summary = (c: Change) => `${c.entity} ${c.operation} ${c.slug ?? c.id} v${c.version}`;

async function write(method: string, url: string, payload?: unknown) {
  const res = await api.inject({ method, url, headers: bearer(api.keys.admin), payload: payload as object });
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
  return res;
}

describe('change feed', () => {
  test('feed: a create, an update and a delete of an event and an actor create, in commit order, the delete a tombstone with id and slug', async () => {
    const from = await head();
    const slug = uniqueSlug('feed');
    const actorId = uniqueSlug('feed-actor');
    const event = (await write('POST', '/v1/events', eventInput({ slug }))).json();
    await write('PATCH', `/v1/events/${event.id}`, { title: { en: 'Renamed' } });
    await write('POST', '/v1/actors', { id: actorId, kind: 'person', name: { en: 'Someone' } });
    await write('DELETE', `/v1/events/${event.id}`);

    const feed = await readFeedOf(from, 4);
    assert.deepEqual(feed.data.map(summary), [
      `event create ${slug} v1`,
      `event update ${slug} v2`,
      `actor create ${actorId} v1`,
      `event delete ${slug} v3`,
    ]);
    const tombstone = feed.data[3];
    assert.equal(tombstone?.id, event.id);
    assert.equal(tombstone?.slug, slug);
    assert.equal(feed.next_token, tombstone?.token);
    assert.equal(feed.has_more, false);
  });

  test('feed: read one change at a time it gives the same changes, and an empty read keeps the token', async () => {
    const from = await head();
    const slugs = [uniqueSlug('one'), uniqueSlug('two'), uniqueSlug('three')];
    for (const slug of slugs) await write('POST', '/v1/events', eventInput({ slug }));
    const all = await readFeedOf(from, 3);
    const oneByOne: Change[] = [];
    let page = await readFeed(from, 1);
    for (;;) {
      oneByOne.push(...page.data);
      if (!page.has_more) break;
      page = await readFeed(page.next_token, 1);
    }
    assert.deepEqual(oneByOne, all.data);
    assert.deepEqual(
      all.data.map((c) => c.slug),
      slugs,
    );
    const after = await readFeed(all.next_token);
    assert.deepEqual(after, { data: [], next_token: all.next_token, has_more: false });
  });

  test('feed: a bulk import feeds one create per imported event', async () => {
    const from = await head();
    const slugs = [uniqueSlug('imp'), uniqueSlug('imp'), uniqueSlug('imp')];
    const res = await api.inject({
      method: 'POST',
      url: '/v1/events:import',
      headers: { ...bearer(api.keys.write), 'content-type': 'application/x-ndjson' },
      payload: slugs.map((slug) => JSON.stringify(eventInput({ slug }))).join('\n'),
    });
    assert.ok(res.statusCode < 300, res.body);
    const feed = await readFeedOf(from, 3);
    assert.deepEqual(
      feed.data.map(summary),
      slugs.map((slug) => `event create ${slug} v1`),
    );
  });

  test('feed: a token that was not handed out is a 400 naming since', async () => {
    for (const since of ['nope', Buffer.from('12.x').toString('base64url'), 'MTIuMw==']) {
      const res = await api.inject({ url: `/v1/changes?since=${encodeURIComponent(since)}` });
      assert.equal(res.statusCode, 400, since);
      assert.deepEqual(
        res.json().errors.map((e: { pointer: string; in: string }) => [e.pointer, e.in]),
        [['/since', 'query']],
      );
    }
  });

  test('feed: a write that commits first waits behind an older transaction still running, so no token skips it', {
    skip: !usingServerPostgres && 'needs concurrent transactions (server PostgreSQL)',
  }, async () => {
    const from = await head();
    const slug = uniqueSlug('late');
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let begun!: () => void;
    const hasBegun = new Promise<void>((resolve) => {
      begun = resolve;
    });
    // An older transaction takes its id first and commits last.
    const older = api.db.transaction().execute(async (tx) => {
      await sql`select pg_current_xact_id()`.execute(tx);
      begun();
      await released;
      await sql`insert into revisions (entity, entity_id, version, operation, snapshot)
          values ('event_type', ${slug}, 1, 'create', '{}')`.execute(tx);
    });
    await hasBegun;
    await write('POST', '/v1/events', eventInput({ slug }));
    assert.deepEqual((await readFeed(from)).data, [], 'the newer write waits for the older transaction');
    release();
    await older;
    assert.deepEqual((await readFeedOf(from, 2)).data.map(summary), [
      `event_type create ${slug} v1`,
      `event create ${slug} v1`,
    ]);
  });
});
