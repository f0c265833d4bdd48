import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { normalizeFilters } from '../../src/modules/events/events.service.ts';
import { readsParticipantCopy } from '../../src/modules/gaps/gaps.queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { bearer, eventInput, uniqueSlug } from '../helpers/fixtures.ts';
import { insertActor, insertEvents, uniqueTag } from '../helpers/rows.ts';

// Migration 0100: each participant row carries a copy of its event's type, status, dates, open flags and
// liveness, and the gap walk reads an actor's events from those rows alone. These tests hold the copy exact
// after every way an event or its participants are written, and the walk's answers equal to the walk over the
// events themselves.

const api = useTestApp({ seed: true, keys: true });
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };

interface CopyRow {
  actor_id: string;
  role: string;
  type: string;
  status: string;
  start_earliest: string;
  start_latest: string;
  end_earliest: string;
  end_latest: string;
  open_start: boolean;
  open_end: boolean;
  live: boolean;
}

/** Participant rows (of the whole database) whose copy differs from their event; and how many rows there are. */
async function copiesOutOfStep(): Promise<{ stale: number; rows: number }> {
  const result = await sql<{ stale: number; rows: number }>`
    select count(*) filter (where (p.type, p.status, p.start_earliest, p.start_latest, p.end_earliest, p.end_latest,
        p.open_start, p.open_end, p.live)
      is distinct from (e.type, e.status, e.start_earliest, e.start_latest, e.end_earliest, e.end_latest,
        e.open_start, e.open_end, e.deleted_at is null))::int as stale,
      count(*)::int as rows
    from event_participants p join events e on e.id = p.event_id`.execute(api.db);
  return result.rows[0] as { stale: number; rows: number };
}

async function copyOf(eventId: string): Promise<CopyRow[]> {
  const result = await sql<CopyRow>`
    select actor_id, role, type, status, start_earliest::text, start_latest::text, end_earliest::text,
      end_latest::text, open_start, open_end, live
    from event_participants where event_id = ${eventId} order by actor_id, role`.execute(api.db);
  return result.rows;
}

/** The copy every row of the event should have, for each of its participants. */
const expected = (participants: [string, string][], copy: Omit<CopyRow, 'actor_id' | 'role'>): CopyRow[] =>
  participants.map(([actor_id, role]) => ({ actor_id, role, ...copy }));

async function assertExact(eventId: string, want: CopyRow[], step: string) {
  assert.deepEqual(await copyOf(eventId), want, step);
  const { stale, rows } = await copiesOutOfStep();
  assert.ok(rows > 0, 'the database has participant rows');
  assert.equal(stale, 0, `${step}: no participant row anywhere differs from its event`);
}

