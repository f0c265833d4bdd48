import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../helpers/app.ts';
import { bearer, eventInput, tableCounts, uniqueSlug } from '../helpers/fixtures.ts';

const api = useTestApp({ seed: true, keys: true });

const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };

async function create(overrides: Record<string, unknown> = {}) {
  const res = await api.inject({
    method: 'POST',
    url: '/v1/events',
    headers: bearer(api.keys.write),
    payload: eventInput(overrides),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res;
}

describe('POST /v1/events', () => {
  test('create: 201 with Location and ETag; GET at the Location returns the same event and ETag', async () => {
    const res = await create({
      summary: { en: 'The last meeting before the pause.' },
      location: { name: 'Brussels', country: 'BE' },
    });
    const event = res.json();
    assert.equal(res.headers.location, `/v1/events/${event.id}`);
    assert.match(String(res.headers.etag), /^"1-[\w-]+"$/);
    assert.equal(event.version, 1);
    assert.deepEqual(event.participants, [
      {
        actor: { id: 'nato-russia-council', kind: 'body', name: event.participants[0].actor.name },
        role: 'forum',
      },
    ]);
    const read = await api.inject({ url: String(res.headers.location) });
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json(), event);
    assert.equal(read.headers.etag, res.headers.etag);
  });

  test('create: an unknown property is a 400 naming it; nothing is written', async () => {
    const before = await tableCounts(api.db);
    const res = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(api.keys.write),
      payload: eventInput({ colour: 'red' }),
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(res.json().errors, [
      { detail: 'unknown property "colour"', pointer: '/colour', in: 'body' },
    ]);
    assert.deepEqual(await tableCounts(api.db), before);
  });

  test('create: bad EDTF is a 400 on /date, unknown actor and type a 422 on their pointers', async () => {
    const badDate = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(api.keys.write),
      payload: eventInput({ date: '2019-13' }),
    });
    assert.equal(badDate.statusCode, 400);
    assert.equal(badDate.json().errors[0].pointer, '/date');
    const unknown = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(api.keys.write),
      payload: eventInput({
        type: 'teleconference',
        participants: [{ actor: 'nato' }, { actor: 'atlantis' }],
      }),
    });
    assert.equal(unknown.statusCode, 422);
    assert.deepEqual(
      unknown.json().errors.map((e: { pointer: string }) => e.pointer),
      ['/type', '/participants/1/actor'],
    );
  });

  test('create: a slug already used (even by a deleted event) is a 409 on /slug', async () => {
    const slug = uniqueSlug();
    await create({ slug });
    const again = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(api.keys.write),
      payload: eventInput({ slug }),
    });
    assert.equal(again.statusCode, 409);
    assert.deepEqual(again.json().errors, [{ detail: 'already used', pointer: '/slug', in: 'body' }]);
  });

  test('create: 10 concurrent POSTs with one slug create one event; the others get 409, never a 500', async () => {
    const slug = uniqueSlug('race');
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.inject({
          method: 'POST',
          url: '/v1/events',
          headers: bearer(api.keys.write),
          payload: eventInput({ slug }),
        }),
      ),
    );
    assert.deepEqual(responses.map((r) => r.statusCode).sort(), [201, ...Array(9).fill(409)]);
    for (const r of responses.filter((r) => r.statusCode === 409)) {
      assert.deepEqual(r.json().errors, [{ detail: 'already used', pointer: '/slug', in: 'body' }]);
    }
  });

  test('create: a JSON body that is not JSON is a 400, another media type a 415', async () => {
    const broken = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer(api.keys.write), 'content-type': 'application/json' },
      payload: '{"type":',
    });
    assert.equal(broken.statusCode, 400);
    const text = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer(api.keys.write), 'content-type': 'text/plain' },
      payload: 'meeting',
    });
    assert.equal(text.statusCode, 415);
  });
});

