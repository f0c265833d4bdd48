import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { todayIso } from '../../src/domain/calendar.ts';
import type { ApiGap, GapReport } from '../../src/modules/gaps/gaps.service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type EventSpec, insertActor, insertEvents, uniqueTag } from '../helpers/rows.ts';

// Two databases for the file: the NRC seed, only read; and an empty one where each test inserts its own
// events under a tag of its own.
let seeded: TestApp;
let fixtures: TestApp;
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  const hooks = { after: (fn: () => Promise<void>) => cleanups.push(fn) };
  [seeded, fixtures] = await Promise.all([createTestApp(hooks, { seed: true }), createTestApp(hooks)]);
  await insertActor(fixtures.db, 'nato-russia-council');
});

after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Response {
  status: number;
  contentType: string;
  link: string | undefined;
  body: GapReport;
}

async function get(app: TestApp, url: string): Promise<Response> {
  const res = await app.app.inject({ url });
  return {
    status: res.statusCode,
    contentType: String(res.headers['content-type']),
    link: res.headers.link === undefined ? undefined : String(res.headers.link),
    body: res.json(),
  };
}

async function gaps(url: string): Promise<GapReport> {
  const res = await get(fixtures, url);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** Inserts the events under a fresh tag and returns the query string that selects exactly them. */
async function scenario(specs: (string | EventSpec)[]): Promise<string> {
  const tag = uniqueTag();
  await insertEvents(
    fixtures.db,
    tag,
    specs.map((s) => (typeof s === 'string' ? { date: s } : s)),
  );
  return `tag=${tag}`;
}

const nrcMeeting = (date: string, slug?: string): EventSpec => ({
  date,
  type: 'meeting',
  ...(slug ? { slug } : {}),
  participants: [{ actor: 'nato-russia-council', role: 'forum' }],
});

const spans = (list: ApiGap[]) => list.map((g) => `${g.certain.start}/${g.certain.end}:${g.certain.days}`);

describe('the worked examples of the gap rules (docs/design.md)', () => {
  test('gaps: day-precise meetings 2019-07-05 and 2022-01-12 give certain = possible = 922 days', async () => {
    const tag = await scenario([
      nrcMeeting('2019-07-05', 'we-a-2019'),
      nrcMeeting('2022-01-12', 'we-a-2022'),
    ]);
    const report = await gaps(`/v1/gaps?type=meeting&actor=nato-russia-council&${tag}&as_of=2022-01-12`);
    assert.equal(report.data.length, 1);
    const [gap] = report.data;
    assert.deepEqual(gap?.certain, { start: '2019-07-05', end: '2022-01-12', days: 922 });
    assert.deepEqual(gap?.possible, { start: '2019-07-05', end: '2022-01-12', days: 922 });
    assert.deepEqual(gap?.duration, { iso: 'P2Y6M7D', months: 30 });
    assert.equal(gap?.after?.slug, 'we-a-2019');
    assert.equal(gap?.after?.date, '2019-07-05');
    assert.deepEqual(gap?.after?.title, { en: 'Meeting 2019-07-05' });
    assert.equal(gap?.before?.slug, 'we-a-2022');
    assert.equal(gap?.open, false);
    assert.equal(gap?.leading, false);
    assert.equal(report.since_last, null);
    assert.deepEqual(report.longest, gap);
    assert.equal(report.events_considered, 2);
  });

  test('gaps: month-precision meeting gives certain 896 and possible 926 days', async () => {
    const tag = await scenario([nrcMeeting('2019-07'), nrcMeeting('2022-01-12')]);
    const report = await gaps(`/v1/gaps?type=meeting&actor=nato-russia-council&${tag}&as_of=2022-01-12`);
    assert.deepEqual(report.data[0]?.certain, { start: '2019-07-31', end: '2022-01-12', days: 896 });
    assert.deepEqual(report.data[0]?.possible, { start: '2019-07-01', end: '2022-01-12', days: 926 });
    assert.equal(report.data[0]?.after?.date, '2019-07');
  });

  test('since_last: last meeting 2019-07 as of 2021-06-07 is certain 677 and possible 707 days', async () => {
    const tag = await scenario([nrcMeeting('2019-07')]);
    const report = await gaps(`/v1/gaps?type=meeting&actor=nato-russia-council&${tag}&as_of=2021-06-07`);
    assert.deepEqual(report.since_last?.certain, { start: '2019-07-31', end: '2021-06-07', days: 677 });
    assert.deepEqual(report.since_last?.possible, { start: '2019-07-01', end: '2021-06-07', days: 707 });
    assert.equal(report.since_last?.open, true);
    assert.equal(report.since_last?.before, null);
    assert.deepEqual(report.data, [report.since_last]);
  });

  test('as_of is a horizon: as of 2021-12-31 the open gap since 2019-07-05 is 910 days though a meeting followed', async () => {
    const tag = await scenario([nrcMeeting('2019-07-05'), nrcMeeting('2022-01-12')]);
    const report = await gaps(`/v1/gaps?type=meeting&actor=nato-russia-council&${tag}&as_of=2021-12-31`);
    assert.deepEqual(report.since_last?.certain, { start: '2019-07-05', end: '2021-12-31', days: 910 });
    assert.deepEqual(spans(report.data), ['2019-07-05/2021-12-31:910']);
    assert.equal(report.events_considered, 1);
    assert.equal(report.as_of, '2021-12-31');
  });
});

describe('gaps count what happened', () => {
  const cancelledMeeting: EventSpec = { ...nrcMeeting('2020-06-15'), status: 'cancelled' };

  test('a cancelled meeting does not close the gap: as of 2021-12-31 still 910 days since 2019-07-05', async () => {
    const tag = await scenario([nrcMeeting('2019-07-05'), cancelledMeeting, nrcMeeting('2022-01-12')]);
    const report = await gaps(`/v1/gaps?type=meeting&actor=nato-russia-council&${tag}&as_of=2021-12-31`);
    assert.deepEqual(report.since_last?.certain, { start: '2019-07-05', end: '2021-12-31', days: 910 });
    assert.equal(report.events_considered, 1);
    assert.deepEqual(report.statuses, ['held']);
    const later = await gaps(`/v1/gaps?type=meeting&actor=nato-russia-council&${tag}&as_of=2022-01-12`);
    assert.deepEqual(spans(later.data), ['2019-07-05/2022-01-12:922']);
  });

  test('status= says otherwise: with cancelled meetings the open gap runs from 2020-06-15, 564 days', async () => {
    const tag = await scenario([nrcMeeting('2019-07-05'), cancelledMeeting, nrcMeeting('2022-01-12')]);
    const report = await gaps(
      `/v1/gaps?type=meeting&actor=nato-russia-council&${tag}&as_of=2021-12-31&status=held,cancelled`,
    );
    assert.deepEqual(report.since_last?.certain, { start: '2020-06-15', end: '2021-12-31', days: 564 });
    assert.deepEqual(report.statuses, ['cancelled', 'held']);
    const cancelledOnly = await gaps(`/v1/gaps?${tag}&as_of=2021-12-31&status=cancelled`);
    assert.equal(cancelledOnly.events_considered, 1);
    assert.deepEqual(cancelledOnly.statuses, ['cancelled']);
  });

  test('the actor shortcut counts what happened too', async () => {
    const actor = await insertActor(fixtures.db, `gap-actor-${process.pid}-status`);
    const tag = await scenario([
      { date: '2019-07-05', participants: [{ actor }] },
      { date: '2020-06-15', status: 'scheduled', participants: [{ actor }] },
    ]);
    const report = await gaps(`/v1/actors/${actor}/gaps?${tag}&as_of=2021-12-31`);
    assert.deepEqual(report.since_last?.certain, { start: '2019-07-05', end: '2021-12-31', days: 910 });
    assert.deepEqual(report.statuses, ['held']);
  });
});

describe('gaps hidden by coarsely dated events', () => {
  test('one event dated 20XX leaves no gap and no since_last; the answer names it and the gaps it hides', async () => {
    const actor = await insertActor(fixtures.db, `gap-actor-${process.pid}-coarse`);
    const tag = await scenario([
      { date: '2015-03-02', slug: `coarse-a-${process.pid}`, participants: [{ actor }] },
      { date: '20XX', slug: `coarse-x-${process.pid}`, participants: [{ actor }] },
      { date: '2019-07-05', slug: `coarse-b-${process.pid}`, participants: [{ actor }] },
    ]);
    const report = await gaps(`/v1/actors/${actor}/gaps?${tag}&as_of=2021-12-31`);
    assert.deepEqual(report.data, []);
    assert.equal(report.since_last, null);
    assert.equal(report.events_considered, 3);
    assert.equal(report.coarse.days, 366);
    assert.equal(report.coarse.excluded, false);
    assert.equal(report.coarse.events, 1);
    assert.deepEqual(
      report.coarse.hidden.map((h) => [spans([h.gap])[0], h.gap.open, h.hidden_by.map((e) => e.slug)]),
      [
        ['2015-03-02/2019-07-05:1586', false, [`coarse-x-${process.pid}`]],
        ['2019-07-05/2021-12-31:910', true, [`coarse-x-${process.pid}`]],
      ],
    );
    const [first] = report.coarse.hidden;
    assert.equal(first?.hidden_by[0]?.date, '20XX');
    assert.equal(first?.hidden_by[0]?.start_uncertainty_days, 36_524);
    assert.equal(first?.hidden_by[0]?.end_uncertainty_days, 36_524);
    assert.equal(
      report.coarse.advice,
      `2 gaps are hidden by 1 event dated with an uncertainty of more than 366 days: coarse-x-${process.pid} (20XX). Date it more precisely where the sources allow (e.g. 2019-07 instead of 20XX), or ask with exclude_coarse=true to leave such events out (coarse_days sets what counts as coarse).`,
    );
  });

  test('exclude_coarse=true leaves it out: the gaps come back, and the answer says one event was left out', async () => {
    const tag = await scenario(['2015-03-02', '20XX', '2019-07-05']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2021-12-31&exclude_coarse=true`);
    assert.deepEqual(spans(report.data), ['2015-03-02/2019-07-05:1586', '2019-07-05/2021-12-31:910']);
    assert.equal(report.events_considered, 2);
    assert.deepEqual(report.coarse.hidden, []);
    assert.equal(report.coarse.excluded, true);
    assert.equal(report.coarse.events, 1);
    assert.equal(
      report.coarse.advice,
      '1 matching event dated with an uncertainty of more than 366 days on a side was left out of these gaps (exclude_coarse=true).',
    );
  });

  test('coarse_days sets the threshold: a century is not coarse with coarse_days=40000', async () => {
    const tag = await scenario(['2015-03-02', '20XX', '2019-07-05']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2021-12-31&coarse_days=40000`);
    assert.deepEqual(report.coarse, { days: 40000, excluded: false, events: 0, hidden: [], advice: null });
  });

  test('a year is not coarse; an unknown end is (its end is unbounded), an open end is not', async () => {
    const tag = await scenario(['2015', '2016-01-01/', '2019-07-05', '2020-02-01/..']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2021-12-31`);
    assert.equal(report.coarse.events, 1);
    const unknownEnd = [['2016-01-01/', 0, null]];
    assert.deepEqual(
      report.coarse.hidden.map((h) => [
        spans([h.gap])[0],
        h.hidden_by.map((e) => [e.date, e.start_uncertainty_days, e.end_uncertainty_days]),
      ]),
      [
        ['2015-12-31/2019-07-05:1282', unknownEnd],
        ['2019-07-05/2020-02-01:211', unknownEnd],
      ],
      'it may have lasted from 2016 up to any later day',
    );
  });

  test('a coarse event that hides nothing is counted but not reported', async () => {
    const tag = await scenario(['2015-03-02', '2019-07-05', '[2019-07-01..2019-12-31]']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2019-07-20`);
    assert.equal(report.coarse.events, 0, 'half a year of possible dates is not coarse');
    const wide = await scenario(['2015-03-02', '2015-06-01/2018']);
    const quiet = await gaps(`/v1/gaps?${wide}&as_of=2015-12-31`);
    assert.deepEqual(quiet.coarse, { days: 366, excluded: false, events: 0, hidden: [], advice: null });
  });
});

describe('the NRC seed', () => {
  test('type=meeting&actor=nato-russia-council&as_of=2021-06-07: since the July 2019 meeting, 677 certain and 707 possible days', async () => {
    const res = await get(seeded, '/v1/gaps?type=meeting&actor=nato-russia-council&as_of=2021-06-07');
    assert.equal(res.status, 200);
    assert.match(res.contentType, /^application\/json/);
    const report = res.body;
    assert.equal(report.since_last?.after?.slug, 'nrc-meeting-2019-07');
    assert.equal(report.since_last?.after?.date, '2019-07');
    assert.deepEqual(report.since_last?.certain, { start: '2019-07-31', end: '2021-06-07', days: 677 });
    assert.deepEqual(report.since_last?.possible, { start: '2019-07-01', end: '2021-06-07', days: 707 });
    assert.deepEqual(report.since_last?.duration, { iso: 'P1Y10M7D', months: 22 });
    assert.deepEqual(report.longest, report.since_last);
    assert.equal(report.events_considered, 1);
    assert.equal(report.next_cursor, null);
  });

  test('all NRC events: the suspension and the resumption merge, leaving three gaps up to the invitation', async () => {
    const report = (await get(seeded, '/v1/gaps?actor=nato-russia-council&as_of=2021-06-07')).body;
    assert.deepEqual(spans(report.data), [
      '2002-12-31/2014-06-01:4170',
      '2016-04-30/2019-07-01:1157',
      '2019-07-31/2021-06-07:677',
    ]);
    assert.deepEqual(
      report.data.map((g) => [g.after?.slug, g.before?.slug]),
      [
        ['nrc-founded-2002', 'nrc-dialogue-suspended-2014'],
        ['nrc-dialogue-resumed-2016', 'nrc-meeting-2019-07'],
        ['nrc-meeting-2019-07', 'stoltenberg-invites-russia-2021'],
      ],
    );
    assert.equal(report.since_last, null, 'the invitation on 2021-06-07 reaches as_of');
    assert.equal(report.longest?.certain.days, 4170);
    assert.equal(report.events_considered, 5);
  });
});

describe('ends and horizons', () => {
  test('an open end (2019-07-05/..) reaches every horizon: later events merge into it and there is no open gap', async () => {
    const tag = await scenario(['2018-03-01', '2019-07-05/..', '2020-05-05']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2030-01-01`);
    assert.deepEqual(spans(report.data), ['2018-03-01/2019-07-05:491']);
    assert.equal(report.since_last, null);
    assert.equal(report.events_considered, 3);
  });

  test('an unknown end (2019-07-05/) may still be going on: no certain gap after it, no open gap', async () => {
    const tag = await scenario(['2019-07-05/', '2020-05-05']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2030-01-01`);
    assert.deepEqual(report.data, []);
    assert.equal(report.since_last, null);
    assert.equal(report.longest, null);
  });

  test('an interval ends between its end bounds: certain runs from the latest end, possible from the earliest', async () => {
    const tag = await scenario(['2017-01/2017-02', '2019-07-05']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2019-07-05`);
    assert.deepEqual(report.data[0]?.certain, { start: '2017-02-28', end: '2019-07-05', days: 857 });
    assert.deepEqual(report.data[0]?.possible, { start: '2017-02-01', end: '2019-07-05', days: 884 });
  });

  test('as_of before every event: no events considered, no gaps', async () => {
    const tag = await scenario(['2019-07-05', '2020-01-01']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2019-07-04`);
    assert.deepEqual(report, {
      data: [],
      next_cursor: null,
      since_last: null,
      longest: null,
      events_considered: 0,
      as_of: '2019-07-04',
      statuses: ['held'],
      coarse: { days: 366, excluded: false, events: 0, hidden: [], advice: null },
    });
  });

  test('as_of inside an event extent: since_last is null, earlier gaps remain', async () => {
    const tag = await scenario(['2019-07-05', '2020-01/2020-06']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2020-03-15`);
    assert.deepEqual(spans(report.data), ['2019-07-05/2020-01-01:180']);
    assert.equal(report.since_last, null);
  });

  test('as_of on the last day of an event: no open gap; the next day: an open gap of one day', async () => {
    const tag = await scenario(['2020-01']);
    assert.equal((await gaps(`/v1/gaps?${tag}&as_of=2020-01-31`)).since_last, null);
    const next = await gaps(`/v1/gaps?${tag}&as_of=2020-02-01`);
    assert.deepEqual(next.since_last?.certain, { start: '2020-01-31', end: '2020-02-01', days: 1 });
    assert.deepEqual(next.since_last?.possible, { start: '2020-01-01', end: '2020-02-01', days: 31 });
  });

  test('an event starting on as_of is considered and closes the gap', async () => {
    const tag = await scenario(['2019-07-05', '2021-06-07']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2021-06-07`);
    assert.deepEqual(spans(report.data), ['2019-07-05/2021-06-07:703']);
    assert.equal(report.since_last, null);
  });

  test('a partial as_of means its last day; without as_of the window end, else today', async () => {
    const tag = await scenario(['2019-07-05']);
    assert.equal((await gaps(`/v1/gaps?${tag}&as_of=2021`)).as_of, '2021-12-31');
    assert.equal((await gaps(`/v1/gaps?${tag}&as_of=2021-02`)).as_of, '2021-02-28');
    const windowed = await gaps(`/v1/gaps?${tag}&from=2019&to=2020-06`);
    assert.equal(windowed.as_of, '2020-06-30');
    assert.deepEqual(windowed.since_last?.certain, { start: '2019-07-05', end: '2020-06-30', days: 361 });
    assert.equal((await gaps(`/v1/gaps?${tag}`)).as_of, todayIso());
  });
});

describe('merging', () => {
  test('events on the same day overlap; events on consecutive days leave a one-day gap', async () => {
    const tag = await scenario(['2020-01-01', '2020-01-01', '2020-01-02', '2020-01-02']);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2020-01-02`);
    assert.deepEqual(spans(report.data), ['2020-01-01/2020-01-02:1']);
  });

  test('after is the event ending latest in its block, before the one starting first in the next', async () => {
    const tag = await scenario([
      { date: '2020-01/2020-12', slug: 'merge-long' },
      { date: '2020-03-05', slug: 'merge-inside' },
      { date: '2021-05', slug: 'merge-month' },
      { date: '2021-05-02', slug: 'merge-day' },
    ]);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2021-05-31`);
    assert.equal(report.data.length, 1);
    const [gap] = report.data;
    assert.equal(gap?.after?.slug, 'merge-long');
    assert.equal(gap?.before?.slug, 'merge-month');
    assert.deepEqual(gap?.certain, { start: '2020-12-31', end: '2021-05-01', days: 121 });
    // possible: the largest earliest end before (2020-12-01), the smallest latest start after (2021-05-02).
    assert.deepEqual(gap?.possible, { start: '2020-12-01', end: '2021-05-02', days: 152 });
  });

  test('when two events of a block end on the same latest day, after is the later one in start order', async () => {
    const tag = await scenario([
      { date: '2020-01', slug: 'tie-month' },
      { date: '2020-01-31', slug: 'tie-day' },
      '2020-06-01',
    ]);
    const report = await gaps(`/v1/gaps?${tag}&as_of=2020-06-01`);
    assert.equal(report.data[0]?.after?.slug, 'tie-day');
  });
});

