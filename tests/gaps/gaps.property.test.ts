import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addDays, addMonths } from 'date-fns';
import fc from 'fast-check';
import {
  daysBetween,
  fromLocalDate,
  spanDuration,
  todayIso,
  toLocalDate,
} from '../../src/domain/calendar.ts';
import { parseEdtf } from '../../src/domain/edtf.ts';
import { parsePartialDate } from '../../src/domain/partial-date.ts';
import type { ApiGap, GapReport } from '../../src/modules/gaps/gaps.service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { insertEvents, type StoredEvent, uniqueTag } from '../helpers/rows.ts';

// The SQL of GET /v1/gaps against a reference that follows the gap rules (docs/design.md) line by line in
// plain JavaScript, on random event sets. One database for the whole test; each case inserts its events
// under a tag of its own.

const RUNS = Number(process.env.GAPS_PROPERTY_RUNS ?? 1000);

let fixtures: TestApp;
const cleanups: (() => Promise<void>)[] = [];
before(async () => {
  fixtures = await createTestApp({ after: (fn: () => Promise<void>) => cleanups.push(fn) });
});
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

// ---------------------------------------------------------------------------------------------------------
// The reference: the window filter and gap rules 1–7 of docs/design.md. Dates are `YYYY-MM-DD` strings and
// +∞ is the stored 'infinity', which sorts after every date string ('i' > '9'), so plain string comparison works.

interface Question {
  asOf: string;
  windowStart: string | null;
  windowEnd: string | null;
  temporal: 'overlaps' | 'within';
  min: { duration: string } | { days: number } | null;
  includeLeading: boolean;
  order: 'chronological' | 'longest';
}