describe('PATCH /v1/events/{id}', () => {
  test('patch: merge patch adds, replaces and removes members; new version and ETag', async () => {
    const created = (
      await create({ summary: { en: 'old' }, location: { name: 'Brussels', country: 'BE' } })
    ).json();
    const res = await api.inject({
      method: 'PATCH',
      url: `/v1/events/${created.slug}`,
      headers: { ...bearer(api.keys.write), ...MERGE_PATCH },
      payload: {
        summary: { en: null, de: 'neu' },
        location: { name: null },
        tags: ['nrc', 'brussels'],
        status: 'cancelled',
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const event = res.json();
    assert.equal(event.version, 2);
    assert.match(String(res.headers.etag), /^"2-/);
    assert.deepEqual(event.summary, { de: 'neu' });
    assert.deepEqual(event.location, { country: 'BE' });
    assert.deepEqual(event.tags, ['brussels', 'nrc']);
    assert.equal(event.status, 'cancelled');
    assert.deepEqual(event.title, created.title, 'members not in the patch stay');
    const read = await api.inject({ url: `/v1/events/${created.id}` });
    assert.equal(read.headers.etag, res.headers.etag);
  });

  test('patch: application/json is accepted as a merge patch too', async () => {
    const created = (await create()).json();
    const res = await api.inject({
      method: 'PATCH',
      url: `/v1/events/${created.id}`,
      headers: bearer(api.keys.write),
      payload: { title: { fr: 'Réunion du Conseil OTAN-Russie' } },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(Object.keys(res.json().title).sort(), ['de', 'en', 'fr']);
  });

  test('patch: the merged result is validated like a POST body, with pointers', async () => {
    const created = (await create({ title: { en: 'Only English' } })).json();
    const patch = (payload: unknown) =>
      api.inject({
        method: 'PATCH',
        url: `/v1/events/${created.id}`,
        headers: { ...bearer(api.keys.write), ...MERGE_PATCH },
        payload: JSON.stringify(payload),
      });
    const unknownMember = await patch({ colour: 'red' });
    assert.equal(unknownMember.statusCode, 400);
    assert.deepEqual(unknownMember.json().errors, [
      { detail: 'unknown property "colour"', pointer: '/colour', in: 'body' },
    ]);
    const removedRequired = await patch({ type: null });
    assert.equal(removedRequired.statusCode, 400);
    assert.deepEqual(removedRequired.json().errors, [
      { detail: '"type" is required', pointer: '/type', in: 'body' },
    ]);
    const emptiedTitle = await patch({ title: { en: null } });
    assert.equal(emptiedTitle.statusCode, 400);
    assert.equal(emptiedTitle.json().errors[0].pointer, '/title');
    const nestedUnknown = await patch({ location: { city: 'Brussels' } });
    assert.equal(nestedUnknown.statusCode, 400);
    assert.equal(nestedUnknown.json().errors[0].pointer, '/location/city');
    const badDate = await patch({ date: 'June 2019' });
    assert.equal(badDate.statusCode, 400);
    assert.equal(badDate.json().errors[0].pointer, '/date');
    const unknownActor = await patch({ participants: [{ actor: 'atlantis' }] });
    assert.equal(unknownActor.statusCode, 422);
    assert.equal(unknownActor.json().errors[0].pointer, '/participants/0/actor');
    const read = await api.inject({ url: `/v1/events/${created.id}` });
    assert.equal(read.json().version, 1, 'no failed patch changed the event');
  });

  test('patch: If-Match with a stale ETag is a 412, a malformed one a 400, * always matches', async () => {
    const created = await create();
    const etag = String(created.headers.etag);
    const url = `/v1/events/${created.json().id}`;
    const first = await api.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(api.keys.write), 'if-match': etag },
      payload: { status: 'scheduled' },
    });
    assert.equal(first.statusCode, 200);
    const stale = await api.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(api.keys.write), 'if-match': etag },
      payload: { status: 'held' },
    });
    assert.equal(stale.statusCode, 412);
    assert.equal(stale.headers['content-type'], 'application/problem+json; charset=utf-8');
    const malformed = await api.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(api.keys.write), 'if-match': 'yesterday' },
      payload: {},
    });
    assert.equal(malformed.statusCode, 400);
    const any = await api.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(api.keys.write), 'if-match': '*' },
      payload: { status: 'held' },
    });
    assert.equal(any.statusCode, 200);
    assert.equal(any.json().version, 3);
  });

  test('patch: 20 concurrent PATCHes with the same ETag: exactly one succeeds, 19 get 412', async () => {
    const created = await create();
    const etag = String(created.headers.etag);
    const id = created.json().id;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.inject({
          method: 'PATCH',
          url: `/v1/events/${id}`,
          headers: { ...bearer(api.keys.write), ...MERGE_PATCH, 'if-match': etag },
          payload: JSON.stringify({ summary: { en: `writer ${i}` } }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [200, ...Array(19).fill(412)]);
    const winner = responses.find((r) => r.statusCode === 200)?.json();
    const read = (await api.inject({ url: `/v1/events/${id}` })).json();
    assert.equal(read.version, 2);
    assert.deepEqual(read.summary, winner.summary);
    const revisions = (await api.inject({ url: `/v1/events/${id}/revisions` })).json().data;
    assert.deepEqual(
      revisions.map((r: { version: number }) => r.version),
      [1, 2],
    );
  });

  test('patch: a body that is neither JSON nor a merge patch is a 415', async () => {
    const created = (await create()).json();
    const res = await api.inject({
      method: 'PATCH',
      url: `/v1/events/${created.id}`,
      headers: { ...bearer(api.keys.write), 'content-type': 'text/plain' },
      payload: 'status=held',
    });
    assert.equal(res.statusCode, 415);
  });
});