describe('the participant rows copy their event (migration 0100)', () => {
  test('create, patch of date/status/type, open ends, participant removal, import with updates, SQL by hand, delete: the copy is exact after each', async () => {
    const slug = uniqueSlug('copy');
    const created = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(api.keys.write),
      payload: eventInput({
        slug,
        date: '2019-07-10',
        participants: [
          { actor: 'nato', role: 'host' },
          { actor: 'russia', role: 'party' },
        ],
      }),
    });
    assert.equal(created.statusCode, 201, created.body);
    const id: string = created.json().id;
    const both: [string, string][] = [
      ['nato', 'host'],
      ['russia', 'party'],
    ];
    const day = {
      type: 'meeting',
      status: 'held',
      start_earliest: '2019-07-10',
      start_latest: '2019-07-10',
      end_earliest: '2019-07-10',
      end_latest: '2019-07-10',
      open_start: false,
      open_end: false,
      live: true,
    };
    await assertExact(id, expected(both, day), 'after POST');

    const patch = async (payload: Record<string, unknown>) => {
      const res = await api.inject({
        method: 'PATCH',
        url: `/v1/events/${slug}`,
        headers: { ...bearer(api.keys.write), ...MERGE_PATCH },
        payload,
      });
      assert.equal(res.statusCode, 200, res.body);
    };
    await patch({ date: '2019-07-10/2019-08', status: 'cancelled', type: 'visit' });
    const moved = {
      ...day,
      type: 'visit',
      status: 'cancelled',
      end_earliest: '2019-08-01',
      end_latest: '2019-08-31',
    };
    await assertExact(id, expected(both, moved), 'after PATCH of date, status and type');

    await patch({ date: '2019-07-10/..' });
    const openEnd = { ...moved, end_earliest: 'infinity', end_latest: 'infinity', open_end: true };
    await assertExact(id, expected(both, openEnd), 'after PATCH to an open end');

    await patch({ date: '../2019-07-10' });
    const openStart = {
      ...moved,
      start_earliest: '-infinity',
      start_latest: '2019-07-10',
      end_earliest: '2019-07-10',
      end_latest: '2019-07-10',
      open_start: true,
    };
    await assertExact(id, expected(both, openStart), 'after PATCH to an open start');

    await patch({ participants: [{ actor: 'nato', role: 'host' }] });
    await assertExact(id, expected([['nato', 'host']], openStart), 'after removing a participant');

    const imported = await api.inject({
      method: 'POST',
      url: '/v1/events:import',
      headers: { ...bearer(api.keys.write), 'content-type': 'application/x-ndjson' },
      payload: [
        eventInput({
          slug,
          date: '2020-03',
          status: 'scheduled',
          participants: [
            { actor: 'nato', role: 'host' },
            { actor: 'italy', role: 'party' },
          ],
        }),
        eventInput({ slug: uniqueSlug('copy-new'), date: '2020-04-02' }),
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    });
    assert.equal(imported.statusCode, 200, imported.body);
    assert.equal(imported.json().updated, 1);
    assert.equal(imported.json().created, 1);
    const month = {
      ...day,
      status: 'scheduled',
      start_earliest: '2020-03-01',
      start_latest: '2020-03-31',
      end_earliest: '2020-03-01',
      end_latest: '2020-03-31',
    };
    await assertExact(
      id,
      expected(
        [
          ['italy', 'party'],
          ['nato', 'host'],
        ],
        month,
      ),
      'after an import that updates it',
    );

    await sql`update events set status = 'held', end_earliest = '2020-03-20', start_latest = '2020-03-05'
      where id = ${id}`.execute(api.db);
    const byHand = { ...month, status: 'held', start_latest: '2020-03-05', end_earliest: '2020-03-20' };
    await assertExact(
      id,
      expected(
        [
          ['italy', 'party'],
          ['nato', 'host'],
        ],
        byHand,
      ),
      'after an UPDATE written by hand',
    );

    const deleted = await api.inject({
      method: 'DELETE',
      url: `/v1/events/${slug}`,
      headers: bearer(api.keys.write),
    });
    assert.equal(deleted.statusCode, 204, deleted.body);
    await assertExact(
      id,
      expected(
        [
          ['italy', 'party'],
          ['nato', 'host'],
        ],
        { ...byHand, live: false },
      ),
      'after DELETE (soft)',
    );
  });
});

const LISTS = new Set(['actor', 'role', 'type', 'status', 'tag']);
/** The filter part of a query string as the route hands it to normalizeFilters (lists as arrays). */
const filterQuery = (query: string) =>
  Object.fromEntries([...new URLSearchParams(query)].map(([k, v]) => [k, LISTS.has(k) ? [v] : v]));

