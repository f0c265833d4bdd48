import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { createTestApp } from '../helpers/app.ts';
import { bearer, createKeys, type Inject, type TestKeys, uniqueSlug } from '../helpers/fixtures.ts';

// An event written by the import and the same event written through POST / PATCH must leave the same
// revision snapshots and the same search documents: compared here member by member.

const cleanups: (() => Promise<void>)[] = [];
let db: Kysely<Database>;
let keys: TestKeys;
let inject: Inject;

before(async () => {
  const built = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true });
  db = built.db;
  keys = await createKeys(db);
  inject = built.app.inject.bind(built.app) as Inject;
});
after(async () => {
  for (const fn of cleanups) await fn();
});

/** Everything that can differ between two events with the same content: which event, and when. */
const OWN = ['id', 'slug', 'created_at', 'updated_at'];

function content(snapshot: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(snapshot).filter(([key]) => !OWN.includes(key)));
}

async function revisions(slug: string) {
  // An admin key: revisions show who wrote them to admin keys only.
  const res = await inject({ url: `/v1/events/${slug}/revisions`, headers: bearer(keys.admin) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().data as {
    version: number;
    operation: string;
    api_key_id: string;
    snapshot: Record<string, unknown>;
  }[];
}

async function searchDocuments(slugs: string[]): Promise<Record<string, string>> {
  const { rows } = await sql<{ slug: string; search: string; recomputed: string }>`
    select slug, search::text as search, event_search_document(id)::text as recomputed
    from events where slug = any(${slugs}::text[])`.execute(db);
  for (const row of rows)
    assert.equal(row.search, row.recomputed, `${row.slug}: stored = event_search_document`);
  return Object.fromEntries(rows.map((r) => [r.slug, r.search]));
}

async function importRows(rows: unknown[]) {
  const res = await inject({
    method: 'POST',
    url: '/v1/events:import',
    headers: { ...bearer(keys.write), 'content-type': 'application/x-ndjson' },
    payload: rows.map((r) => JSON.stringify(r)).join('\n'),
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

test('identity: an imported event gets the revisions and search document POST and PATCH give the same content', async () => {
  const [viaApi, viaImport] = [uniqueSlug('api'), uniqueSlug('imported')];
  const input = {
    type: 'meeting',
    status: 'held',
    title: { en: 'Ambassadors meet in Brussels', de: 'Botschafter treffen sich in Brüssel', fr: 'Réunion' },
    summary: { en: 'They talked about the "Vienna Document" and \\ backslashes\tand tabs.' },
    date: '2019-07-05~',
    participants: [
      { actor: 'russia', role: 'party' },
      { actor: 'nato-russia-council', role: 'forum' },
      { actor: 'nato', role: 'party' },
      { actor: 'jens-stoltenberg', role: 'chair' },
      { actor: 'nato', role: 'host' },
    ],
    location: { name: 'Brussels', country: 'BE', lat: 50.8503, lon: 4.3517 },
    sources: [
      {
        title: 'NATO press release',
        publisher: 'NATO',
        url: 'https://example.org/a',
        published: '2019-07-05',
      },
      { title: 'TASS', lang: 'ru', quote: 'Диалог продолжается', quoted_actor: 'maria-zakharova' },
    ],
    tags: ['nrc', 'ambassadors', 'nrc'],
    relations: [{ kind: 'follows', event: 'nrc-dialogue-resumed-2016' }],
  };
  const created = await inject({
    method: 'POST',
    url: '/v1/events',
    headers: bearer(keys.write),
    payload: { ...input, slug: viaApi },
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual(await importRows([{ ...input, slug: viaImport }]), {
    rows: 1,
    created: 1,
    updated: 0,
    unchanged: 0,
    actors_created: 0,
    dry_run: false,
  });

  const [apiFirst] = await revisions(viaApi);
  const [importFirst] = await revisions(viaImport);
  assert.ok(apiFirst && importFirst);
  assert.equal(importFirst.operation, 'create');
  assert.equal(importFirst.version, 1);
  assert.equal(importFirst.api_key_id, keys.writeId);
  assert.deepEqual(content(importFirst.snapshot), content(apiFirst.snapshot));
  // Every member of the API's snapshot is there, and nothing more.
  assert.deepEqual(Object.keys(importFirst.snapshot).sort(), Object.keys(apiFirst.snapshot).sort());
  // The snapshot is exactly what GET showed right after the write.
  const got = (await inject({ url: `/v1/events/${viaImport}` })).json();
  assert.deepEqual(importFirst.snapshot, got);

  const firstDocuments = await searchDocuments([viaApi, viaImport]);
  assert.equal(firstDocuments[viaImport], firstDocuments[viaApi]);
  assert.match(
    firstDocuments[viaImport] ?? '',
    /'stoltenberg':\d+A/,
    "participants' names are in it, weight A",
  );
  assert.match(
    firstDocuments[viaImport] ?? '',
    /'диалог':\d+B/,
    'quotes are in it, stemmed in their language (Russian), weight B',
  );

  // The same change both ways: PATCH one, import the changed row for the other.
  const change = {
    status: 'cancelled',
    summary: { en: 'Called off.' },
    participants: [{ actor: 'italy', role: 'host' }, { actor: 'belarus' }],
    sources: [{ title: 'Reuters', quote: 'No meeting', quoted_actor: 'silvio-berlusconi' }],
    tags: ['cancelled'],
    relations: [],
    location: { country: 'IT' },
  };
  const patched = await inject({
    method: 'PATCH',
    url: `/v1/events/${viaApi}`,
    headers: { ...bearer(keys.write), 'content-type': 'application/merge-patch+json' },
    payload: { ...change, location: { name: null, country: 'IT', lat: null, lon: null } },
  });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.deepEqual(await importRows([{ ...input, ...change, slug: viaImport }]), {
    rows: 1,
    created: 0,
    updated: 1,
    unchanged: 0,
    actors_created: 0,
    dry_run: false,
  });
  const apiHistory = await revisions(viaApi);
  const importHistory = await revisions(viaImport);
  assert.deepEqual(
    importHistory.map((r) => [r.version, r.operation]),
    [
      [1, 'create'],
      [2, 'update'],
    ],
  );
  assert.deepEqual(content(importHistory[1]?.snapshot ?? {}), content(apiHistory[1]?.snapshot ?? {}));
  assert.deepEqual(importHistory[1]?.snapshot, (await inject({ url: `/v1/events/${viaImport}` })).json());
  const secondDocuments = await searchDocuments([viaApi, viaImport]);
  assert.equal(secondDocuments[viaImport], secondDocuments[viaApi]);
  assert.notEqual(secondDocuments[viaImport], firstDocuments[viaImport]);
});

test('identity: a date the display strings come from, and an open interval, read alike both ways', async () => {
  const slugs = [uniqueSlug('api'), uniqueSlug('imported')];
  const input = { type: 'summit', title: { en: 'Summit' }, date: '1989-11/..', summary: {} };
  const made = await inject({
    method: 'POST',
    url: '/v1/events',
    headers: bearer(keys.write),
    payload: { ...input, slug: slugs[0] },
  });
  assert.equal(made.statusCode, 201, made.body);
  await importRows([{ ...input, slug: slugs[1] }]);
  const [api] = await revisions(slugs[0] as string);
  const [imported] = await revisions(slugs[1] as string);
  assert.ok(api && imported);
  assert.deepEqual(content(imported.snapshot), content(api.snapshot));
  assert.equal((imported.snapshot.date as { open_end: boolean }).open_end, true);
  const documents = await searchDocuments(slugs);
  assert.equal(documents[slugs[1] as string], documents[slugs[0] as string]);
});

test('identity: in one file, new, updated and unchanged rows all store the document event_search_document gives', async () => {
  const [kept, retitled, retyped, added] = ['kept', 'retitled', 'retyped', 'added'].map((s) => uniqueSlug(s));
  const row = (slug: string, extra: Record<string, unknown> = {}) => ({
    slug,
    type: 'meeting',
    title: { en: `Talks in Genève ${slug}`, de: `Gespräche in Genf ${slug}` },
    summary: { fr: 'Négociations sur le désarmement' },
    date: '1990-05',
    participants: [
      { actor: 'nato', role: 'party' },
      { actor: 'russia', role: 'party' },
    ],
    sources: [{ title: 'Le Monde', lang: 'fr', quote: 'Les négociations reprennent' }],
    location: { name: 'Genève' },
    ...extra,
  });
  await importRows([row(kept as string), row(retitled as string), row(retyped as string)]);
  const before = await searchDocuments([kept, retitled, retyped] as string[]);
  assert.deepEqual(
    await importRows([
      row(kept as string),
      row(retitled as string, { title: { en: 'Summit in Zürich' } }),
      row(retyped as string, { type: 'summit' }),
      row(added as string, { participants: [{ actor: 'jens-stoltenberg', role: 'chair' }] }),
    ]),
    { rows: 4, created: 1, updated: 2, unchanged: 1, actors_created: 0, dry_run: false },
  );
  // searchDocuments asserts stored = recomputed for each of them.
  const after = await searchDocuments([kept, retitled, retyped, added] as string[]);
  assert.equal(after[kept as string], before[kept as string]);
  assert.equal(after[retyped as string], before[retyped as string]);
  assert.notEqual(after[retitled as string], before[retitled as string]);
  assert.match(after[retitled as string] ?? '', /'zurich':\d+B/, 'accents folded in the new title');
  assert.match(after[added as string] ?? '', /'stoltenberg':\d+A/);
});
