import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createTimelineClient, type PartialEventList, type TimelineClient } from '../../sdk/client.ts';
import { createApiKey } from '../../src/modules/keys/keys.service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

// The generated SDK (sdk/schema.d.ts from openapi.json, through openapi-fetch) against the live app on a real
// port: every operation of the document is called at least once, and the typed results are checked.

const document = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string }>>;
};
const documentedOperations = new Set(
  Object.values(document.paths).flatMap((methods) =>
    Object.values(methods).map((op) => op.operationId ?? ''),
  ),
);

describe('SDK generated from openapi.json, against the running service', () => {
  let t: TestApp;
  let client: TimelineClient;
  let admin: TimelineClient;
  const called = new Set<string>();
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    t = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    assert.ok(address && typeof address === 'object');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const { token } = await createApiKey(t.db, { name: 'sdk', scopes: ['admin'] });
    client = createTimelineClient(baseUrl);
    admin = createTimelineClient(baseUrl, { apiKey: token });
  });
  after(async () => {
    for (const fn of cleanups) await fn();
  });

  test('meta: getHealth, getReadiness', async () => {
    const health = await client.GET('/healthz');
    assert.equal(health.data?.status, 'ok');
    const ready = await client.GET('/readyz');
    assert.equal(ready.data?.status, 'ready');
    called.add('getHealth').add('getReadiness');
  });

  test('reads: listEvents, getEvent, listActors, getActor, listEventTypes, getHistogram', async () => {
    const list = await client.GET('/v1/events', {
      params: { query: { actor: ['nato-russia-council'], from: '2014', to: '2016', count: 'exact' } },
    });
    // The client reads application/json: data is the EventList (the fields= media type is not its), so every
    // member is there to read without a check (this line does not typecheck if the page were a union).
    if (list.error) assert.fail(list.error.detail);
    const page = list.data;
    assert.equal(page.data[0]?.title.en, 'NATO-Russia Council dialogue suspended');
    assert.deepEqual(
      page.data.map((e) => e.slug),
      ['nrc-dialogue-suspended-2014', 'nrc-dialogue-resumed-2016'],
    );
    assert.equal(page.total, 2);
    const event = await client.GET('/v1/events/{id}', { params: { path: { id: 'nrc-meeting-2019-07' } } });
    assert.equal(event.data?.date.precision, 'month');
    assert.equal(event.data?.date.display.de, 'Juli 2019');
    assert.deepEqual(event.data?.date.end, {
      earliest: '2019-07-01',
      latest: '2019-07-31',
      approximate: false,
      uncertain: false,
    });

    const actors = await client.GET('/v1/actors', { params: { query: { q: 'russ' } } });
    assert.ok(actors.data?.data.some((a) => a.id === 'russia'));
    const actor = await client.GET('/v1/actors/{id}', { params: { path: { id: 'nato-russia-council' } } });
    assert.equal(actor.data?.stats.by_type.meeting, 1);

    const types = await client.GET('/v1/event-types');
    assert.ok(types.data?.data.some((type) => type.code === 'meeting' && type.plover_category === 'CONSULT'));

    const histogram = await client.GET('/v1/timeline/histogram', {
      params: { query: { bucket: 'year', from: '2014', to: '2016' } },
    });
    assert.deepEqual(
      histogram.data?.data.map((b) => [b.bucket, b.count, b.certain]),
      [
        ['2014', 1, 0],
        ['2015', 1, 0],
        ['2016', 2, 1],
      ],
    );
    for (const op of ['listEvents', 'getEvent', 'listActors', 'getActor', 'listEventTypes', 'getHistogram'])
      called.add(op);
  });

  test('listEvents with fields=: a PartialEventList under its own media type, read through the same client', async () => {
    const res = await client.GET('/v1/events', {
      params: { query: { tag: ['nrc'], fields: 'slug,date.edtf', limit: 2 } },
    });
    if (res.error) assert.fail(res.error.detail);
    assert.equal(
      res.response.headers.get('content-type'),
      'application/vnd.timeline.partial+json; charset=utf-8',
    );
    // The client types GET /v1/events as the EventList it is without fields; with fields it is this.
    const page = res.data as unknown as PartialEventList;
    assert.deepEqual(
      page.data.map((e) => [Object.keys(e), e.slug, e.date?.edtf]),
      [
        [['id', 'slug', 'date'], 'nrc-founded-2002', '2002'],
        [['id', 'slug', 'date'], 'nrc-dialogue-suspended-2014', '2014-06/2016-04'],
      ],
    );
  });

  test('gaps: listGaps and listActorGaps give the NRC example (677 certain, 707 possible days)', async () => {
    const gaps = await client.GET('/v1/gaps', {
      params: { query: { type: ['meeting'], actor: ['nato-russia-council'], as_of: '2021-06-07' } },
    });
    assert.equal(gaps.data?.since_last?.certain.days, 677);
    assert.equal(gaps.data?.since_last?.possible.days, 707);
    assert.equal(gaps.data?.since_last?.after?.slug, 'nrc-meeting-2019-07');
    const actorGaps = await client.GET('/v1/actors/{id}/gaps', {
      params: { path: { id: 'nato-russia-council' }, query: { type: ['meeting'], as_of: '2021-06-07' } },
    });
    assert.equal(actorGaps.data?.since_last?.certain.days, 677);
    called.add('listGaps').add('listActorGaps');
  });

  test('writes: createActor, updateActor, createEventType, createEvent, updateEvent, listEventRevisions, deleteEvent, deleteActor', async () => {
    const actor = await admin.POST('/v1/actors', {
      body: { id: 'sdk-observer', kind: 'organization', name: { en: 'SDK Observer' } },
    });
    assert.equal(actor.response.status, 201);
    assert.equal(actor.data?.id, 'sdk-observer');
    const renamed = await admin.PATCH('/v1/actors/{id}', {
      params: { path: { id: 'sdk-observer' }, header: { 'if-match': `"${actor.data?.version}"` } },
      body: { aliases: ['SDKO'] },
    });
    assert.deepEqual(renamed.data?.aliases, ['SDKO']);

    const type = await admin.POST('/v1/event-types', {
      body: {
        code: 'sdk_probe',
        label: { en: 'SDK probe' },
        description: { en: 'Created by the SDK test.' },
      },
    });
    assert.equal(type.response.status, 201);

    const created = await admin.POST('/v1/events', {
      body: {
        slug: 'sdk-probe-2022',
        type: 'sdk_probe',
        title: { en: 'SDK probe' },
        date: '2022-01-12',
        participants: [{ actor: 'nato-russia-council', role: 'forum' }],
      },
    });
    assert.equal(created.response.status, 201);
    assert.equal(created.data?.date.precision, 'day');
    const etag = created.response.headers.get('etag') ?? '';
    const patched = await admin.PATCH('/v1/events/{id}', {
      params: { path: { id: 'sdk-probe-2022' }, header: { 'if-match': etag } },
      body: { date: '2022-01' },
    });
    assert.equal(patched.data?.date.precision, 'month');
    assert.equal(patched.data?.version, 2);

    const revisions = await client.GET('/v1/events/{id}/revisions', {
      params: { path: { id: 'sdk-probe-2022' } },
    });
    assert.deepEqual(
      revisions.data?.data.map((r) => [r.version, r.operation]),
      [
        [1, 'create'],
        [2, 'update'],
      ],
    );

    const deleted = await admin.DELETE('/v1/events/{id}', {
      params: {
        path: { id: 'sdk-probe-2022' },
        header: { 'if-match': patched.response.headers.get('etag') ?? '' },
      },
    });
    assert.equal(deleted.response.status, 204);
    const gone = await client.GET('/v1/events/{id}', { params: { path: { id: 'sdk-probe-2022' } } });
    assert.equal(gone.response.status, 404);
    assert.equal(gone.error?.status, 404);

    const actorDeleted = await admin.DELETE('/v1/actors/{id}', {
      params: {
        path: { id: 'sdk-observer' },
        header: { 'if-match': renamed.response.headers.get('etag') ?? '' },
      },
    });
    assert.equal(actorDeleted.response.status, 204);
    for (const op of [
      'createActor',
      'updateActor',
      'createEventType',
      'createEvent',
      'updateEvent',
      'listEventRevisions',
      'deleteEvent',
      'deleteActor',
    ]) {
      called.add(op);
    }
  });

  test('import: importEvents with an NDJSON body, dry run', async () => {
    const line = JSON.stringify({
      slug: 'sdk-import-1',
      type: 'meeting',
      title: { en: 'Imported' },
      date: '2023',
    });
    const report = await admin.POST('/v1/events:import', {
      params: { query: { dry_run: true } },
      body: `${line}\n`,
      bodySerializer: (body: unknown) => String(body),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    assert.equal(report.response.status, 200);
    assert.deepEqual(
      report.data && 'rows' in report.data
        ? { ...report.data, differences: report.data.differences?.map((d) => ({ ...d, id: 'new' })) }
        : report.data,
      {
        rows: 1,
        created: 1,
        updated: 0,
        unchanged: 0,
        actors_created: 0,
        dry_run: true,
        differences: [{ line: 1, id: 'new', slug: 'sdk-import-1', outcome: 'created', changes: null }],
      },
    );
    called.add('importEvents');
  });

  test('keys: createApiKey, listApiKeys, revokeApiKey', async () => {
    const created = await admin.POST('/v1/keys', { body: { name: 'sdk reader', scopes: ['read'] } });
    assert.equal(created.response.status, 201);
    assert.match(created.data?.token ?? '', /^dtl_[0-9a-f]{12}_/);
    const listed = await admin.GET('/v1/keys');
    assert.deepEqual(
      listed.data?.data.filter((k) => k.name === 'sdk reader').map((k) => [k.prefix, k.revoked_at]),
      [[created.data?.key.prefix, null]],
    );
    const revoked = await admin.DELETE('/v1/keys/{id}', {
      params: { path: { id: created.data?.key.prefix ?? '' } },
    });
    assert.equal(revoked.data?.already_revoked, false);
    assert.match(revoked.data?.key.revoked_at ?? '', /^\d{4}-/);
    called.add('createApiKey').add('listApiKeys').add('revokeApiKey');
  });

  test('import: with Prefer: respond-async, a 202 whose job getImportJob reads', async () => {
    const line = JSON.stringify({
      slug: 'sdk-import-2',
      type: 'meeting',
      title: { en: 'Imported' },
      date: '2023',
    });
    const started = await admin.POST('/v1/events:import', {
      params: { query: { dry_run: true }, header: { prefer: 'respond-async' } },
      body: `${line}\n`,
      bodySerializer: (body: unknown) => String(body),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    assert.equal(started.response.status, 202);
    const id = started.data && 'state' in started.data ? started.data.id : '';
    assert.equal(started.response.headers.get('location'), `/v1/imports/${id}`);
    for (let attempt = 0; attempt < 100; attempt++) {
      const job = await admin.GET('/v1/imports/{id}', { params: { path: { id } } });
      assert.equal(job.response.status, 200);
      if (job.data?.state === 'succeeded') {
        assert.deepEqual(
          { ...job.data.result, differences: job.data.result?.differences?.length },
          { rows: 1, created: 1, updated: 0, unchanged: 0, actors_created: 0, dry_run: true, differences: 1 },
        );
        break;
      }
      assert.notEqual(job.data?.state, 'failed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    called.add('getImportJob');
  });

  test('exports and the change feed: exportEventsCsv, exportEventsNdjson, listEventsTimelineJs, listChanges, streamChanges', async () => {
    const query = { actor: ['nato-russia-council'], from: '2014', to: '2016' };
    const csv = await client.GET('/v1/events.csv', {
      params: { query: { ...query, lang: 'de' } },
      parseAs: 'text',
    });
    assert.equal(csv.response.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
    assert.equal(String(csv.data).trim().split('\r\n').length, 3);
    const ndjson = await client.GET('/v1/events.ndjson', { params: { query }, parseAs: 'text' });
    assert.deepEqual(
      String(ndjson.data)
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).slug),
      ['nrc-dialogue-suspended-2014', 'nrc-dialogue-resumed-2016'],
    );
    const timeline = await client.GET('/v1/events.timelinejs', { params: { query } });
    assert.equal(timeline.data?.events.length, 2);

    const changes = await client.GET('/v1/changes', { params: { query: { limit: 1 } } });
    if (changes.error) assert.fail(changes.error.detail);
    assert.equal(changes.data.data.length, 1);
    assert.equal(changes.data.has_more, true);
    const stream = await client.GET('/v1/changes/stream', { parseAs: 'stream' });
    assert.equal(stream.response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = stream.response.body?.getReader();
    const first = await reader?.read();
    assert.match(new TextDecoder().decode(first?.value), /^retry: 3000\n/);
    await reader?.cancel();
    for (const op of [
      'exportEventsCsv',
      'exportEventsNdjson',
      'listEventsTimelineJs',
      'listChanges',
      'streamChanges',
    ])
      called.add(op);
  });

  test('places, stats and networks: exportEventsGeoJson, getStats, exportStatsCsv, getActorNetwork, exportActorNetworkCsv', async () => {
    const geojson = await client.GET('/v1/events.geojson', {
      params: { query: { near: '50.85,4.35,50', lang: 'de' } },
      parseAs: 'text',
    });
    assert.equal(geojson.response.headers.get('content-type'), 'application/geo+json; charset=utf-8');
    assert.deepEqual(
      JSON.parse(String(geojson.data))
        .features.map((f: { properties: { slug: string } }) => f.properties.slug)
        .sort(),
      ['stoltenberg-invites-russia-2021', 'stoltenberg-on-belarus-2021'],
    );
    const stats = await client.GET('/v1/stats', { params: { query: { group_by: 'country', from: '2021' } } });
    if (stats.error) assert.fail(stats.error.detail);
    assert.deepEqual(stats.data.data, [
      { country: 'BE', count: 2, certain: 2 },
      { country: 'RU', count: 1, certain: 1 },
    ]);
    const statsCsv = await client.GET('/v1/stats.csv', {
      params: { query: { group_by: 'country', from: '2021' } },
      parseAs: 'text',
    });
    assert.equal(statsCsv.data, 'country,count,certain\r\nBE,2,2\r\nRU,1,1\r\n');
    const network = await client.GET('/v1/actors/{id}/network', {
      params: { path: { id: 'maria-zakharova' } },
    });
    if (network.error) assert.fail(network.error.detail);
    assert.deepEqual(
      network.data.data.map((l) => [l.actor.id, l.events]),
      [
        ['jens-stoltenberg', 1],
        ['nato', 1],
        ['russia', 1],
      ],
    );
    const edges = await client.GET('/v1/actors/{id}/network.csv', {
      params: { path: { id: 'maria-zakharova' } },
      parseAs: 'text',
    });
    assert.equal(String(edges.data).split('\r\n')[0], 'Source,Target,Type,Weight,First,Last');
    for (const op of [
      'exportEventsGeoJson',
      'getStats',
      'exportStatsCsv',
      'getActorNetwork',
      'exportActorNetworkCsv',
    ])
      called.add(op);
  });

  test('every operation of the document was called through the SDK', () => {
    assert.deepEqual([...documentedOperations].sort(), [...called].sort());
  });
});
