import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiEvent } from '../../src/modules/events/read/events.mapper.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { assertProblem, get, getPage, parseCsv } from '../helpers/http.ts';

// Issue 3's acceptance scenarios on the NRC seed, which these tests only read.

let t: TestApp;
const cleanups: (() => Promise<void>)[] = [];
/** Every seeded event by slug, read once. */
let seeded: Map<string, ApiEvent>;

before(async () => {
  t = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true });
  const page = await getPage(t.app, '/v1/events?limit=500');
  seeded = new Map(page.data.map((e) => [e.slug ?? e.id, e]));
});

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const slugs = (data: ApiEvent[]) => data.map((e) => e.slug);

/** Slugs in timeline order, (start_earliest, id): the three events of 7 June 2021 tie on the day. */
function chronological(...wanted: string[]): string[] {
  const event = (slug: string) => {
    const e = seeded.get(slug);
    assert.ok(e, `seeded ${slug}`);
    return e;
  };
  return [...wanted].sort((a, b) => {
    const x = event(a);
    const y = event(b);
    return (
      (x.date.start.earliest as string).localeCompare(y.date.start.earliest as string) ||
      (x.id < y.id ? -1 : 1)
    );
  });
}

const JUNE_2021 = [
  'stoltenberg-invites-russia-2021',
  'zakharova-replies-2021',
  'stoltenberg-on-belarus-2021',
];
const ALL = [
  'nrc-founded-2002',
  'nrc-dialogue-suspended-2014',
  'nrc-dialogue-resumed-2016',
  'nrc-meeting-2019-07',
  ...JUNE_2021,
];

describe('timeline on the NRC seed', () => {
  test('the whole timeline in chronological order, one page, no next cursor and no Link', async () => {
    const res = await get(t.app, '/v1/events');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.headers.link, undefined);
    assert.equal(res.headers['cache-control'], 'public, max-age=30');
    const page = res.json<{ data: ApiEvent[]; next_cursor: string | null }>();
    assert.deepEqual(slugs(page.data), chronological(...ALL));
    assert.deepEqual(slugs(page.data).slice(0, 4), ALL.slice(0, 4));
    assert.equal(page.next_cursor, null);
    assert.equal('total' in page, false, 'no total unless count=exact');
  });

  test('order=desc lists it the other way round', async () => {
    const page = await getPage(t.app, '/v1/events?order=desc');
    assert.deepEqual(slugs(page.data), chronological(...ALL).reverse());
  });

  test("the NRC's events between 2014 and 2016 are the suspension and the resumption", async () => {
    const page = await getPage(t.app, '/v1/events?actor=nato-russia-council&from=2014&to=2016&count=exact');
    assert.deepEqual(slugs(page.data), ['nrc-dialogue-suspended-2014', 'nrc-dialogue-resumed-2016']);
    assert.equal(page.total, 2);
  });

  test('from=2015&to=2015 finds the suspension, which may have been going on then (overlaps)', async () => {
    const page = await getPage(t.app, '/v1/events?from=2015&to=2015');
    assert.deepEqual(slugs(page.data), ['nrc-dialogue-suspended-2014']);
  });

  test('from=2015&to=2015&temporal=within finds nothing: the suspension reaches beyond 2015', async () => {
    const res = await get(t.app, '/v1/events?from=2015&to=2015&temporal=within');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { data: [], next_cursor: null });
  });

  test('within June 2014 – April 2016 holds the suspension and the resumption; a day less at either end drops them', async () => {
    const within = (from: string, to: string) =>
      getPage(t.app, `/v1/events?from=${from}&to=${to}&temporal=within`).then((p) => slugs(p.data));
    assert.deepEqual(await within('2014-06', '2016-04'), [
      'nrc-dialogue-suspended-2014',
      'nrc-dialogue-resumed-2016',
    ]);
    assert.deepEqual(await within('2014-06-02', '2016-04'), ['nrc-dialogue-resumed-2016']);
    assert.deepEqual(await within('2014-06', '2016-04-29'), []);
  });

  test('the July 2019 meeting overlaps its last day but not the day after', async () => {
    assert.deepEqual(slugs((await getPage(t.app, '/v1/events?from=2019-07-31&to=2019-08')).data), [
      'nrc-meeting-2019-07',
    ]);
    assert.deepEqual(slugs((await getPage(t.app, '/v1/events?from=2019-08-01&to=2021-06-06')).data), []);
  });

  test('actor_match=all with a role: NATO as initiator together with Russia', async () => {
    const page = await getPage(
      t.app,
      '/v1/events?actor=nato,russia&actor_match=all&role=initiator,recipient',
    );
    assert.deepEqual(
      slugs(page.data),
      chronological(
        'nrc-dialogue-suspended-2014',
        'stoltenberg-invites-russia-2021',
        'zakharova-replies-2021',
      ),
    );
  });

  test('role=host finds the founding, hosted by Italy', async () => {
    assert.deepEqual(slugs((await getPage(t.app, '/v1/events?role=host')).data), ['nrc-founded-2002']);
  });

  test('type, tag and status filters', async () => {
    assert.deepEqual(
      slugs((await getPage(t.app, '/v1/events?type=statement')).data),
      chronological('zakharova-replies-2021', 'stoltenberg-on-belarus-2021'),
    );
    assert.deepEqual(slugs((await getPage(t.app, '/v1/events?tag=crimea&tag=belarus')).data), [
      'nrc-dialogue-suspended-2014',
      'stoltenberg-on-belarus-2021',
    ]);
    assert.deepEqual(slugs((await getPage(t.app, '/v1/events?status=held&type=founding')).data), [
      'nrc-founded-2002',
    ]);
    assert.deepEqual(slugs((await getPage(t.app, '/v1/events?status=cancelled')).data), []);
  });

  test('country=IT finds the founding in Italy', async () => {
    assert.deepEqual(slugs((await getPage(t.app, '/v1/events?country=IT')).data), ['nrc-founded-2002']);
  });
});