interface Answer {
  gaps: ApiGap[];
  sinceLast: ApiGap | null;
  longest: ApiGap | null;
  eventsConsidered: number;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const maxOf = (values: string[]) => values.reduce((m, v) => (compare(v, m) > 0 ? v : m));
const minOf = (values: string[]) => values.reduce((m, v) => (compare(v, m) < 0 ? v : m));

function referenceGaps(events: StoredEvent[], q: Question): Answer {
  const F = q.windowStart;
  const T = q.windowEnd;
  // §4: overlaps keeps se ≤ T and el ≥ F; within keeps se ≥ F and el ≤ T.
  const matching = events.filter((e) =>
    q.temporal === 'within'
      ? (F === null || e.se >= F) && (T === null || e.el <= T)
      : (T === null || e.se <= T) && (F === null || e.el >= F),
  );
  // Rule 1: se, sl, ee, el are the stored columns (open end: ee = el = +∞; unknown end: ee = sl, el = +∞).
  // Rule 2: keep the events with se ≤ as_of, sorted by (se, id).
  const considered = matching
    .filter((e) => e.se <= q.asOf)
    .sort((a, b) => compare(a.se, b.se) || compare(a.id, b.id));
  // Rule 3: an event joins the current block when its se ≤ the block's largest el.
  const blocks: StoredEvent[][] = [];
  for (const event of considered) {
    const current = blocks.at(-1);
    if (current && event.se <= maxOf(current.map((e) => e.el))) current.push(event);
    else blocks.push([event]);
  }
  const ref = (e: StoredEvent) => ({
    id: e.id,
    slug: e.slug,
    title: { en: `Meeting ${e.edtf}` },
    date: e.edtf,
  });
  const gap = (
    certain: [string, string],
    possible: [string, string],
    afterEvent: StoredEvent | null,
    beforeEvent: StoredEvent | null,
    kind: { open: boolean; leading: boolean },
  ): ApiGap => ({
    certain: { start: certain[0], end: certain[1], days: daysBetween(certain[0], certain[1]) },
    possible: { start: possible[0], end: possible[1], days: daysBetween(possible[0], possible[1]) },
    duration: spanDuration(certain[0], certain[1]),
    after: afterEvent ? ref(afterEvent) : null,
    before: beforeEvent ? ref(beforeEvent) : null,
    ...kind,
  });
  // `after`: the event of P with the largest el; on a tie the later one in walk order.
  const lastEnding = (block: StoredEvent[]) => {
    const largest = maxOf(block.map((e) => e.el));
    return block.filter((e) => e.el === largest).at(-1) as StoredEvent;
  };

  const gaps: ApiGap[] = [];
  // Rule 4: between consecutive blocks P and N.
  for (let i = 1; i < blocks.length; i += 1) {
    const P = blocks[i - 1] as StoredEvent[];
    const N = blocks[i] as StoredEvent[];
    gaps.push(
      gap(
        [maxOf(P.map((e) => e.el)), minOf(N.map((e) => e.se))],
        [maxOf(P.map((e) => e.ee)), minOf(N.map((e) => e.sl))],
        lastEnding(P),
        N[0] as StoredEvent,
        { open: false, leading: false },
      ),
    );
  }
  // Rule 5: the open gap after the last block L, when max el of L < as_of.
  let sinceLast: ApiGap | null = null;
  const L = blocks.at(-1);
  if (L && maxOf(L.map((e) => e.el)) < q.asOf) {
    sinceLast = gap(
      [maxOf(L.map((e) => e.el)), q.asOf],
      [maxOf(L.map((e) => e.ee)), q.asOf],
      lastEnding(L),
      null,
      {
        open: true,
        leading: false,
      },
    );
    gaps.push(sinceLast);
  }
  // Rule 7: the leading gap from `from` to the first block.
  const first = blocks[0];
  if (q.includeLeading && F !== null && first && F < minOf(first.map((e) => e.se))) {
    gaps.unshift(
      gap(
        [F, minOf(first.map((e) => e.se))],
        [F, minOf(first.map((e) => e.sl))],
        null,
        first[0] as StoredEvent,
        {
          open: false,
          leading: true,
        },
      ),
    );
  }
  // Rule 6: min keeps gaps with certain.start + min ≤ certain.end; order=longest sorts by days, then start.
  const kept = gaps.filter((g) => q.min === null || atLeast(g.certain.start, g.certain.end, q.min));
  const byStart = (a: ApiGap, b: ApiGap) => compare(a.certain.start, b.certain.start);
  const byLength = (a: ApiGap, b: ApiGap) => b.certain.days - a.certain.days || byStart(a, b);
  const ordered = [...kept].sort(q.order === 'longest' ? byLength : byStart);
  return {
    gaps: ordered,
    sinceLast,
    longest: [...kept].sort(byLength)[0] ?? null,
    eventsConsidered: considered.length,
  };
}

/** start + min ≤ end, adding the months first (clamped to the month's last day), then the days. */
function atLeast(start: string, end: string, min: NonNullable<Question['min']>): boolean {
  if ('days' in min) return daysBetween(start, end) >= min.days;
  const [, y = '0', m = '0', w = '0', d = '0'] = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(
    min.duration,
  ) as string[];
  const shifted = addDays(
    addMonths(toLocalDate(start), Number(y) * 12 + Number(m)),
    Number(w) * 7 + Number(d),
  );
  return fromLocalDate(shifted) <= end;
}

// ---------------------------------------------------------------------------------------------------------
// Generators: a few years of events at mixed precision, so overlaps, ties and duplicates are common.

/** One of the keys, each as often as its weight. */
const weighted = <K extends string>(weights: Record<K, number>) =>
  fc.oneof(
    ...(Object.entries(weights) as [K, number][]).map(([key, weight]) => ({
      arbitrary: fc.constant(key),
      weight,
    })),
  );

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

const FIRST_YEAR = 2000;
const LAST_YEAR = 2005;

const pointIn = (year: number) =>
  fc
    .record({
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      precision: weighted({ day: 28, month: 12, year: 3, decade: 1 }),
    })
    .map(({ month, day, precision }) => {
      if (precision === 'decade') return `${String(year).slice(0, 3)}X`;
      if (precision === 'year') return String(year);
      if (precision === 'month') return `${year}-${pad(month)}`;
      return `${year}-${pad(month)}-${pad(Math.min(day, daysIn(year, month)))}`;
    });

const isEdtf = (value: string) => {
  try {
    parseEdtf(value);
    return true;
  } catch {
    return false;
  }
};

// Intervals mostly end within a year of their start, so that gaps remain between the events.
const dateArb = fc
  .record({ year: fc.integer({ min: FIRST_YEAR, max: LAST_YEAR }), later: weighted({ 0: 3, 1: 1 }) })
  .chain(({ year, later }) =>
    fc.record({
      a: pointIn(year),
      b: pointIn(year + Number(later)),
      kind: weighted({ point: 24, qualified: 4, interval: 8, open: 1, unknown: 1 }),
      qualifier: fc.constantFrom('~', '?', '%'),
    }),
  )
  .map(({ a, b, kind, qualifier }) => {
    const candidates = {
      point: [a],
      qualified: [`${a}${qualifier}`],
      interval: [`${a}/${b}`, `${b}/${a}`],
      open: [`${a}/..`],
      unknown: [`${a}/`],
    }[kind];
    // Combinations the parser refuses (an interval ending before it starts, level 2) fall back to the point.
    return candidates.find(isEdtf) ?? a;
  });

// Some events repeated verbatim: duplicates must merge like any overlap.
const eventsArb = fc
  .tuple(fc.array(dateArb, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 3 }))
  .map(([dates, repeats]) =>
    dates.length === 0 ? dates : [...dates, ...repeats.map((r) => dates[r % dates.length] as string)],
  );

const partialArb = (minYear: number, maxYear: number) =>
  fc
    .record({
      year: fc.integer({ min: minYear, max: maxYear }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      precision: fc.constantFrom('day', 'day', 'month', 'year'),
    })
    .map(({ year, month, day, precision }) =>
      precision === 'year'
        ? String(year)
        : precision === 'month'
          ? `${year}-${pad(month)}`
          : `${year}-${pad(month)}-${pad(day)}`,
    );

const minArb = fc.oneof(
  { arbitrary: fc.constant(null), weight: 10 },
  { arbitrary: fc.integer({ min: 0, max: 200 }).map((n) => ({ min: `P${n}D` })), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 30 }).map((n) => ({ min: `P${n}W` })), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 9 }).map((n) => ({ min: `P${n}M` })), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 1 }).map((n) => ({ min: `P${n}Y` })), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 30 }))
      .map(([y, m, d]) => ({ min: `P${y}Y${m}M${d}D` })),
    weight: 1,
  },
  { arbitrary: fc.integer({ min: 1, max: 200 }).map((n) => ({ min_days: n })), weight: 2 },
);

