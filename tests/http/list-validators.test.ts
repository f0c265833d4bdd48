import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useTestApp } from '../helpers/app.ts';
import { bearer, eventInput, uniqueSlug } from '../helpers/fixtures.ts';

// Lists, gaps, the histogram and the exports carry a weak ETag that changes when anything they show changes
// (a create, an update, a delete, a participant's new name), and If-None-Match with it is a 304 without a
// body. Each step below changes one thing and checks which answers changed and which still revalidate.

const api = useTestApp({ seed: true, keys: true });

const TAG = 'validators';
const ACTOR = 'validator-ministry';
const URLS = {
  json: `/v1/events?tag=${TAG}`,
  csv: `/v1/events.csv?tag=${TAG}`,
  ndjson: `/v1/events.ndjson?tag=${TAG}`,
  timelinejs: `/v1/events.timelinejs?tag=${TAG}`,
  gaps: `/v1/gaps?tag=${TAG}&as_of=2030-01-01`,
  actorGaps: `/v1/actors/${ACTOR}/gaps?as_of=2030-01-01`,
  histogram: `/v1/timeline/histogram?tag=${TAG}&from=2019&to=2021`,
} as const;
type Answer = keyof typeof URLS;
const ANSWERS = Object.keys(URLS) as Answer[];

/** Each answer's ETag, after checking that it is weak and that sending it back is a bodiless 304. */
async function etags(): Promise<Record<Answer, string>> {
  const out = {} as Record<Answer, string>;
  for (const answer of ANSWERS) {
    const first = await api.inject({ url: URLS[answer] });
    assert.equal(first.statusCode, 200, `${answer}: ${first.body}`);
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/"[A-Za-z0-9_-]{22}"$/, answer);
    const again = await api.inject({ url: URLS[answer], headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304, answer);
    assert.equal(again.body, '', answer);
    assert.equal(again.headers['content-length'], undefined, answer);
    assert.equal(again.headers.etag, etag, answer);
    out[answer] = etag;
  }
  return out;
}

/** The answers whose ETag differs between two readings, in ANSWERS order. */
const changed = (before: Record<Answer, string>, after: Record<Answer, string>) =>
  ANSWERS.filter((answer) => before[answer] !== after[answer]);

describe('list validators follow every change of what the answer shows', () => {
  const ids: Record<string, string> = {};
  let current: Record<Answer, string>;

  const write = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const res = await api.inject({
      method,
      url,
      headers: {
        ...bearer(api.keys.write),
        ...(method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {}),
      },
      ...(payload ? { payload } : {}),
    });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.body ? res.json<{ id: string }>() : { id: '' };
  };

  before(async () => {
    await api.inject({
      method: 'POST',
      url: '/v1/actors',
      headers: bearer(api.keys.admin),
      payload: { id: ACTOR, kind: 'body', name: { en: 'Validator Ministry', de: 'Prüfministerium' } },
    });
    const first = await write(
      'POST',
      '/v1/events',
      eventInput({
        slug: uniqueSlug('validators'),
        date: '2019-07-05',
        tags: [TAG],
        participants: [{ actor: ACTOR, role: 'host' }],
      }),
    );
    ids.first = first.id;
    current = await etags();
  });

  test('creating a matching event changes every answer', async () => {
    const second = await write(
      'POST',
      '/v1/events',
      eventInput({
        slug: uniqueSlug('validators'),
        date: '2020-03-02',
        tags: [TAG],
        participants: [{ actor: ACTOR, role: 'host' }],
      }),
    );
    ids.second = second.id;
    const next = await etags();
    assert.deepEqual(changed(current, next), ANSWERS);
    current = next;
  });

  test('an event that does not match changes none of them', async () => {
    await write('POST', '/v1/events', eventInput({ date: '2020-05', tags: ['elsewhere'] }));
    const next = await etags();
    assert.deepEqual(changed(current, next), []);
  });

  test("a new title changes the answers that show it, not the histogram's counts", async () => {
    await write('PATCH', `/v1/events/${ids.first}`, { title: { en: 'Validator summit', de: 'Prüfgipfel' } });
    const next = await etags();
    assert.deepEqual(changed(current, next), ['json', 'csv', 'ndjson', 'timelinejs', 'gaps', 'actorGaps']);
    current = next;
  });

  test("renaming a participant changes the answers that show actors' names", async () => {
    const res = await api.inject({
      method: 'PATCH',
      url: `/v1/actors/${ACTOR}`,
      headers: { ...bearer(api.keys.admin), 'content-type': 'application/merge-patch+json' },
      payload: { name: { en: 'Ministry of Validation' } },
    });
    assert.equal(res.statusCode, 200, res.body);
    const next = await etags();
    // JSON and NDJSON show the names; the CSV shows actor ids, but its validator (the matching set's
    // fingerprint) counts the participants' versions too: a needless 200, never a wrong 304.
    assert.deepEqual(changed(current, next), ['json', 'csv', 'ndjson']);
    current = next;
  });

  test('deleting a matching event changes every answer', async () => {
    await write('DELETE', `/v1/events/${ids.second}`);
    const next = await etags();
    assert.deepEqual(changed(current, next), ANSWERS);
    current = next;
  });

  test('an ETag of another answer, or of an older state, is a 200', async () => {
    const res = await api.inject({ url: URLS.json, headers: { 'if-none-match': current.csv } });
    assert.equal(res.statusCode, 200);
    const csv = await api.inject({
      url: URLS.csv,
      headers: { 'if-none-match': `${current.json}, ${current.gaps}` },
    });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /^id,slug,/);
  });
});

describe('X-Total-Count, Vary and Content-Language', () => {
  test('count=exact sends X-Total-Count (the whole matching set) with the page, and total in the body', async () => {
    // The council's seeded events up to 2019: founded 2002, suspended 2014–2016, resumed 2016, met July 2019.
    const query = 'actor=nato-russia-council&to=2019&count=exact&limit=2';
    const res = await api.inject({ url: `/v1/events?${query}` });
    assert.equal(res.headers['x-total-count'], '4');
    assert.equal(res.json<{ total: number; data: unknown[] }>().total, 4);
    assert.equal(res.json<{ data: unknown[] }>().data.length, 2);
    const timeline = await api.inject({ url: `/v1/events.timelinejs?${query}` });
    assert.equal(timeline.headers['x-total-count'], '4');
    assert.equal(timeline.json<{ events: unknown[] }>().events.length, 2);
  });

  test('without count=exact there is no X-Total-Count', async () => {
    const res = await api.inject({ url: '/v1/events?actor=nato-russia-council&limit=2' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-total-count'], undefined);
    assert.equal('total' in res.json<object>(), false);
  });

  test('browsers may read X-Total-Count and ETag (CORS exposes them)', async () => {
    const res = await api.inject({
      url: '/v1/events?count=exact&limit=1',
      headers: { origin: 'https://frontend.example.org' },
    });
    const exposed = String(res.headers['access-control-expose-headers']).split(/,\s*/);
    assert.ok(exposed.includes('X-Total-Count') && exposed.includes('ETag'), exposed.join());
  });

  test('Vary names the headers each answer depends on', async () => {
    const vary = async (url: string) => (await api.inject({ url })).headers.vary;
    assert.equal(await vary('/v1/events?limit=1'), 'Accept, Accept-Language');
    assert.equal(await vary('/v1/events.csv?type=suspension'), 'Accept-Language');
    assert.equal(await vary('/v1/events.timelinejs?type=suspension'), 'Accept-Language');
    assert.equal(await vary('/v1/events.ndjson?type=suspension'), undefined);
  });
});