describe('full text on the NRC seed', () => {
  const search = async (q: string) =>
    slugs((await getPage(t.app, `/v1/events?q=${encodeURIComponent(q)}`)).data);
  const dialogue = () =>
    chronological('nrc-dialogue-suspended-2014', 'zakharova-replies-2021', 'stoltenberg-invites-russia-2021');

  test("q=Tor finds Zakharova's reply (her quote: „stellen Sie Ihr Tor wieder auf das Spielfeld“)", async () => {
    assert.deepEqual(await search('Tor'), ['zakharova-replies-2021']);
  });

  test('q=Dialog (German) finds the events about the dialogue', async () => {
    assert.deepEqual(await search('Dialog'), dialogue());
  });

  test('q=dialogue (English) finds the same events', async () => {
    assert.deepEqual(await search('dialogue'), dialogue());
  });

  test('q=Russland finds every event with Russia among its actors, through the German name', async () => {
    assert.deepEqual(await search('Russland'), chronological(...ALL));
  });

  test('q finds actor aliases and quotes: Moskau, Sacharowa, "Ball liegt"', async () => {
    assert.deepEqual(await search('Moskau'), chronological(...ALL));
    assert.deepEqual(await search('Sacharowa'), ['zakharova-replies-2021']);
    assert.deepEqual(await search('"Ball liegt"'), ['stoltenberg-invites-russia-2021']);
  });

  test('q combines with the window: Russland in 2014–2016', async () => {
    const page = await getPage(t.app, '/v1/events?q=Russland&from=2014&to=2016');
    assert.deepEqual(slugs(page.data), ['nrc-dialogue-suspended-2014', 'nrc-dialogue-resumed-2016']);
  });

  test('web-search syntax: a minus excludes', async () => {
    assert.deepEqual(
      await search('Stoltenberg -Belarus'),
      chronological('stoltenberg-invites-russia-2021', 'zakharova-replies-2021'),
    );
  });
});