const questionArb = fc.record({
  asOf: fc.option(partialArb(FIRST_YEAR - 1, LAST_YEAR + 1), { freq: 6 }),
  from: fc.option(partialArb(FIRST_YEAR - 1, LAST_YEAR - 1), { freq: 2 }),
  to: fc.option(partialArb(FIRST_YEAR + 1, LAST_YEAR + 1), { freq: 3 }),
  temporal: fc.constantFrom(undefined, 'overlaps', 'within'),
  min: minArb,
  includeLeading: fc.boolean(),
  order: fc.constantFrom('chronological', 'longest'),
  limit: fc.constantFrom(500, 500, 1, 2, 3),
});

type GeneratedQuestion = typeof questionArb extends fc.Arbitrary<infer Q> ? Q : never;

// ---------------------------------------------------------------------------------------------------------

function queryString(tag: string, g: GeneratedQuestion, windowEnd: string | null): URLSearchParams {
  const params = new URLSearchParams({ tag, order: g.order, limit: String(g.limit) });
  if (g.asOf !== null) params.set('as_of', g.asOf);
  if (g.from !== null) params.set('from', g.from);
  if (windowEnd !== null && g.to !== null) params.set('to', g.to);
  if (g.temporal) params.set('temporal', g.temporal);
  if (g.min && 'min' in g.min) params.set('min', g.min.min);
  if (g.min && 'min_days' in g.min) params.set('min_days', String(g.min.min_days));
  if (g.includeLeading) params.set('include_leading', 'true');
  return params;
}

async function apiAnswer(params: URLSearchParams): Promise<{ gaps: ApiGap[]; pages: GapReport[] }> {
  const pages: GapReport[] = [];
  let cursor: string | null = null;
  do {
    const page = new URLSearchParams(params);
    if (cursor) page.set('cursor', cursor);
    const res = await fixtures.app.inject({ url: `/v1/gaps?${page}` });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json() as GapReport;
    pages.push(report);
    cursor = report.next_cursor;
    assert.ok(pages.length <= 40, 'paging terminates');
  } while (cursor);
  return { gaps: pages.flatMap((p) => p.data), pages };
}

test(`gaps: the SQL answer equals the seven gap rules of docs/design.md on ${RUNS} random event sets`, async (t) => {
  let withGaps = 0;
  let withOpen = 0;
  let paged = 0;
  let withLeading = 0;
  await fc.assert(
    fc.asyncProperty(eventsArb, questionArb, async (dates, g) => {
      const tag = uniqueTag('case');
      const events = await insertEvents(
        fixtures.db,
        tag,
        dates.map((date) => ({ date })),
      );
      const windowStart = g.from === null ? null : parsePartialDate(g.from).first;
      // A window that ends before it starts is a 400 of the shared filters: leave `to` out then.
      const to = g.to === null ? null : parsePartialDate(g.to).last;
      const windowEnd = to !== null && windowStart !== null && windowStart > to ? null : to;
      const question: Question = {
        asOf: g.asOf !== null ? parsePartialDate(g.asOf).last : (windowEnd ?? todayIso()),
        windowStart,
        windowEnd,
        temporal: g.temporal ?? 'overlaps',
        min: g.min === null ? null : 'min' in g.min ? { duration: g.min.min } : { days: g.min.min_days },
        includeLeading: g.includeLeading,
        order: g.order,
      };
      const expected = referenceGaps(events, question);
      const actual = await apiAnswer(queryString(tag, g, windowEnd));

      assert.deepEqual(actual.gaps, expected.gaps);
      for (const page of actual.pages) {
        assert.equal(page.as_of, question.asOf);
        assert.equal(page.events_considered, expected.eventsConsidered);
        assert.deepEqual(page.since_last, expected.sinceLast);
        assert.deepEqual(page.longest, expected.longest);
        assert.ok(page.data.length <= g.limit);
      }
      if (expected.gaps.length > 0) withGaps += 1;
      if (expected.sinceLast) withOpen += 1;
      if (expected.gaps.some((gap) => gap.leading)) withLeading += 1;
      if (actual.pages.length > 1) paged += 1;
    }),
    { numRuns: RUNS },
  );
  t.diagnostic(
    `cases with gaps: ${withGaps}, with an open gap: ${withOpen}, with a leading gap: ${withLeading}, over several pages: ${paged}`,
  );
  // The generators must exercise what they are meant to, not only empty answers.
  assert.ok(withGaps > RUNS / 3, `cases with gaps: ${withGaps}`);
  assert.ok(withOpen > RUNS / 10, `cases with an open gap: ${withOpen}`);
  assert.ok(withLeading > RUNS / 50, `cases with a leading gap: ${withLeading}`);
  assert.ok(paged > RUNS / 20, `cases over several pages: ${paged}`);
});