describe('include_leading', () => {
  test('include_leading adds the gap from `from` to the first event, with after null', async () => {
    const tag = await scenario([{ date: '2019-07', slug: 'lead-first' }, '2020-01-10']);
    const report = await gaps(`/v1/gaps?${tag}&from=2019&as_of=2020-01-10&include_leading=true`);
    assert.equal(report.data.length, 2);
    const [leading] = report.data;
    assert.deepEqual(leading?.certain, { start: '2019-01-01', end: '2019-07-01', days: 181 });
    assert.deepEqual(leading?.possible, { start: '2019-01-01', end: '2019-07-31', days: 211 });
    assert.equal(leading?.leading, true);
    assert.equal(leading?.open, false);
    assert.equal(leading?.after, null);
    assert.equal(leading?.before?.slug, 'lead-first');
  });

  test('include_leading is off by default, needs `from`, and adds nothing when an event starts on `from`', async () => {
    const tag = await scenario(['2019-07-05', '2020-01-10']);
    const plain = await gaps(`/v1/gaps?${tag}&from=2019&as_of=2020-01-10`);
    assert.deepEqual(spans(plain.data), ['2019-07-05/2020-01-10:189']);
    const withoutFrom = await gaps(`/v1/gaps?${tag}&as_of=2020-01-10&include_leading=true`);
    assert.deepEqual(spans(withoutFrom.data), ['2019-07-05/2020-01-10:189']);
    const onFrom = await gaps(`/v1/gaps?${tag}&from=2019-07-05&as_of=2020-01-10&include_leading=true`);
    assert.deepEqual(spans(onFrom.data), ['2019-07-05/2020-01-10:189']);
  });

  test('the leading gap can be the longest', async () => {
    const tag = await scenario(['2019-12-01', '2019-12-20']);
    const report = await gaps(`/v1/gaps?${tag}&from=2010&as_of=2019-12-20&include_leading=true`);
    assert.equal(report.longest?.leading, true);
    assert.equal(report.longest?.certain.days, 3621);
  });
});

