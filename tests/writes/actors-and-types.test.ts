import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../helpers/app.ts';
import { bearer, eventInput, uniqueSlug } from '../helpers/fixtures.ts';

const api = useTestApp({ seed: true, keys: true });

async function createActor(overrides: Record<string, unknown> = {}) {
  const body = {
    id: uniqueSlug('actor'),
    kind: 'person',
    name: { en: 'Sergey Lavrov' },
    aliases: ['Lawrow'],
    ...overrides,
  };
  const res = await api.inject({
    method: 'POST',
    url: '/v1/actors',
    headers: bearer(api.keys.write),
    payload: body,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res;
}

describe('actors', () => {
  test('actors: create is a 201 with Location and the version as ETag; an existing id is a 409', async () => {
    const res = await createActor({ country: 'RU', wikidata: 'Q172599' });
    const actor = res.json();
    assert.equal(res.headers.location, `/v1/actors/${actor.id}`);
    assert.equal(res.headers.etag, '"1"');
    assert.equal(actor.country, 'RU');
    const read = await api.inject({ url: String(res.headers.location) });
    assert.equal(read.statusCode, 200);
    assert.equal(read.headers.etag, '"1"');
    const again = await api.inject({
      method: 'POST',
      url: '/v1/actors',
      headers: bearer(api.keys.write),
      payload: { id: actor.id, kind: 'person', name: { en: 'Other' } },
    });
    assert.equal(again.statusCode, 409);
    assert.deepEqual(again.json().errors, [{ detail: 'already exists', pointer: '/id', in: 'body' }]);
  });

  test('actors: a merge patch adds a language, replaces aliases and removes a member; If-Match is honoured', async () => {
    const created = (await createActor({ wikidata: 'Q172599' })).json();
    const url = `/v1/actors/${created.id}`;
    const res = await api.inject({
      method: 'PATCH',
      url,
      headers: {
        ...bearer(api.keys.write),
        'content-type': 'application/merge-patch+json',
        'if-match': '"1"',
      },
      payload: JSON.stringify({
        name: { de: 'Sergej Lawrow' },
        aliases: ['Lawrow', 'Lavrov'],
        wikidata: null,
      }),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers.etag, '"2"');
    assert.deepEqual(res.json().name, { en: 'Sergey Lavrov', de: 'Sergej Lawrow' });
    assert.deepEqual(res.json().aliases, ['Lawrow', 'Lavrov']);
    assert.equal(res.json().wikidata, null);
    const stale = await api.inject({
      method: 'PATCH',
      url,
      headers: { ...bearer(api.keys.write), 'if-match': '"1"' },
      payload: { country: 'RU' },
    });
    assert.equal(stale.statusCode, 412);
    const renamed = await api.inject({
      method: 'PATCH',
      url,
      headers: bearer(api.keys.write),
      payload: { id: 'someone-else' },
    });
    assert.equal(renamed.statusCode, 400);
    assert.deepEqual(renamed.json().errors, [
      { detail: 'unknown property "id"', pointer: '/id', in: 'body' },
    ]);
    const badKind = await api.inject({
      method: 'PATCH',
      url,
      headers: bearer(api.keys.write),
      payload: { kind: 'alien' },
    });
    assert.equal(badKind.statusCode, 400);
    const missing = await api.inject({
      method: 'PATCH',
      url: '/v1/actors/nobody-at-all',
      headers: bearer(api.keys.write),
      payload: { aliases: [] },
    });
    assert.equal(missing.statusCode, 404);
  });

  test('actors: delete is refused with 409 while a live event names the actor, and works once it is gone', async () => {
    const actor = (await createActor()).json();
    const event = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(api.keys.write),
      payload: eventInput({ participants: [{ actor: actor.id, role: 'speaker' }] }),
    });
    assert.equal(event.statusCode, 201);
    const refused = await api.inject({
      method: 'DELETE',
      url: `/v1/actors/${actor.id}`,
      headers: bearer(api.keys.write),
    });
    assert.equal(refused.statusCode, 409);
    const gone = await api.inject({
      method: 'DELETE',
      url: `/v1/events/${event.json().id}`,
      headers: bearer(api.keys.write),
    });
    assert.equal(gone.statusCode, 204);
    const stale = await api.inject({
      method: 'DELETE',
      url: `/v1/actors/${actor.id}`,
      headers: { ...bearer(api.keys.write), 'if-match': '"9"' },
    });
    assert.equal(stale.statusCode, 412);
    const deleted = await api.inject({
      method: 'DELETE',
      url: `/v1/actors/${actor.id}`,
      headers: { ...bearer(api.keys.write), 'if-match': '"1"' },
    });
    assert.equal(deleted.statusCode, 204);
    assert.equal((await api.inject({ url: `/v1/actors/${actor.id}` })).statusCode, 404);
    const revisions = await api.db
      .selectFrom('revisions')
      .select(['version', 'operation', 'api_key_id'])
      .where('entity', '=', 'actor')
      .where('entity_id', '=', actor.id)
      .orderBy('version')
      .execute();
    assert.deepEqual(revisions, [
      { version: 1, operation: 'create', api_key_id: api.keys.writeId },
      { version: 2, operation: 'delete', api_key_id: api.keys.writeId },
    ]);
  });
});

describe('event types', () => {
  test('event types: an admin adds one (201, with a revision); events can use it at once; a repeat is a 409', async () => {
    const body = {
      code: 'phone_call',
      label: { en: 'Phone call', de: 'Telefonat' },
      plover_category: 'CONSULT',
    };
    const res = await api.inject({
      method: 'POST',
      url: '/v1/event-types',
      headers: bearer(api.keys.admin),
      payload: body,
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json(), { ...body, description: {}, quad_class: 'verbal_cooperation' });
    const listed = (await api.inject({ url: '/v1/event-types' }))
      .json()
      .data.map((t: { code: string }) => t.code);
    assert.ok(listed.includes('phone_call'));
    const event = await api.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(api.keys.write),
      payload: eventInput({ type: 'phone_call' }),
    });
    assert.equal(event.statusCode, 201);
    const again = await api.inject({
      method: 'POST',
      url: '/v1/event-types',
      headers: bearer(api.keys.admin),
      payload: body,
    });
    assert.equal(again.statusCode, 409);
    const revision = await api.db
      .selectFrom('revisions')
      .select(['operation', 'api_key_id'])
      .where('entity', '=', 'event_type')
      .where('entity_id', '=', 'phone_call')
      .execute();
    assert.deepEqual(revision, [{ operation: 'create', api_key_id: api.keys.adminId }]);
  });

  test('event types: a bad code or an unknown property is a 400 with its pointer', async () => {
    const res = await api.inject({
      method: 'POST',
      url: '/v1/event-types',
      headers: bearer(api.keys.admin),
      payload: { code: 'Phone Call', label: { en: 'x' }, colour: 'red' },
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      res
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
      ['/code', '/colour'],
    );
  });
});