describe('CSV export on the NRC seed', () => {
  const HEADER =
    'id,slug,type,status,edtf,precision,start_earliest,start_latest,end_earliest,end_latest,approximate,uncertain,open_end,unknown_end,display_date,title,summary,participants,location,country,latitude,longitude,location_precision,tags,sources,relations,title_de,title_en,summary_de,summary_en,version,updated_at';
  const QUERY = 'actor=nato-russia-council&from=2014&to=2016';

  test('format=csv: text/csv, a header row, one CRLF-terminated row per event', async () => {
    const res = await get(t.app, `/v1/events?${QUERY}&format=csv`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    assert.equal(res.headers['content-disposition'], 'inline; filename="events.csv"');
    const lines = res.body.split('\r\n');
    assert.equal(lines[0], HEADER);
    assert.equal(lines.length, 4, 'header, two rows, and the empty string after the last CRLF');
    assert.equal(lines[3], '');
    const suspension = seeded.get('nrc-dialogue-suspended-2014');
    assert.ok(suspension);
    assert.equal(
      lines[1],
      [
        suspension.id,
        'nrc-dialogue-suspended-2014',
        'suspension',
        'held',
        '2014-06/2016-04',
        'month',
        '2014-06-01',
        '2014-06-30',
        '2016-04-01',
        '2016-04-30',
        'false',
        'false',
        'false',
        'false',
        'June 2014 – April 2016',
        'NATO-Russia Council dialogue suspended',
        "After Russia's annexation of Crimea the dialogue in the NATO-Russia Council was suspended from June 2014 until April 2016.",
        'nato-russia-council:forum;nato:initiator;russia:recipient',
        '',
        '',
        '',
        '',
        '',
        'crimea;nrc',
        '"[{""title"":""Nato ruft Russland zu Treffen auf"",""publisher"":""dpa"",""published"":""2021-06"",""lang"":""de""}]"',
        '',
        'Dialog im Nato-Russland-Rat ausgesetzt',
        'NATO-Russia Council dialogue suspended',
        'Nach der Annexion der Krim durch Russland lag der Dialog im Nato-Russland-Rat von Juni 2014 bis April 2016 auf Eis.',
        "After Russia's annexation of Crimea the dialogue in the NATO-Russia Council was suspended from June 2014 until April 2016.",
        '1',
        suspension.updated_at,
      ].join(','),
    );
  });

  test('lang=de picks the German title, summary and display date', async () => {
    const res = await get(t.app, `/v1/events?${QUERY}&format=csv&lang=de`);
    const [header, suspension, resumption] = parseCsv(res.body);
    assert.ok(header && suspension && resumption);
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    assert.equal(cell(suspension, 'title'), 'Dialog im Nato-Russland-Rat ausgesetzt');
    assert.equal(cell(suspension, 'display_date'), 'Juni 2014 – April 2016');
    assert.equal(
      cell(suspension, 'summary'),
      'Nach der Annexion der Krim durch Russland lag der Dialog im Nato-Russland-Rat von Juni 2014 bis April 2016 auf Eis.',
    );
    assert.equal(cell(resumption, 'title'), 'Nato-Russland-Rat tagt wieder');
  });

  test('Accept: text/csv with Accept-Language: de gives the same German CSV as format=csv&lang=de', async () => {
    const byParams = await get(t.app, `/v1/events?${QUERY}&format=csv&lang=de`);
    const byHeaders = await get(t.app, `/v1/events?${QUERY}`, {
      accept: 'text/csv',
      'accept-language': 'de-DE,de;q=0.9,en;q=0.8',
    });
    assert.equal(byHeaders.statusCode, 200);
    assert.equal(byHeaders.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    assert.equal(byHeaders.body, byParams.body);
    assert.match(String(byHeaders.headers.vary), /Accept-Language/);
  });

  test('Accept-Language with white space before q (fr, de; q=0.9) still reads German when French is missing', async () => {
    const res = await get(t.app, `/v1/events?${QUERY}`, {
      accept: 'text/csv',
      'accept-language': 'en; q=0.5, de; q=0.9',
    });
    const [header, suspension] = parseCsv(res.body);
    assert.ok(header && suspension);
    assert.equal(suspension[header.indexOf('title')], 'Dialog im Nato-Russland-Rat ausgesetzt');
  });

  test('a supported language the texts lack (fr) falls back to English', async () => {
    const res = await get(t.app, `/v1/events?${QUERY}&format=csv&lang=fr`);
    assert.equal(res.headers['content-language'], 'fr');
    const [header, suspension] = parseCsv(res.body);
    assert.ok(header && suspension);
    assert.equal(suspension[header.indexOf('title')], 'NATO-Russia Council dialogue suspended');
    assert.equal(suspension[header.indexOf('display_date')], 'juin 2014 – avril 2016');
  });

  test('lang=pt (not supported) is a 400 naming lang and listing the supported languages', async () => {
    const res = await get(t.app, `/v1/events?${QUERY}&format=csv&lang=pt`);
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const problem = res.json<{ detail: string; errors: { pointer: string; in: string; detail: string }[] }>();
    assert.equal(problem.detail, 'lang: "pt" is not supported; use one of en, de, fr, es, it, ru');
    assert.deepEqual(problem.errors, [
      { pointer: '/lang', in: 'query', detail: 'unsupported language; supported: en, de, fr, es, it, ru' },
    ]);
  });

  test('fields with commas are quoted, and the whole seed is one row per event', async () => {
    const res = await get(t.app, '/v1/events?format=csv');
    const rows = parseCsv(res.body);
    assert.equal(rows.length, 1 + ALL.length);
    const [header, ...events] = rows;
    assert.ok(header);
    assert.deepEqual(
      events.map((r) => r[header.indexOf('slug')]),
      chronological(...ALL),
    );
    const invitation = events.find((r) => r[header.indexOf('slug')] === 'stoltenberg-invites-russia-2021');
    assert.ok(invitation);
    const summary = invitation[header.indexOf('summary')] ?? '';
    assert.match(summary, /^A week before the NATO summit in Brussels, Secretary General/);
    assert.ok(res.body.includes(`"${summary}"`), 'the summary with commas is quoted in the raw CSV');
    assert.equal(invitation[header.indexOf('approximate')], 'true');
    assert.equal(invitation[header.indexOf('display_date')], 'c. 7 June 2021');
  });
});

describe('TimelineJS export on the NRC seed', () => {
  interface Slide {
    unique_id: string;
    start_date: { year: number; month?: number; day?: number };
    end_date?: { year: number; month?: number; day?: number };
    display_date: string;
    text: { headline: string; text: string };
    group: string;
  }
  interface TimelineJs {
    title: { text: { headline: string; text: string } };
    next_cursor: string | null;
    events: Slide[];
    eras: { start_date: Slide['start_date']; end_date: Slide['start_date']; text: { headline: string } }[];
  }

  test('format=timelinejs: dates at their precision, the suspension as an era', async () => {
    const res = await get(t.app, '/v1/events?format=timelinejs&actor=nato-russia-council');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.timelinejs+json; charset=utf-8');
    const body = res.json<TimelineJs>();
    const dates = body.events.map((e) => [e.unique_id, e.start_date, e.end_date, e.display_date]);
    assert.deepEqual(dates, [
      ['nrc-founded-2002', { year: 2002 }, undefined, '2002'],
      [
        'nrc-dialogue-suspended-2014',
        { year: 2014, month: 6 },
        { year: 2016, month: 4 },
        'June 2014 – April 2016',
      ],
      ['nrc-dialogue-resumed-2016', { year: 2016, month: 4 }, undefined, 'April 2016'],
      ['nrc-meeting-2019-07', { year: 2019, month: 7 }, undefined, 'July 2019'],
      ['stoltenberg-invites-russia-2021', { year: 2021, month: 6, day: 7 }, undefined, 'c. 7 June 2021'],
    ]);
    assert.deepEqual(body.events[0]?.text, {
      headline: 'NATO-Russia Council founded',
      text: seeded.get('nrc-founded-2002')?.summary.en,
    });
    assert.equal(body.events[1]?.group, 'Suspension');
    assert.deepEqual(body.title, { text: { headline: 'NATO-Russia Council', text: '' } });
    assert.equal(body.next_cursor, null);
    assert.deepEqual(body.eras, [
      {
        start_date: { year: 2014, month: 6 },
        end_date: { year: 2016, month: 4 },
        text: { headline: 'NATO-Russia Council dialogue suspended' },
      },
    ]);
  });

  test('Accept: application/vnd.timelinejs+json with Accept-Language: de gives German texts', async () => {
    const res = await get(t.app, '/v1/events?type=suspension', {
      accept: 'application/vnd.timelinejs+json',
      'accept-language': 'de',
    });
    assert.equal(res.headers['content-type'], 'application/vnd.timelinejs+json; charset=utf-8');
    const body = res.json<TimelineJs>();
    assert.equal(body.events[0]?.display_date, 'Juni 2014 – April 2016');
    assert.equal(body.events[0]?.text.headline, 'Dialog im Nato-Russland-Rat ausgesetzt');
    assert.equal(body.eras[0]?.text.headline, 'Dialog im Nato-Russland-Rat ausgesetzt');
    assert.equal(body.events[0]?.group, 'Aussetzung');
    assert.deepEqual(body.title, {
      text: { headline: 'Diplomatische Ereignisse', text: 'Typen: Aussetzung' },
    });
    assert.equal(res.headers['content-language'], 'de');
  });
});

describe('NDJSON export on the NRC seed', () => {
  const lines = (body: string) => {
    assert.ok(body.endsWith('\n'), 'the last line ends in a newline');
    return body
      .slice(0, -1)
      .split('\n')
      .map((line) => JSON.parse(line) as ApiEvent);
  };

  test('format=ndjson: one JSON event per line, the whole result whatever the limit', async () => {
    const res = await get(t.app, '/v1/events?format=ndjson&limit=1');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/x-ndjson; charset=utf-8');
    const events = lines(res.body);
    assert.deepEqual(
      events.map((e) => e.slug),
      chronological(...ALL),
    );
    for (const e of events) assert.deepEqual(e, seeded.get(e.slug ?? ''), 'the same event as in JSON');
  });

  test('Accept: application/x-ndjson with filters', async () => {
    const res = await get(t.app, '/v1/events?actor=nato-russia-council&from=2014&to=2016', {
      accept: 'application/x-ndjson',
    });
    assert.equal(res.headers['content-type'], 'application/x-ndjson; charset=utf-8');
    assert.deepEqual(
      lines(res.body).map((e) => e.slug),
      ['nrc-dialogue-suspended-2014', 'nrc-dialogue-resumed-2016'],
    );
  });

  test('an empty result is an empty body', async () => {
    const res = await get(t.app, '/v1/events?format=ndjson&status=cancelled');
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
  });
});

describe('content negotiation on the NRC seed', () => {
  test('a browser Accept gets JSON', async () => {
    const res = await get(t.app, '/v1/events?limit=1', {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  });

  test('the preferred acceptable type wins by q', async () => {
    const res = await get(t.app, '/v1/events?limit=1', { accept: 'application/json;q=0.5, text/csv' });
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present');
  });

  test('format= overrides Accept', async () => {
    const res = await get(t.app, '/v1/events?limit=1&format=json', { accept: 'text/csv' });
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  });

  test('Accept: image/png is a 406 problem', async () => {
    const res = await get(t.app, '/v1/events', { accept: 'image/png' });
    const problem = assertProblem(res, { status: 406 });
    assert.equal(problem.title, 'Not acceptable');
    assert.match(problem.detail, /ask for application\/json, text\/csv or application\/x-ndjson/);
  });
});

describe('one event on the NRC seed', () => {
  test('by slug and by UUID (any case) it is the same event, with the date model of docs/design.md', async () => {
    const bySlug = await get(t.app, '/v1/events/nrc-dialogue-suspended-2014');
    assert.equal(bySlug.statusCode, 200);
    assert.equal(bySlug.headers['content-type'], 'application/json; charset=utf-8');
    const event = bySlug.json<ApiEvent>();
    const byId = await get(t.app, `/v1/events/${event.id}`);
    const byUpperId = await get(t.app, `/v1/events/${event.id.toUpperCase()}`);
    assert.equal(byId.body, bySlug.body);
    assert.equal(byUpperId.body, bySlug.body);
    assert.deepEqual(event.date, {
      edtf: '2014-06/2016-04',
      precision: 'month',
      start: { earliest: '2014-06-01', latest: '2014-06-30', approximate: false, uncertain: false },
      end: { earliest: '2016-04-01', latest: '2016-04-30', approximate: false, uncertain: false },
      approximate: false,
      uncertain: false,
      open_start: false,
      unknown_start: false,
      open_end: false,
      unknown_end: false,
      one_of: false,
      display: {
        en: 'June 2014 – April 2016',
        de: 'Juni 2014 – April 2016',
        fr: 'juin 2014 – avril 2016',
        es: 'junio de 2014 – abril de 2016',
        it: 'giugno 2014 – aprile 2016',
        ru: 'июнь 2014 – апрель 2016',
      },
    });
    assert.deepEqual(event, seeded.get('nrc-dialogue-suspended-2014'));
  });

  test('the resumption names the suspension it ends', async () => {
    const res = await get(t.app, '/v1/events/nrc-dialogue-resumed-2016');
    const suspension = seeded.get('nrc-dialogue-suspended-2014');
    assert.deepEqual(res.json<ApiEvent>().relations, [
      { kind: 'ends', event: { id: suspension?.id, slug: 'nrc-dialogue-suspended-2014' } },
    ]);
  });

  test('a strong ETag and Cache-Control; the same ETag for slug and UUID', async () => {
    const bySlug = await get(t.app, '/v1/events/nrc-meeting-2019-07');
    const etag = String(bySlug.headers.etag);
    assert.match(etag, /^"1-[\w-]{16}"$/, 'strong: no W/ prefix');
    assert.equal(bySlug.headers['cache-control'], 'public, max-age=30, must-revalidate');
    const byId = await get(t.app, `/v1/events/${bySlug.json<ApiEvent>().id}`);
    assert.equal(byId.headers.etag, etag);
  });

  test('If-None-Match with the current ETag is a 304 with an empty body', async () => {
    const first = await get(t.app, '/v1/events/nrc-meeting-2019-07');
    const etag = String(first.headers.etag);
    const res = await get(t.app, '/v1/events/nrc-meeting-2019-07', { 'if-none-match': etag });
    assert.equal(res.statusCode, 304);
    assert.equal(res.body, '');
    assert.equal(res.headers.etag, etag);
    assert.equal(res.headers['cache-control'], 'public, max-age=30, must-revalidate');
  });

  test('If-None-Match matches within a list, as *, and weakly (W/"…")', async () => {
    const etag = String((await get(t.app, '/v1/events/nrc-meeting-2019-07')).headers.etag);
    for (const header of [`"0-other", ${etag}`, '*', `W/${etag}`]) {
      const res = await get(t.app, '/v1/events/nrc-meeting-2019-07', { 'if-none-match': header });
      assert.equal(res.statusCode, 304, header);
    }
  });

  test('If-None-Match with another ETag gets the event', async () => {
    const res = await get(t.app, '/v1/events/nrc-meeting-2019-07', {
      'if-none-match': '"1-notthecurrentone"',
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<ApiEvent>().slug, 'nrc-meeting-2019-07');
  });

  test('different events have different ETags', async () => {
    const a = await get(t.app, '/v1/events/nrc-meeting-2019-07');
    const b = await get(t.app, '/v1/events/nrc-founded-2002');
    assert.notEqual(a.headers.etag, b.headers.etag);
  });

  test('an unknown slug or UUID is a 404 problem', async () => {
    for (const id of ['no-such-event', '00000000-0000-4000-8000-000000000000']) {
      const problem = assertProblem(await get(t.app, `/v1/events/${id}`), { status: 404 });
      assert.equal(problem.title, 'Not found');
      assert.match(problem.detail, new RegExp(id));
    }
  });
});