describe('min and min_days', () => {
  // Certain gaps of 10, 31, 59 and 400 days, then an open gap of 20 days.
  const events = ['2020-01-01', '2020-01-11', '2020-02-11', '2020-04-10', '2021-05-15'];
  const asOf = '2021-06-04';

  test('without min every gap is reported, the open one included', async () => {
    const tag = await scenario(events);
    const report = await gaps(`/v1/gaps?${tag}&as_of=${asOf}`);
    assert.deepEqual(
      report.data.map((g) => g.certain.days),
      [10, 31, 59, 400, 20],
    );
    assert.equal(report.data.at(-1)?.open, true);
  });

  test('min=P1M keeps gaps whose certain start plus one month is on or before their end', async () => {
    const tag = await scenario(events);
    const report = await gaps(`/v1/gaps?${tag}&as_of=${asOf}&min=P1M`);
    // 2020-01-11 + P1M = 2020-02-11: exactly one month is kept.
    assert.deepEqual(
      report.data.map((g) => g.certain.days),
      [31, 59, 400],
    );
  });

  test('min=P2W and min=P1Y: weeks and years', async () => {
    const tag = await scenario(events);
    assert.deepEqual(
      (await gaps(`/v1/gaps?${tag}&as_of=${asOf}&min=P2W`)).data.map((g) => g.certain.days),
      [31, 59, 400, 20],
    );
    assert.deepEqual(
      (await gaps(`/v1/gaps?${tag}&as_of=${asOf}&min=P1Y`)).data.map((g) => g.certain.days),
      [400],
    );
  });

  test('min_days keeps gaps of at least that many days; longest respects it; since_last ignores it', async () => {
    const tag = await scenario(events);
    const report = await gaps(`/v1/gaps?${tag}&as_of=${asOf}&min_days=31`);
    assert.deepEqual(
      report.data.map((g) => g.certain.days),
      [31, 59, 400],
    );
    assert.equal(report.longest?.certain.days, 400);
    assert.equal(report.since_last?.certain.days, 20, 'since_last is reported even when shorter than min');
    const none = await gaps(`/v1/gaps?${tag}&as_of=${asOf}&min_days=401`);
    assert.deepEqual(none.data, []);
    assert.equal(none.longest, null);
    assert.equal(none.since_last?.certain.days, 20);
  });
});