describe('the gap walk over the participant rows answers as the walk over the events', () => {
  test('readsParticipantCopy: actors with roles, types, statuses and a window only; any other filter reads the events', () => {
    const reads = (query: Record<string, unknown>) =>
      readsParticipantCopy(normalizeFilters(query, { defaultStatuses: ['held'] }));
    assert.equal(reads({ actor: ['nato'], type: ['meeting'] }), true);
    assert.equal(
      reads({ actor: ['nato,russia'], role: ['host'], from: '2019', to: '2020', temporal: 'within' }),
      true,
    );
    assert.equal(reads({ actor: ['nato'], actor_match: 'all' }), true);
    assert.equal(reads({ actor: ['nato,russia'], actor_match: 'all' }), false);
    assert.equal(reads({ type: ['meeting'] }), false);
    assert.equal(reads({ actor: ['nato'], tag: ['nrc'] }), false);
    assert.equal(reads({ actor: ['nato'], country: ['BE'] }), false);
    assert.equal(reads({ actor: ['nato'], q: 'Brussels' }), false);
    assert.equal(reads({ actor: ['nato'], plover: ['CONSULT'] }), false);
    assert.equal(reads({ actor: ['nato'], bbox: '0,40,10,50' }), false);
    assert.equal(reads({ actor: ['nato'], updated_since: '2020-01-01T00:00:00Z' }), false);
  });

  test('same reports with and without a tag that every event has (the tag makes the walk read the events)', async () => {
    const tag = uniqueTag('copy');
    const [body, other] = [
      await insertActor(api.db, `body-${tag}`),
      await insertActor(api.db, `other-${tag}`),
    ];
    const as = (actor: string, role: 'party' | 'host' | 'chair' = 'party') => ({ actor, role });
    const stored = await insertEvents(api.db, tag, [
      { date: '1990-03-02', participants: [as(body)] },
      { date: '1990-03-01/1990-03-20', participants: [as(body), as(body, 'chair')] },
      { date: '1991?', participants: [as(body)] },
      { date: '1992-05', participants: [as(other)] },
      { date: '1994-01-10', status: 'cancelled', participants: [as(body)] },
      { date: '[1995-06-01,1995-08-15]', participants: [as(body, 'host'), as(other)] },
      { date: '1996-02-01/1996-02-03', type: 'visit', participants: [as(body)] },
      { date: '1998-11-11', participants: [as(body)] },
      { date: '[..1999-12-03]', participants: [as(body)] },
      { date: '2001-04-01/..', participants: [as(other, 'host')] },
      { date: '2003-09-09', participants: [as(body, 'host')] },
      { date: '2005-12-24', participants: [as(body)] },
      { date: '../2007-01-05', participants: [as(other)] },
    ]);
    // A deleted event's rows are not live: it must not count on either side.
    await sql`update events set deleted_at = now() where id = ${stored[11]!.id}`.execute(api.db);

    const queries = [
      `actor=${body}&type=meeting`,
      `actor=${body}`,
      `actor=${body},${other}&order=longest&as_of=2010-01-01`,
      `actor=${body},${other}&type=meeting,visit&status=held,cancelled&include_leading=true&from=1989`,
      `actor=${body}&role=host,chair&as_of=2004-01-01`,
      `actor=${body}&from=1990&to=1999&temporal=within&coarse_days=30`,
      `actor=${body},${other}&from=1991-06&to=2006&exclude_coarse=true&min_days=100`,
      `actor=${other}&actor_match=all&as_of=2008-06-30&order=longest&limit=2`,
    ];
    let considered = 0;
    for (const query of queries) {
      assert.equal(
        readsParticipantCopy(normalizeFilters(filterQuery(query), { defaultStatuses: ['held'] })),
        true,
        query,
      );
      const viaRows = await api.inject({ url: `/v1/gaps?${query}` });
      const viaEvents = await api.inject({ url: `/v1/gaps?${query}&tag=${tag}` });
      assert.equal(viaRows.statusCode, 200, `${query}: ${viaRows.body}`);
      assert.equal(viaEvents.statusCode, 200, `${query}: ${viaEvents.body}`);
      // A cursor is bound to the filters it came from, which differ by the tag: only whether there is one counts.
      const strip = ({ next_cursor, ...rest }: Record<string, unknown>) => ({
        ...rest,
        next: next_cursor !== null,
      });
      assert.deepEqual(strip(viaRows.json()), strip(viaEvents.json()), query);
      considered += viaRows.json().events_considered;
    }
    assert.ok(considered > 20, `the queries considered events (${considered})`);

    const first = (await api.inject({ url: `/v1/gaps?actor=${body}&type=meeting&as_of=2010-01-01` })).json();
    assert.equal(
      first.events_considered,
      7,
      'the chaired and attended meeting counts once; the deleted one not',
    );
  });
});
