import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import type { ApiEvent } from '../../src/modules/events/read/events.mapper.ts';
import { openEventBatches, openEventExport } from '../../src/modules/events/read/export.service.ts';
import { csvHeader, eventCsvRow } from '../../src/modules/events/read/formats.mapper.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import {
  ACTORS,
  type GeneratedEvent,
  generateEvents,
  insertTimeline,
} from '../helpers/generated-timeline.ts';
import { get, getAll } from '../helpers/http.ts';

// The CSV and NDJSON exports read 500 events per batch, one batch ahead of the writing. 1,234 events make
// three batches, with sources and relations spread over all of them.

let t: TestApp;
let events: GeneratedEvent[];
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  events = generateEvents({ count: 1234, seed: 1207, firstYear: 1990, lastYear: 2020 });
  t = await createTestApp({ after: (fn) => cleanups.push(fn) });
  await insertTimeline(t.db, events);
  const sources = events
    .filter((_, i) => i % 7 === 0)
    .flatMap((e, i) =>
      [0, 1].slice(0, 1 + (i % 2)).map((position) => ({
        event_id: e.id,
        position,
        title: `Communiqué ${i}.${position}`,
        publisher: i % 3 === 0 ? 'Ministry' : null,
        url: i % 4 === 0 ? `https://example.org/${i}/${position}` : null,
        published: i % 5 === 0 ? '2001-02' : null,
        lang: i % 6 === 0 ? 'fr' : null,
        quote: i % 2 === 0 ? `« Quote ${i} »` : null,
        quoted_actor: i % 2 === 0 ? (ACTORS[i % ACTORS.length] ?? null) : null,
      })),
    );
  await t.db.insertInto('event_sources').values(sources).execute();
  const relations = events
    .filter((_, i) => i % 11 === 0)
    .map((e, i) => ({
      event_id: e.id,
      kind: (['responds_to', 'follows', 'part_of', 'ends'] as const)[i % 4] ?? 'follows',
      target_id: (events[(i * 37 + 5) % events.length] ?? e).id,
    }))
    .filter((r) => r.event_id !== r.target_id);
  await t.db.insertInto('event_relations').values(relations).execute();
});

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const ndjson = (body: string) =>
  body
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as ApiEvent);

async function readAll(stream: AsyncIterable<unknown>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(String(chunk));
  return chunks;
}

/** Counts the page queries (the only selects with a limit) a Kysely instance runs. */
class PageQueries implements KyselyPlugin {
  count = 0;
  failFrom = Number.POSITIVE_INFINITY;
  transformQuery(args: PluginTransformQueryArgs) {
    if (args.node.kind === 'SelectQueryNode' && args.node.limit) {
      this.count += 1;
      if (this.count >= this.failFrom) throw new Error(`page query ${this.count} fails`);
    }
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs) {
    return Promise.resolve(args.result);
  }
}

describe('exports across batches', () => {
  test('format=ndjson: every live event once, as the JSON pages give it, in both orders', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const res = await get(t.app, `/v1/events?format=ndjson&order=${order}`);
      assert.equal(res.statusCode, 200);
      const exported = ndjson(res.body);
      assert.equal(exported.length, events.filter((e) => !e.deleted).length);
      assert.ok(exported.length > 1000, 'more than two batches');
      assert.deepEqual(exported, await getAll(t.app, `order=${order}`));
    }
  });

  test('links land on their own events in every batch', async () => {
    const exported = ndjson((await get(t.app, '/v1/events?format=ndjson')).body);
    const batches = [exported.slice(0, 500), exported.slice(500, 1000), exported.slice(1000)];
    for (const batch of batches) {
      assert.ok(batch.some((e) => e.sources.length === 2));
      assert.ok(batch.some((e) => e.relations.length > 0));
      assert.ok(batch.some((e) => e.participants.length > 1));
    }
    for (const e of exported) {
      const generated = events.find((g) => g.id === e.id);
      assert.ok(generated);
      assert.deepEqual(
        e.participants.map((p) => p.actor.id).sort(),
        generated.participants.map((p) => p.actor).sort(),
      );
    }
  });

  test('openEventExport: the NDJSON and CSV of the JSON pages, byte for byte, in chunks of about 16 KiB', async () => {
    const streamed: ApiEvent[] = await getAll(t.app, 'order=asc');
    const languagesOf = (texts: Record<string, string>[]) =>
      [...new Set(texts.flatMap((text) => Object.keys(text)))].sort();
    const languages = {
      title: languagesOf(streamed.map((e) => e.title)),
      summary: languagesOf(streamed.map((e) => e.summary)),
    };
    assert.ok(languages.title.length >= 2, 'titles in several languages: a column each');
    const expected = {
      ndjson: streamed.map((e) => `${JSON.stringify(e)}\n`).join(''),
      csv: csvHeader(languages) + streamed.map((e) => eventCsvRow(e, 'de', languages)).join(''),
    };
    for (const format of ['ndjson', 'csv'] as const) {
      const chunks = await readAll(await openEventExport(t.db, {}, format, 'de'));
      const body = chunks.join('');
      assert.equal(body, expected[format]);
      // Full chunks, but for the last of each of the three batches (and the CSV header).
      assert.ok(
        chunks.length <= Math.ceil(body.length / (16 * 1024)) + 4,
        `${format}: ${chunks.length} chunks`,
      );
      for (const chunk of chunks) assert.ok(chunk.length < 16 * 1024 + 4096, `${format}: ${chunk.length}`);
    }
  });

  test('an empty result: an empty NDJSON body, a CSV with its header only', async () => {
    const query = { status: ['cancelled'], from: '1800', to: '1801' };
    assert.deepEqual(await readAll(await openEventExport(t.db, query, 'ndjson', 'en')), []);
    assert.deepEqual(await readAll(await openEventExport(t.db, query, 'csv', 'en')), [
      csvHeader({ title: [], summary: [] }),
    ]);
  });
});

describe('reading ahead', () => {
  test('the next batch is read while this one is written, and never more than one ahead', async () => {
    const pages = new PageQueries();
    const batches = (await openEventBatches(t.db.withPlugin(pages), {}, (e) => e))[Symbol.asyncIterator]();
    assert.equal(pages.count, 1, 'the first batch is read before the stream opens');
    const first = await batches.next();
    assert.equal(first.value?.length, 500);
    // The consumer is busy with the first batch: the second is read meanwhile, and nothing further.
    await sleep(300);
    assert.equal(pages.count, 2);
    const rest: ApiEvent[] = [];
    for (let batch = await batches.next(); !batch.done; batch = await batches.next())
      rest.push(...batch.value);
    assert.equal(pages.count, 3);
    assert.equal(500 + rest.length, events.filter((e) => !e.deleted).length);
  });

  test('a client that hangs up while the batch ahead fails leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pages = new PageQueries();
      pages.failFrom = 2;
      const batches = await openEventBatches(t.db.withPlugin(pages), {}, (e) => e);
      for await (const batch of batches) {
        assert.equal(batch.length, 500);
        break;
      }
      await sleep(200);
      assert.equal(pages.count, 2, 'the batch ahead was asked for');
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('a batch ahead that fails ends the stream with its error', async () => {
    const pages = new PageQueries();
    pages.failFrom = 2;
    const batches = await openEventBatches(t.db.withPlugin(pages), {}, (e) => e);
    await assert.rejects(readAll(batches), /page query 2 fails/);
  });
});