describe('order and pages', () => {
  // Certain gaps: 5, 30, 5, 100, 30 days, and an open one of 7.
  const events = ['2020-01-01', '2020-01-06', '2020-02-05', '2020-02-10', '2020-05-20', '2020-06-19'];
  const asOf = '2020-06-26';

  test('order=longest sorts by certain days, longest first, ties by start', async () => {
    const tag = await scenario(events);
    const report = await gaps(`/v1/gaps?${tag}&as_of=${asOf}&order=longest`);
    assert.deepEqual(spans(report.data), [
      '2020-02-10/2020-05-20:100',
      '2020-01-06/2020-02-05:30',
      '2020-05-20/2020-06-19:30',
      '2020-06-19/2020-06-26:7',
      '2020-01-01/2020-01-06:5',
      '2020-02-05/2020-02-10:5',
    ]);
    assert.deepEqual(report.longest, report.data[0]);
  });

  for (const order of ['chronological', 'longest'] as const) {
    test(`order=${order}: pages of two follow next_cursor and the Link header to the same gaps as one page`, async () => {
      const tag = await scenario(events);
      const base = `/v1/gaps?${tag}&as_of=${asOf}&order=${order}`;
      const whole = await gaps(base);
      const seen: ApiGap[] = [];
      let url: string | null = `${base}&limit=2`;
      let pages = 0;
      while (url) {
        const res: Response = await get(fixtures, url);
        assert.equal(res.status, 200);
        seen.push(...res.body.data);
        pages += 1;
        assert.deepEqual(res.body.longest, whole.longest, 'longest covers the whole answer on every page');
        assert.deepEqual(res.body.since_last, whole.since_last);
        if (res.body.next_cursor) {
          const next: URL = new URL(url, 'http://localhost');
          next.searchParams.set('cursor', res.body.next_cursor);
          assert.equal(res.link, `<${next.pathname}${next.search}>; rel="next"`);
          url =
            pages % 2 === 1
              ? `${next.pathname}${next.search}`
              : `${base}&limit=2&cursor=${encodeURIComponent(res.body.next_cursor)}`;
        } else {
          assert.equal(res.link, undefined);
          url = null;
        }
      }
      assert.equal(pages, 3);
      assert.deepEqual(seen, whole.data);
    });
  }

  test('a tampered cursor, or one from another query, is a 400 naming cursor', async () => {
    const tag = await scenario(events);
    const first = await gaps(`/v1/gaps?${tag}&as_of=${asOf}&limit=2`);
    assert.ok(first.next_cursor);
    const tampered = await get(
      fixtures,
      `/v1/gaps?${tag}&as_of=${asOf}&limit=2&cursor=${first.next_cursor}x`,
    );
    assert.equal(tampered.status, 400);
    assert.equal(problemPointer(tampered), '/cursor');
    const otherQuery = await get(
      fixtures,
      `/v1/gaps?${tag}&as_of=${asOf}&min_days=2&limit=2&cursor=${encodeURIComponent(first.next_cursor)}`,
    );
    assert.equal(otherQuery.status, 400);
    assert.equal(problemPointer(otherQuery), '/cursor');
  });
});

