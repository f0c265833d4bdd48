import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { seedDatabase } from '../../seeds/load.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createTestDatabase, usingServerPostgres } from '../helpers/database.ts';

// Migration 0070 made search_fold fast by splitting its map by Unicode block. Stored search documents and
// query-side folding were made by migration 0035's function, so the new one must give the same output for
// every text: it is compared here with 0035's function itself, rebuilt from that migration's own map.

async function mappedFoldFunction(): Promise<string> {
  const source = await readFile(
    new URL('../../migrations/2026-11-30T0035_search_fold_ascii.ts', import.meta.url),
    'utf8',
  );
  const from = /const FOLD_FROM =\s*'([^']*)'/.exec(source)?.[1];
  const to = /const FOLD_TO =\s*'([^']*)'/.exec(source)?.[1];
  assert.ok(from && to, 'migration 0035 still spells out its map');
  assert.equal([...from].length, 505);
  return `
    create function search_fold_0035(p_text text) returns text
      language sql immutable parallel safe as $$
        select case when p_text !~ '[^\\x01-\\x7f]' then p_text else translate(
          replace(replace(replace(replace(replace(replace(replace(p_text,
            'ß', 'ss'), 'ẞ', 'SS'), 'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'), 'ﬁ', 'fi'),
          '${from}', '${to}') end
      $$`;
}

describe(`search_fold on ${usingServerPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let database: DatabaseHandle;
  let map: string[];
  before(async () => {
    database = await createTestDatabase();
    await sql.raw(await mappedFoldFunction()).execute(database.db);
    const source = await readFile(
      new URL('../../migrations/2026-11-30T0035_search_fold_ascii.ts', import.meta.url),
      'utf8',
    );
    map = [...(/const FOLD_FROM =\s*'([^']*)'/.exec(source)?.[1] ?? '')];
  });
  after(async () => {
    await database.close();
  });

  test('every character of the Basic Multilingual Plane folds as migration 0035 folded it', async () => {
    const { rows } = await sql<{ cp: number; old: string; new: string }>`
      select cp, search_fold_0035(chr(cp)) as old, search_fold(chr(cp)) as new
      from generate_series(1, 65535) cp
      where (cp < 55296 or cp > 57343) and search_fold(chr(cp)) is distinct from search_fold_0035(chr(cp))
      limit 10`.execute(database.db);
    assert.deepEqual(rows, []);
  });

  test('characters beyond it, and null and the empty text, fold as before', async () => {
    const { rows } = await sql<{ cp: number }>`
      select cp from generate_series(65536, 1114111, 37) cp
      where search_fold(chr(cp)) is distinct from search_fold_0035(chr(cp))
      limit 10`.execute(database.db);
    assert.deepEqual(rows, []);
    const edge = await sql<{ n: string | null; e: string }>`
      select search_fold(null) as n, search_fold('') as e`.execute(database.db);
    assert.deepEqual(edge.rows, [{ n: null, e: '' }]);
  });

  test('each mapped letter folds the same among letters of every other block', async () => {
    const texts = map.map((c) => `Straße Œuvre ﬁn Ёлка ${c}${c} Ǎ Ḁ ẞ ${c}é`);
    const { rows } = await sql<{ text: string; old: string; new: string }>`
      select t as text, search_fold_0035(t) as old, search_fold(t) as new
      from unnest(${texts}::text[]) t`.execute(database.db);
    assert.equal(rows.length, map.length);
    assert.deepEqual(
      rows.filter((r) => r.old !== r.new),
      [],
    );
    // Spot checks of the expected spelling, so that the comparison is not between two wrong functions.
    const spot = await sql<{ f: string }>`
      select search_fold('Désarmement Straße Œuvre ﬁn Ёлка Łódź Ǎ Ḁ ẞ') as f`.execute(database.db);
    assert.equal(spot.rows[0]?.f, 'Desarmement Strasse OEuvre fin Елка Lodz A A SS');
  });

  test('every text of the seed folds as before', async () => {
    await seedDatabase(database.db);
    const { rows } = await sql<{ texts: number; differing: number }>`
      with texts as (
        select value as t from events, jsonb_each_text(title)
        union all select value from events, jsonb_each_text(summary)
        union all select quote from event_sources where quote is not null
        union all select value from actors, jsonb_each_text(name)
        union all select unnest(aliases) from actors
      )
      select count(*)::int as texts,
        count(*) filter (where search_fold(t) is distinct from search_fold_0035(t))::int as differing
      from texts`.execute(database.db);
    assert.ok((rows[0]?.texts ?? 0) > 50, `the seed has texts: ${rows[0]?.texts}`);
    assert.equal(rows[0]?.differing, 0);
  });
});
