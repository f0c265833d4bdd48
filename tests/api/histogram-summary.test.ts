import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../helpers/app.ts';
import { bearer, eventInput, uniqueSlug } from '../helpers/fixtures.ts';

// The histogram per year over everything is read from a summary that statement triggers on events keep in
// the writing transaction (migration 0090). Here the summary's answer is compared with the count over the
// events after every kind of write: API creates, patches (dates across years, statuses), deletes, restores,
// an import with updates, hard deletes, compaction. `updated_since=1970-01-01T00:00:00Z` selects every event
// (all were written after 1970) and so sends the same question to the count over the events.

const api = useTestApp({ seed: true, keys: true });

const SCAN = 'updated_since=1970-01-01T00:00:00Z';
const STATUS_SETS = ['', 'status=held,scheduled', 'status=cancelled', 'status=scheduled'];

// Dates across years, open and unknown ends and starts, one-of sets, BC years and the era boundary.
const DATES = [
  '2019-07',
  '2019-11/2020-02',
  '2018',
  '2019/..',
  '2019-07-05/',
  '../2017-03',
  '[..1760-12-03]',
  '[1760-12..]',
  '0000',
  '-0001-06',
  '0001-03/0002-01',
  '1962-05/1963-02',
  '2021-03/',
  '198X',
];
const STATUSES = ['held', 'scheduled', 'cancelled'];
const TYPES = ['meeting', 'summit', 'interview', 'sanction'];
const LOCATIONS = [undefined, { name: 'Brussels', country: 'BE' }, { name: 'Moscow', country: 'RU' }];
const STATS = ['type', 'status', 'country', 'plover', 'quad_class', 'type,country', 'plover,status'];

/** A small deterministic generator (mulberry32), so that a failure replays. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function histogramOf(query: string) {
  const res = await api.inject({ url: `/v1/timeline/histogram?${query}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/** A stats page; its cursor carries the filters, so only whether there is one is compared. */
async function statsOf(query: string) {
  const res = await api.inject({ url: `/v1/stats?${query}` });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  return { ...body, next_cursor: body.next_cursor !== null };
}

/** The summary's answers equal the counts over the events: histograms, stats by the event's own keys. */
async function assertSummaryEqualsScan(when: string) {
  for (const statuses of STATUS_SETS) {
    const summary = await histogramOf(statuses);
    const scan = await histogramOf([statuses, SCAN].filter(Boolean).join('&'));
    assert.deepEqual(summary, scan, `${when}, ${statuses || 'held'}`);
  }
  for (const groupBy of STATS) {
    for (const query of [
      `group_by=${groupBy}`,
      `group_by=${groupBy}&sort=key&limit=3`,
      `group_by=${groupBy}&status=held`,
    ]) {
      assert.deepEqual(await statsOf(query), await statsOf(`${query}&${SCAN}`), `${when}, stats ${query}`);
    }
  }
}

