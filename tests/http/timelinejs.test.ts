import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApp } from '../helpers/app.ts';
import { bearer, eventInput } from '../helpers/fixtures.ts';

// The TimelineJS export: a title slide saying the query in the requested language, groups by type label in
// that language, the next page's cursor in the body and in Link, and eras only for intervals over a day.

interface TimelineJs {
  title: { text: { headline: string; text: string } };
  events: { unique_id: string; group: string }[];
  eras: { text: { headline: string } }[];
  next_cursor: string | null;
}

describe('TimelineJS export', () => {
  const api = useTestApp({ seed: true, keys: true });

  test('the title slide says the query in German, with the actor name and type labels', async () => {
    const res = await api.inject({
      url: '/v1/events.timelinejs?actor=nato-russia-council&from=2014&to=2016&type=suspension,meeting&lang=de',
    });
    assert.equal(res.statusCode, 200);
    const body = res.json<TimelineJs>();
    assert.deepEqual(body.title, {
      text: { headline: 'Nato-Russland-Rat', text: '2014 – 2016 · Typen: Treffen, Aussetzung' },
    });
    assert.deepEqual(
      body.events.map((e) => [e.unique_id, e.group]),
      [['nrc-dialogue-suspended-2014', 'Aussetzung']],
    );
  });

  test('the next cursor is in the body and in Link, and following it reads the rest', async () => {
    const first = await api.inject({ url: '/v1/events.timelinejs?actor=nato-russia-council&limit=3' });
    const page = first.json<TimelineJs>();
    assert.equal(page.events.length, 3);
    assert.ok(page.next_cursor);
    assert.equal(
      first.headers.link,
      `</v1/events.timelinejs?actor=nato-russia-council&limit=3&cursor=${encodeURIComponent(page.next_cursor)}>; rel="next"`,
    );
    const rest = await api.inject({
      url: `/v1/events.timelinejs?actor=nato-russia-council&limit=3&cursor=${encodeURIComponent(page.next_cursor)}`,
    });
    const last = rest.json<TimelineJs>();
    assert.deepEqual(
      last.events.map((e) => e.unique_id),
      ['nrc-meeting-2019-07', 'stoltenberg-invites-russia-2021'],
    );
    assert.equal(last.next_cursor, null);
    assert.equal(rest.headers.link, undefined);
  });

  test('eras only for intervals longer than a day: a one-day interval is a slide only', async () => {
    for (const [slug, date] of [
      ['tljs-one-day', '2023-02-10/2023-02-10'],
      ['tljs-two-days', '2023-02-11/2023-02-12'],
    ]) {
      const res = await api.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer(api.keys.write),
        payload: eventInput({ slug, date, tags: ['tljs'], title: { en: slug } }),
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const body = (await api.inject({ url: '/v1/events.timelinejs?tag=tljs' })).json<TimelineJs>();
    assert.deepEqual(
      body.events.map((e) => e.unique_id),
      ['tljs-one-day', 'tljs-two-days'],
    );
    assert.deepEqual(
      body.eras.map((e) => e.text.headline),
      ['tljs-two-days'],
    );
    assert.deepEqual(body.title.text, { headline: 'Diplomatic events', text: 'Tags: tljs' });
  });
});