describe('actor timelines follow writes', () => {
  // An actor's timeline reads its participant rows, which carry copies of their event's type, dates and
  // deletion (kept by triggers): every write must reach them.
  const timeline = async (query: string) => {
    const res = await api.inject({ method: 'GET', url: `/v1/events?actor=belarus&${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().data as { slug: string }[]).map((e) => e.slug);
  };
  const copiesOutOfStep = async () => {
    const result = await sql<{ n: number }>`
      select count(*)::int as n from event_participants p join events e on e.id = p.event_id
      where (p.type, p.start_earliest, p.end_latest, p.live)
        is distinct from (e.type, e.start_earliest, e.end_latest, e.deleted_at is null)`.execute(api.db);
    return result.rows[0]?.n;
  };

  test('create, change type and dates, change participants, delete: the actor timeline is right each time', async () => {
    const slug = uniqueSlug();
    const created = await create({
      slug,
      type: 'visit',
      date: '1961-03',
      participants: [{ actor: 'belarus', role: 'party' }],
    });
    assert.deepEqual(await timeline('type=visit&from=1961&to=1961'), [slug]);

    const retyped = await api.inject({
      method: 'PATCH',
      url: `/v1/events/${slug}`,
      headers: { ...bearer(api.keys.write), ...MERGE_PATCH, 'if-match': String(created.headers.etag) },
      payload: { type: 'summit', date: '1962-05/1963-02' },
    });
    assert.equal(retyped.statusCode, 200, retyped.body);
    assert.deepEqual(await timeline('type=visit&from=1961&to=1961'), []);
    // It started before 1963 and reaches into it: found through the window's first day.
    assert.deepEqual(await timeline('type=summit&from=1963&to=1970'), [slug]);
    assert.deepEqual(await timeline('type=summit&from=1963&to=1970&temporal=within'), []);

    const moved = await api.inject({
      method: 'PATCH',
      url: `/v1/events/${slug}`,
      headers: { ...bearer(api.keys.write), ...MERGE_PATCH, 'if-match': String(retyped.headers.etag) },
      payload: { participants: [{ actor: 'italy', role: 'host' }] },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual(await timeline('type=summit&from=1963&to=1970'), []);
    const italy = await api.inject({
      method: 'GET',
      url: '/v1/events?actor=italy&role=host&from=1963&to=1963',
    });
    assert.deepEqual(
      italy.json().data.map((e: { slug: string }) => e.slug),
      [slug],
    );

    const deleted = await api.inject({
      method: 'DELETE',
      url: `/v1/events/${slug}`,
      headers: { ...bearer(api.keys.write), 'if-match': String(moved.headers.etag) },
    });
    assert.equal(deleted.statusCode, 204, deleted.body);
    const after = await api.inject({ method: 'GET', url: '/v1/events?actor=italy&from=1963&to=1963' });
    assert.deepEqual(after.json().data, []);
    assert.equal(await copiesOutOfStep(), 0);
  });
});

describe('DELETE /v1/events/{id} and revisions', () => {
  test('delete: soft; the event reads as 404, as a tombstone with include_deleted, and cannot be patched', async () => {
    const created = await create();
    const { id, slug } = created.json();
    const stale = await api.inject({
      method: 'DELETE',
      url: `/v1/events/${id}`,
      headers: { ...bearer(api.keys.write), 'if-match': '"7"' },
    });
    assert.equal(stale.statusCode, 412);
    const res = await api.inject({
      method: 'DELETE',
      url: `/v1/events/${slug}`,
      headers: { ...bearer(api.keys.write), 'if-match': String(created.headers.etag) },
    });
    assert.equal(res.statusCode, 204);
    assert.equal(res.body, '');
    assert.equal((await api.inject({ url: `/v1/events/${id}` })).statusCode, 404);
    // Deleted content is for writers: without a key 401, with a read key 403, with a write key the tombstone.
    assert.equal((await api.inject({ url: `/v1/events/${id}?include_deleted=true` })).statusCode, 401);
    assert.equal(
      (await api.inject({ url: `/v1/events/${id}?include_deleted=true`, headers: bearer(api.keys.read) }))
        .statusCode,
      403,
    );
    const tombstone = await api.inject({
      url: `/v1/events/${id}?include_deleted=true`,
      headers: bearer(api.keys.write),
    });
    assert.equal(tombstone.statusCode, 200);
    assert.equal(tombstone.json().deleted, true);
    assert.equal(tombstone.json().version, 2);
    const again = await api.inject({
      method: 'DELETE',
      url: `/v1/events/${id}`,
      headers: bearer(api.keys.write),
    });
    assert.equal(again.statusCode, 404);
    const patch = await api.inject({
      method: 'PATCH',
      url: `/v1/events/${id}`,
      headers: bearer(api.keys.write),
      payload: { status: 'held' },
    });
    assert.equal(patch.statusCode, 404);
    const list = (await api.inject({ url: '/v1/events?limit=500' }))
      .json()
      .data.map((e: { id: string }) => e.id);
    assert.ok(!list.includes(id), 'the timeline leaves deleted events out');
  });

  test('revisions: after create → patch → delete, each revision is exactly what GET returned at that time', async () => {
    const created = await create();
    const id = created.json().id;
    const states = [(await api.inject({ url: `/v1/events/${id}` })).json()];
    const patched = await api.inject({
      method: 'PATCH',
      url: `/v1/events/${id}`,
      headers: { ...bearer(api.keys.write), ...MERGE_PATCH, 'if-match': String(created.headers.etag) },
      payload: JSON.stringify({
        date: '2019-07-05',
        summary: { en: 'Day-precise now.' },
        participants: [{ actor: 'nato' }, { actor: 'russia' }],
      }),
    });
    assert.equal(patched.statusCode, 200);
    states.push((await api.inject({ url: `/v1/events/${id}` })).json());
    const deleted = await api.inject({
      method: 'DELETE',
      url: `/v1/events/${id}`,
      headers: { ...bearer(api.keys.admin), 'if-match': String(patched.headers.etag) },
    });
    assert.equal(deleted.statusCode, 204);
    states.push(
      (
        await api.inject({ url: `/v1/events/${id}?include_deleted=true`, headers: bearer(api.keys.write) })
      ).json(),
    );

    // A deleted event's history, with who wrote each version: for admin keys.
    const res = await api.inject({ url: `/v1/events/${id}/revisions`, headers: bearer(api.keys.admin) });
    assert.equal(res.statusCode, 200);
    const revisions = res.json().data;
    assert.deepEqual(
      revisions.map((r: { version: number; operation: string; api_key_id: string }) => [
        r.version,
        r.operation,
        r.api_key_id,
      ]),
      [
        [1, 'create', api.keys.writeId],
        [2, 'update', api.keys.writeId],
        [3, 'delete', api.keys.adminId],
      ],
    );
    for (const [i, r] of revisions.entries()) {
      assert.deepEqual(r.snapshot, states[i], `revision ${i + 1}`);
    }
    assert.equal(res.json().next_cursor, null);
    const bySlug = await api.inject({
      url: `/v1/events/${states[0].slug}/revisions`,
      headers: bearer(api.keys.admin),
    });
    assert.deepEqual(bySlug.json(), res.json());
  });

  test('revisions: 404 for an unknown id or slug; seeded events have their history with no API key', async () => {
    assert.equal((await api.inject({ url: '/v1/events/no-such-event/revisions' })).statusCode, 404);
    assert.equal(
      (await api.inject({ url: '/v1/events/00000000-0000-4000-8000-000000000000/revisions' })).statusCode,
      404,
    );
    const seeded = (await api.inject({ url: '/v1/events/nrc-founded-2002/revisions' })).json().data;
    assert.equal(seeded.length, 1);
    assert.equal(seeded[0].operation, 'create');
    assert.equal(seeded[0].api_key_id, null);
  });
});
