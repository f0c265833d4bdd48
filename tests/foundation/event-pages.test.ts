import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyError, FastifyInstance } from 'fastify';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/db/schema.ts';
import { toProblem } from '../../src/http/error-handler.ts';
import { eventJsonParts } from '../../src/modules/events/read/page-json.queries.ts';
import { storeDateDisplays } from '../../src/modules/events/write/date-displays.ts';
import { EventPagesRefill, eventPagesBacklog } from '../../src/modules/events/write/event-pages.ts';
import { createTestApp } from '../helpers/app.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { usingServerPostgres } from '../helpers/database.ts';
import { bearer, createKeys, eventInput, type Inject, type TestKeys } from '../helpers/fixtures.ts';

// Each event's JSON text is stored at write time (event_pages, migration 0110) and a timeline page sends the
// stored texts. These tests hold the stored text to the page writer of page-json.queries.ts (`eventJsonParts`)
// after every kind of write a page shows: the event itself, its participants, an actor's name, its sources, its
// relations and their targets' slug and deletion, an import, a date's display strings, and two writers at once.

const cleanups: (() => Promise<void>)[] = [];
let app: FastifyInstance;
let db: Kysely<Database>;
let database: TestDatabase;
let keys: TestKeys;
let inject: Inject;
const tag = `pages-${process.pid}`;
const actor = `${tag}-actor`;

before(async () => {
  // The app's own refill is off: the backlog test below drives it.
  ({ app, db, database } = await createTestApp(
    { after: (fn) => cleanups.push(fn) },
    { seed: true, env: { EVENT_PAGES_REFILL_INTERVAL_MS: '0' } },
  ));
  keys = await createKeys(db);
  inject = app.inject.bind(app) as Inject;
  const res = await inject({
    method: 'POST',
    url: '/v1/actors',
    headers: bearer(keys.write),
    payload: { id: actor, kind: 'state', name: { en: 'Ruritania' } },
  });
  assert.equal(res.statusCode, 201, res.body);
});
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

interface Drift {
  id: string;
  stored: string | null;
  computed: string | null;
  has: boolean;
}

/** Events whose stored text is missing or differs from what the page writer makes of them now. */
async function drift(): Promise<Drift[]> {
  const { head, tail } = eventJsonParts(undefined);
  const { rows } = await sql<Drift>`
    select e.id, p.json as stored, ${head} || d.display || ${tail} as computed, p.event_id is not null as has
    from events e left join date_displays d on d.edtf = e.edtf left join event_pages p on p.event_id = e.id
    order by e.id`.execute(db);
  return rows.filter((r) => !r.has || r.stored !== r.computed);
}

/** Asserts every event's stored text is the writer's, and that the queue of texts to write is empty. */
async function assertTrue(when: string): Promise<void> {
  assert.deepEqual(await drift(), [], `stored texts after ${when}`);
  const { rows } = await sql<{ pending: number; commits: number; backlog: number }>`
    select (select count(*) from event_pages_pending)::int as pending,
      (select count(*) from event_pages_commits)::int as commits,
      (select count(*) from event_pages_backlog)::int as backlog`.execute(db);
  assert.deepEqual(rows[0], { pending: 0, commits: 0, backlog: 0 }, `the queues after ${when}`);
}

async function storedOf(id: string): Promise<Record<string, unknown> | null> {
  const row = await db
    .selectFrom('event_pages' as never)
    .select(sql<string | null>`json`.as('json'))
    .where(sql`event_id`, '=', id)
    .executeTakeFirst();
  assert.ok(row, `event ${id} has a stored text`);
  const json = (row as { json: string | null }).json;
  return json === null ? null : (JSON.parse(json) as Record<string, unknown>);
}

async function textOf(id: string): Promise<Record<string, unknown>> {
  const text = await storedOf(id);
  assert.ok(text, `event ${id}'s stored text is not null`);
  return text;
}