const write = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  api.inject({
    method,
    url,
    headers: {
      ...bearer(api.keys.write),
      ...(payload === undefined
        ? {}
        : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });

describe('histogram per year over everything, from the summary', () => {
  // First, while the seeded events span few enough months for a month histogram over everything.
  test('only the unfiltered year histogram and stats by event keys read the summary; every other shape counts the events', async () => {
    const queries = [
      'bucket=year',
      'status=held,cancelled',
      'temporal=within',
      'bucket=month',
      'bucket=day&from=2019&to=2019',
      'from=2000&to=2020',
      'type=meeting',
      'actor=nato',
      'tag=nrc',
      'q=council',
      'country=BE',
      SCAN,
    ];
    const answers = await Promise.all(queries.map(histogramOf));
    // A delta row that no event backs: only the answers read from the summary move.
    await sql`insert into event_histogram_spans (status, start_year, end_year, n)
      values ('held', 2019, 2019, 1000), ('cancelled', 2019, 2019, 1000)`.execute(api.db);
    try {
      const changed = [];
      for (const [i, query] of queries.entries()) {
        if (JSON.stringify(await histogramOf(query)) !== JSON.stringify(answers[i])) changed.push(query);
      }
      assert.deepEqual(changed, ['bucket=year', 'status=held,cancelled', 'temporal=within']);
    } finally {
      await sql`delete from event_histogram_spans where n = 1000`.execute(api.db);
    }
    const year2019 = (await histogramOf('')).data.find((b: { bucket: string }) => b.bucket === '2019');
    assert.ok(year2019.count < 1000);

    const stats = [
      'group_by=type',
      'group_by=plover,status&status=held',
      'group_by=actor',
      'group_by=type,role',
      'group_by=type&from=2000&to=2020',
      'group_by=type&country=BE',
      `group_by=type&${SCAN}`,
    ];
    const counted = await Promise.all(stats.map(statsOf));
    await sql`insert into event_stats_counts (status, type, location_country, n)
      values ('held', 'meeting', null, 1000)`.execute(api.db);
    try {
      const changed = [];
      for (const [i, query] of stats.entries()) {
        if (JSON.stringify(await statsOf(query)) !== JSON.stringify(counted[i])) changed.push(query);
      }
      assert.deepEqual(changed, ['group_by=type', 'group_by=plover,status&status=held']);
    } finally {
      await sql`delete from event_stats_counts where n = 1000`.execute(api.db);
    }
  });

  test('summary = count over the events after random creates, patches, deletes, restores and an import', async () => {
    const next = random(17);
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)] as T;
    await assertSummaryEqualsScan('seeded');
    const live: string[] = [];
    const deleted: string[] = [];
    for (let step = 0; step < 60; step += 1) {
      const roll = next();
      if (roll < 0.35 || live.length < 3) {
        const slug = uniqueSlug('hs');
        const location = pick(LOCATIONS);
        const res = await write('POST', '/v1/events', {
          ...eventInput({ slug, date: pick(DATES), type: pick(TYPES) }),
          status: pick(STATUSES),
          ...(location ? { location } : {}),
        });
        assert.equal(res.statusCode, 201, res.body);
        live.push(slug);
      } else if (roll < 0.6) {
        const res = await write('PATCH', `/v1/events/${pick(live)}`, { date: pick(DATES) });
        assert.equal(res.statusCode, 200, res.body);
      } else if (roll < 0.75) {
        const res = await write('PATCH', `/v1/events/${pick(live)}`, {
          status: pick(STATUSES),
          type: pick(TYPES),
          location: pick(LOCATIONS) ?? null,
        });
        assert.equal(res.statusCode, 200, res.body);
      } else if (roll < 0.88) {
        const slug = live.splice(Math.floor(next() * live.length), 1)[0] as string;
        assert.equal((await write('DELETE', `/v1/events/${slug}`)).statusCode, 204);
        deleted.push(slug);
      } else if (deleted.length > 0) {
        // No route restores an event: a maintainer's UPDATE does, and the triggers see it as any write.
        const slug = deleted.pop() as string;
        await sql`update events set deleted_at = null where slug = ${slug}`.execute(api.db);
        live.push(slug);
      }
      if (step % 15 === 14) await assertSummaryEqualsScan(`after step ${step}`);
    }

    // An import that creates some events and updates others (dates moved, statuses changed).
    const updates = live.slice(0, 8).map((slug) => ({
      ...eventInput({ slug, date: pick(DATES), type: pick(TYPES) }),
      status: pick(STATUSES),
    }));
    const creates = Array.from({ length: 40 }, () => ({
      ...eventInput({ date: pick(DATES) }),
      status: pick(STATUSES),
    }));
    const imported = await api.inject({
      method: 'POST',
      url: '/v1/events:import',
      headers: { ...bearer(api.keys.write), 'content-type': 'application/x-ndjson' },
      payload: [...updates, ...creates].map((row) => JSON.stringify(row)).join('\n'),
    });
    assert.equal(imported.statusCode, 200, imported.body);
    assert.equal(imported.json().created, 40);
    await assertSummaryEqualsScan('after the import');

    // Writes outside the service count too: a hard delete, a date moved by SQL.
    await sql`delete from events where slug = ${live[live.length - 1] as string}`.execute(api.db);
    await sql`update events set start_earliest = '1500-01-01', start_latest = '1500-12-31',
      end_earliest = '1500-01-01', end_latest = '1501-06-30' where slug = ${live[0] as string}`.execute(
      api.db,
    );
    await assertSummaryEqualsScan('after SQL writes');

    const before = await sql<{
      rows: number;
    }>`select count(*)::int as rows from event_histogram_spans`.execute(api.db);
    await sql`select event_histogram_compact()`.execute(api.db);
    const after = await sql<{ rows: number; keys: number }>`select count(*)::int as rows,
      count(distinct (status, start_year, end_year))::int as keys from event_histogram_spans`.execute(api.db);
    assert.ok((after.rows[0]?.rows ?? 0) < (before.rows[0]?.rows ?? 0), 'compaction folds delta rows');
    assert.equal(after.rows[0]?.rows, after.rows[0]?.keys, 'one row per key after compaction');
    await assertSummaryEqualsScan('after compaction');
  });

  test('a failed import leaves the summary as it was', async () => {
    const summaryRows = async () =>
      (
        await sql<{ t: string; n: number }>`
          select 'span' as t, count(*)::int as n from event_histogram_spans
          union all select 'bound', count(*)::int from event_histogram_bounds`.execute(api.db)
      ).rows;
    const before = await summaryRows();
    const histogram = await histogramOf('');
    const res = await api.inject({
      method: 'POST',
      url: '/v1/events:import',
      headers: { ...bearer(api.keys.write), 'content-type': 'application/x-ndjson' },
      payload: [
        JSON.stringify(eventInput({ date: '1900' })),
        JSON.stringify(eventInput({ date: '2019-02-30' })),
      ].join('\n'),
    });
    assert.equal(res.statusCode, 422, res.body);
    assert.deepEqual(await summaryRows(), before);
    assert.deepEqual(await histogramOf(''), histogram);
  });

  test('a rolled-back write leaves the summary as it was', async () => {
    const before = await histogramOf('');
    await assert.rejects(
      api.db.transaction().execute(async (trx) => {
        await sql`update events set start_earliest = '1200-01-01', start_latest = '1200-01-01',
          end_earliest = '1200-01-01', end_latest = '1200-12-31'`.execute(trx);
        await sql`insert into events (type, title, edtf, precision, start_earliest, start_latest,
          end_earliest, end_latest) values ('meeting', '{"en":"x"}', '1100', 'year', '1100-01-01', '1100-12-31',
          '1100-01-01', '1100-12-31')`.execute(trx);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual(await histogramOf(''), before);
  });

  test('without its update trigger the summary drifts from the events (the comparison above can fail)', async () => {
    await assertSummaryEqualsScan('before');
    const slug = uniqueSlug('drift');
    assert.equal((await write('POST', '/v1/events', eventInput({ slug, date: '1950' }))).statusCode, 201);
    await sql`drop trigger events_histogram_update on events`.execute(api.db);
    try {
      assert.equal((await write('PATCH', `/v1/events/${slug}`, { date: '1990' })).statusCode, 200);
      await assert.rejects(assertSummaryEqualsScan('without the trigger'), assert.AssertionError);
    } finally {
      // Back to the date the summary still counts, then the trigger again.
      await write('PATCH', `/v1/events/${slug}`, { date: '1950' });
      await sql`create trigger events_histogram_update after update on events
        referencing old table as old_rows new table as new_rows
        for each statement execute function event_histogram_apply()`.execute(api.db);
    }
    await assertSummaryEqualsScan('with the trigger again');
  });
});