describe('GET /v1/actors/{id}/gaps', () => {
  test('answers like /v1/gaps with the actor filter', async () => {
    const query = 'as_of=2021-06-07&type=meeting';
    const shortcut = await get(seeded, `/v1/actors/nato-russia-council/gaps?${query}`);
    const general = await get(seeded, `/v1/gaps?actor=nato-russia-council&${query}`);
    assert.equal(shortcut.status, 200);
    assert.deepEqual(shortcut.body, general.body);
    assert.equal(shortcut.body.since_last?.certain.days, 677);
  });

  test('counts any role unless role is given', async () => {
    const actor = await insertActor(fixtures.db, uniqueTag('actor'));
    const tag = await scenario([
      { date: '2020-01-01', participants: [{ actor, role: 'host' }] },
      { date: '2020-03-01', participants: [{ actor, role: 'observer' }] },
      { date: '2020-05-01', participants: [{ actor, role: 'host' }] },
      { date: '2020-07-01', participants: [{ actor: 'nato-russia-council' }] },
    ]);
    const any = await gaps(`/v1/actors/${actor}/gaps?${tag}&as_of=2020-05-01`);
    assert.deepEqual(spans(any.data), ['2020-01-01/2020-03-01:60', '2020-03-01/2020-05-01:61']);
    const hosted = await gaps(`/v1/actors/${actor}/gaps?${tag}&as_of=2020-05-01&role=host`);
    assert.deepEqual(spans(hosted.data), ['2020-01-01/2020-05-01:121']);
  });

  test('an unknown actor is a 404 problem', async () => {
    const res = await get(seeded, '/v1/actors/no-such-actor/gaps');
    assert.equal(res.status, 404);
    assert.match(res.contentType, /^application\/problem\+json/);
  });

  test('the actor comes from the path: actor and actor_match parameters are unknown (400)', async () => {
    const res = await get(seeded, '/v1/actors/nato/gaps?actor=russia');
    assert.equal(res.status, 400);
    assert.equal(problemPointer(res), '/actor');
    const match = await get(seeded, '/v1/actors/nato/gaps?actor_match=all');
    assert.equal(match.status, 400);
    assert.equal(problemPointer(match), '/actor_match');
  });
});