async function create(
  fields: Record<string, unknown>,
): Promise<{ id: string; slug: string; version: number }> {
  const res = await inject({
    method: 'POST',
    url: '/v1/events',
    headers: bearer(keys.write),
    payload: eventInput({ tags: [tag], ...fields }),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function patch(path: string, body: Record<string, unknown>): Promise<void> {
  const res = await inject({
    method: 'PATCH',
    url: path,
    headers: { ...bearer(keys.write), 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify(body),
  });
  assert.equal(res.statusCode, 200, res.body);
}

describe('stored event texts', () => {
  let first: { id: string; slug: string };
  let second: { id: string; slug: string };

  test('the seeded events have their texts, the page writer’s byte for byte', async () => {
    await assertTrue('the seed');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from event_pages`.execute(db);
    assert.ok((rows[0] as { n: number }).n > 0);
  });

  test('an event created with participants, sources and a relation', async () => {
    first = await create({
      date: '1999-03',
      participants: [
        { actor, role: 'host' },
        { actor: 'nato', role: 'party' },
      ],
      sources: [{ title: 'Gazette', url: 'https://example.org/g', quote: 'Hear "this"' }],
    });
    second = await create({
      date: '1999-04-0X',
      participants: [{ actor, role: 'party' }],
      relations: [{ kind: 'follows', event: first.id }],
    });
    await assertTrue('two creates');
    const text = await textOf(second.id);
    assert.deepEqual(text.relations, [{ kind: 'follows', event: { id: first.id, slug: first.slug } }]);
  });

  test('a change of the event, its participants and its sources', async () => {
    await patch(`/v1/events/${first.id}`, {
      title: { en: 'Changed', fr: 'Changé' },
      participants: [{ actor, role: 'chair' }],
      sources: [],
    });
    await assertTrue('a patch');
    const text = await textOf(first.id);
    // A merge patch: the German title stays.
    assert.deepEqual(text.title, { en: 'Changed', de: 'Sitzung des Nato-Russland-Rats', fr: 'Changé' });
    assert.equal((text.participants as unknown[]).length, 1);
    assert.deepEqual(text.sources, []);
  });

  test("an actor's new name reaches every event it takes part in", async () => {
    await patch(`/v1/actors/${actor}`, { name: { en: 'Grand Fenwick', de: 'Groß-Fenwick' } });
    await assertTrue("an actor's rename");
    for (const id of [first.id, second.id]) {
      const text = await textOf(id);
      const names = (text.participants as { actor: { id: string; name: unknown } }[])
        .filter((p) => p.actor.id === actor)
        .map((p) => p.actor.name);
      assert.deepEqual(names, [{ en: 'Grand Fenwick', de: 'Groß-Fenwick' }]);
    }
  });

  test("a target's new slug, then its deletion, reach the event that relates to it", async () => {
    await patch(`/v1/events/${first.id}`, { slug: `${tag}-renamed` });
    await assertTrue("a target's new slug");
    assert.deepEqual((await textOf(second.id)).relations, [
      { kind: 'follows', event: { id: first.id, slug: `${tag}-renamed` } },
    ]);
    const res = await inject({
      method: 'DELETE',
      url: `/v1/events/${first.id}`,
      headers: bearer(keys.write),
    });
    assert.equal(res.statusCode, 204, res.body);
    await assertTrue("a target's deletion");
    assert.deepEqual((await textOf(second.id)).relations, []);
  });

  test('an import that creates and updates events', async () => {
    const lines = [
      { ...eventInput({ tags: [tag], slug: `${tag}-imp-1`, participants: [{ actor, role: 'host' }] }) },
      {
        ...eventInput({
          tags: [tag],
          slug: `${tag}-imp-2`,
          relations: [{ kind: 'follows', event: second.id }],
        }),
      },
      {
        ...eventInput({
          tags: [tag],
          id: second.id,
          slug: second.slug,
          date: '1999-05',
          title: { en: 'Re' },
        }),
      },
    ];
    const res = await inject({
      method: 'POST',
      url: '/v1/events:import',
      headers: { ...bearer(keys.write), 'content-type': 'application/x-ndjson' },
      payload: lines.map((l) => JSON.stringify(l)).join('\n'),
    });
    assert.equal(res.statusCode, 200, res.body);
    await assertTrue('an import');
    assert.deepEqual((await textOf(second.id)).title, { en: 'Re' });
  });

  test('links written alone by SQL: sources, participants, relations, a target restored, display strings changed', async () => {
    // The API's writes also change the event row, which queues its text by itself: these change only the links.
    await sql`insert into event_sources (event_id, position, title) values (${second.id}, 9, 'By hand')`.execute(
      db,
    );
    await assertTrue('a source inserted alone');
    assert.ok(JSON.stringify((await textOf(second.id)).sources).includes('By hand'));
    await sql`update event_sources set title = 'Changed by hand' where event_id = ${second.id} and position = 9`.execute(
      db,
    );
    await assertTrue('a source updated alone');
    await sql`delete from event_sources where event_id = ${second.id} and position = 9`.execute(db);
    await assertTrue('a source deleted alone');
    await sql`insert into event_participants (event_id, actor_id, role) values (${second.id}, 'nato', 'observer')`.execute(
      db,
    );
    await assertTrue('a participant inserted alone');
    await sql`delete from event_participants where event_id = ${second.id} and actor_id = 'nato'`.execute(db);
    await assertTrue('a participant deleted alone');

    // `first` is deleted: a relation to it is not shown, until it is restored.
    await sql`insert into event_relations (event_id, kind, target_id) values (${second.id}, 'follows', ${first.id})`.execute(
      db,
    );
    await assertTrue('a relation to a deleted event inserted alone');
    assert.deepEqual((await textOf(second.id)).relations, []);
    await sql`update events set deleted_at = null where id = ${first.id}`.execute(db);
    await assertTrue('the target restored');
    assert.deepEqual((await textOf(second.id)).relations, [
      { kind: 'follows', event: { id: first.id, slug: `${tag}-renamed` } },
    ]);
    await sql`delete from event_relations where event_id = ${second.id}`.execute(db);
    await assertTrue('a relation deleted alone');
    assert.deepEqual((await textOf(second.id)).relations, []);

    const edtf = ((await textOf(second.id)).date as { edtf: string }).edtf;
    const display = await sql<{
      display: string;
    }>`select display from date_displays where edtf = ${edtf}`.execute(db);
    await sql`update date_displays set display = '{"en": "by hand"}' where edtf = ${edtf}`.execute(db);
    await assertTrue("a date's display strings changed");
    assert.deepEqual(((await textOf(second.id)).date as { display: unknown }).display, { en: 'by hand' });
    const original = JSON.stringify((display.rows[0] as { display: unknown }).display);
    await sql`update date_displays set display = ${original} where edtf = ${edtf}`.execute(db);
    await assertTrue('the display strings put back');
  });

  test("an actor's other members leave its events' texts as they are", async () => {
    const versions = async () =>
      (
        await sql<{ v: string }>`
          select p.xmin::text as v from event_pages p
          where p.event_id in (select event_id from event_participants where actor_id = ${actor})
          order by p.event_id`.execute(db)
      ).rows.map((r) => r.v);
    const before = await versions();
    assert.ok(before.length > 0);
    await patch(`/v1/actors/${actor}`, { aliases: ['Ruritanien'] });
    assert.deepEqual(await versions(), before, 'no text rewritten (same row versions)');
    await assertTrue("an actor's aliases changed");
  });

  test('a write refused leaves no queue and no text behind', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from event_pages`.execute(db);
    const res = await inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(keys.write),
      payload: eventInput({ tags: [tag], participants: [{ actor: `${tag}-nobody`, role: 'host' }] }),
    });
    assert.equal(res.statusCode, 422, res.body);
    await assertTrue('a refused write');
    const afterwards = await sql<{ n: number }>`select count(*)::int as n from event_pages`.execute(db);
    assert.deepEqual(afterwards.rows, before.rows);
  });

  test("a date's display strings: gone, the text is null and the page writes the event; back, the text is", async () => {
    const run = (text: string, values: readonly unknown[]) =>
      db.executeQuery(CompiledQuery.raw(text, [...values]));
    const edtf = ((await textOf(second.id)).date as { edtf: string }).edtf;
    await db.deleteFrom('date_displays').where('edtf', '=', edtf).execute();
    assert.equal(await storedOf(second.id), null);
    const page = await inject(`/v1/events?tag=${tag}&limit=100`);
    assert.equal(page.statusCode, 200);
    const shown = (page.json() as { data: { id: string; date: { display: unknown } }[] }).data.find(
      (e) => e.id === second.id,
    );
    assert.ok(shown?.date.display, 'the page still shows the display strings, written by Node');
    await storeDateDisplays(run, [edtf]);
    await assertTrue('the display strings stored again');
    assert.ok(await storedOf(second.id));
  });

  test('a write of more texts than a commit writes: deleted, in the backlog, then written by the refill', async () => {
    // The limit is 1,000 texts; this transaction lowers it to 1 instead of renaming an actor of 1,001 events.
    const { rows } = await sql<{ event_id: string }>`
      select event_id from event_participants where actor_id = ${actor} order by event_id`.execute(db);
    const ids = [...new Set(rows.map((r) => r.event_id))];
    assert.ok(ids.length >= 2, 'the actor takes part in several events');
    await db.transaction().execute(async (tx) => {
      await sql`select set_config('timeline.event_pages_inline', '1', true)`.execute(tx);
      await sql`update actors set name = '{"en": "Freedonia"}'::jsonb where id = ${actor}`.execute(tx);
    });
    assert.equal(await eventPagesBacklog(db), ids.length);
    const missing = (await drift()).filter((d) => !d.has).map((d) => d.id);
    assert.deepEqual(missing.sort(), [...ids].sort(), 'their texts are deleted, no stale one is left');

    const page = await inject(`/v1/events?actor=${actor}&limit=100`);
    assert.equal(page.statusCode, 200);
    const names = (
      page.json() as { data: { participants: { actor: { id: string; name: unknown } }[] }[] }
    ).data
      .flatMap((e) => e.participants)
      .filter((p) => p.actor.id === actor)
      .map((p) => p.actor.name);
    const live = await sql<{ n: number }>`
      select count(*)::int as n from events where deleted_at is null and id in (
        select event_id from event_participants where actor_id = ${actor})`.execute(db);
    assert.equal(
      names.length,
      (live.rows[0] as { n: number }).n,
      'every live event of the actor is on the page',
    );
    for (const name of names) assert.deepEqual(name, { en: 'Freedonia' });

    const logged: object[] = [];
    const refill = new EventPagesRefill(db, {
      intervalMs: 5,
      logger: { info: (o) => logged.push(o), warn: (o) => assert.fail(JSON.stringify(o)) },
    });
    refill.start();
    for (let i = 0; i < 400 && (await eventPagesBacklog(db)) > 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    await refill.stop();
    await assertTrue('the refill');
    assert.deepEqual(
      logged.map((o) => (o as { written: number }).written).reduce((a, b) => a + b, 0),
      ids.length,
    );
  });

  test('a timeline page sends the stored texts', async () => {
    // Only the page statement reads event_pages: a text changed behind the triggers' back shows on the page.
    const title = '"title":{"en": "Re"}';
    const altered = '"title":{"en": "From the stored text"}';
    const swap = (from: string, to: string) =>
      sql`update event_pages set json = replace(json, ${from}, ${to})
        where event_id = ${second.id} and position(${from} in json) > 0`.execute(db);
    assert.equal((await swap(title, altered)).numAffectedRows, 1n);
    try {
      const page = await inject(`/v1/events?tag=${tag}&limit=100`);
      const shown = (page.json() as { data: { id: string; title: unknown }[] }).data.find(
        (e) => e.id === second.id,
      );
      assert.deepEqual(shown?.title, { en: 'From the stored text' });
      const partial = await inject(`/v1/events?tag=${tag}&limit=100&fields=id,title`);
      const chosen = (partial.json() as { data: { id: string; title: unknown }[] }).data.find(
        (e) => e.id === second.id,
      );
      assert.deepEqual(chosen?.title, { en: 'Re' }, 'a field selection writes the members from the rows');
    } finally {
      assert.equal((await swap(altered, title)).numAffectedRows, 1n);
    }
    await assertTrue('the text put back');
  });
});

describe('two writers at once', {
  skip: !usingServerPostgres && 'needs server PostgreSQL (two sessions)',
}, () => {
  // A rename and an event's change commit in either order; the text stored last must show both.
  for (const order of ['rename first', 'event first'] as const) {
    test(`an actor's rename and a change of one of its events, ${order}`, async () => {
      const event = await create({ date: '2001-01', participants: [{ actor, role: 'host' }] });
      const rename = new pg.Client({ connectionString: database.url });
      const change = new pg.Client({ connectionString: database.url });
      await rename.connect();
      await change.connect();
      try {
        const name = `{"en": "${order}"}`;
        await rename.query('begin');
        await rename.query('update actors set name = $1::jsonb where id = $2', [name, actor]);
        await change.query('begin');
        await change.query(`update events set title = '{"en": "changed"}'::jsonb where id = $1`, [event.id]);
        const [firstToCommit, second] = order === 'rename first' ? [rename, change] : [change, rename];
        await firstToCommit.query('commit');
        await second.query('commit');
        const text = await textOf(event.id);
        assert.deepEqual(text.title, { en: 'changed' });
        assert.deepEqual((text.participants as { actor: { name: unknown } }[])[0]?.actor.name, {
          en: order,
        });
        await assertTrue(`two writers, ${order}`);
      } finally {
        await rename.end();
        await change.end();
      }
    });
  }

  test('a participant added while its actor is renamed, and a relation added while its target is deleted', async () => {
    const event = await create({ date: '2002-01', participants: [{ actor: 'nato', role: 'host' }] });
    const target = await create({ date: '2002-02' });
    const a = new pg.Client({ connectionString: database.url });
    const b = new pg.Client({ connectionString: database.url });
    await a.connect();
    await b.connect();
    try {
      for (const [change, link] of [
        [
          ['update actors set name = \'{"en": "Renamed meanwhile"}\'::jsonb where id = $1', actor],
          [
            "insert into event_participants (event_id, actor_id, role) values ($1, $2, 'observer')",
            event.id,
            actor,
          ],
        ],
        [
          ['update events set deleted_at = now(), version = version + 1 where id = $1', target.id],
          [
            "insert into event_relations (event_id, kind, target_id) values ($1, 'follows', $2)",
            event.id,
            target.id,
          ],
        ],
      ] as const) {
        // A changes what the text shows; B links the event to it and commits first if nothing holds it back.
        await a.query('begin');
        await a.query(change[0], change.slice(1) as string[]);
        await b.query('begin');
        const linked = b.query(link[0], link.slice(1) as string[]).then(() => b.query('commit'));
        await new Promise((resolve) => setTimeout(resolve, 300));
        await a.query('commit');
        await linked;
        await assertTrue(`${change[0].split(' ')[1]} changed while linked`);
      }
    } finally {
      await a.end();
      await b.end();
    }
  });

  test('two writes waiting on each other: one is rolled back, a 503 that says to send it again', async () => {
    const ids = [`${tag}-dl-a`, `${tag}-dl-b`];
    for (const id of ids)
      await sql`insert into actors (id, kind, name) values (${id}, 'state', '{"en": "x"}'::jsonb)`.execute(
        db,
      );
    const one = new pg.Client({ connectionString: database.url });
    const two = new pg.Client({ connectionString: database.url });
    await one.connect();
    await two.connect();
    try {
      const rename = (client: pg.Client, id: string) =>
        client.query(`update actors set name = '{"en": "y"}'::jsonb where id = $1`, [id]);
      await one.query('begin');
      await two.query('begin');
      await rename(one, ids[0] as string);
      await rename(two, ids[1] as string);
      const outcomes = await Promise.allSettled([
        rename(one, ids[1] as string),
        rename(two, ids[0] as string),
      ]);
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      assert.ok(failed, 'PostgreSQL found the deadlock');
      assert.equal((failed.reason as { code?: string }).code, '40P01');
      const problem = toProblem(failed.reason as FastifyError);
      assert.equal(problem.status, 503);
      assert.equal(problem.headers?.['retry-after'], '1');
      assert.match(problem.message, /nothing was written: send it again/);
    } finally {
      await one.query('rollback').catch(() => {});
      await two.query('rollback').catch(() => {});
      await one.end();
      await two.end();
    }
  });
});

describe('the refill when the database is away', {
  skip: !usingServerPostgres && 'needs server PostgreSQL (a database that is not there)',
}, () => {
  test('a failed batch is a warning, and the refill goes on: it neither throws nor stops the process', async () => {
    const url = new URL(database.url as string);
    url.pathname = `/timeline_gone_${process.pid}`;
    const gone = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }),
    });
    const warnings: object[] = [];
    const refill = new EventPagesRefill(gone, {
      intervalMs: 5,
      logger: { info: () => assert.fail('nothing was written'), warn: (o) => warnings.push(o) },
    });
    try {
      await refill.drain();
      assert.equal(warnings.length, 1);
      assert.equal(
        (warnings[0] as { err: { code?: string } }).err.code,
        '3D000',
        'the database does not exist',
      );
      refill.start();
      for (let i = 0; i < 200 && warnings.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(warnings.length >= 3, 'it tried again on its own');
    } finally {
      await refill.stop();
      await gone.destroy();
    }
  });
});