describe('bad input is a 400 problem naming the parameter', () => {
  const cases: [string, string][] = [
    ['min=6%20months', '/min'],
    ['min=P6M1D2H', '/min'],
    ['min=PT6H', '/min'],
    ['min=P', '/min'],
    ['as_of=2021-13', '/as_of'],
    ['as_of=2021-02-30', '/as_of'],
    ['as_of=yesterday', '/as_of'],
    ['order=random', '/order'],
    ['min=P6M&min_days=180', '/min_days'],
    ['min_days=0', '/min_days'],
    ['min_days=many', '/min_days'],
    ['limit=501', '/limit'],
    ['include_leading=perhaps', '/include_leading'],
    ['sort=longest', '/sort'],
  ];
  for (const [query, pointer] of cases) {
    test(`${decodeURIComponent(query)} → 400 at ${pointer}`, async () => {
      const res = await get(seeded, `/v1/gaps?${query}`);
      assert.equal(res.status, 400);
      assert.match(res.contentType, /^application\/problem\+json/);
      assert.equal(problemPointer(res), pointer);
    });
  }
});

test('the OpenAPI document names the gap operations and schemas', async () => {
  const res = await seeded.app.inject({ url: '/openapi.json' });
  const document = res.json() as {
    paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
    components: { schemas: Record<string, unknown> };
  };
  assert.equal(document.paths['/v1/gaps']?.get?.operationId, 'listGaps');
  assert.equal(document.paths['/v1/actors/{id}/gaps']?.get?.operationId, 'listActorGaps');
  assert.deepEqual(document.paths['/v1/gaps']?.get?.tags, ['gaps']);
  for (const name of ['GapSpan', 'GapEventRef', 'Gap', 'GapReport']) {
    assert.ok(document.components.schemas[name], `component ${name}`);
  }
});

function problemPointer(res: Response): string | undefined {
  const body = res.body as unknown as { errors?: { pointer: string }[] };
  return body.errors?.[0]?.pointer;
}
