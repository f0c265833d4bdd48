import { parse } from 'edtf';
import type { Precision } from '../db/schema.ts';
import {
  compareDays,
  daysInMonth,
  earlierDay,
  formatDay,
  isStorableDay,
  laterDay,
  STORABLE_RANGE_TEXT,
} from './calendar.ts';

/**
 * An EDTF date with everything the service derives from it.
 *
 * Bounds are calendar days (see calendar.ts); `null` is unbounded: `startEarliest` −∞; `startLatest` and
 * `endLatest` +∞; `endEarliest` +∞ for an open end (`2019/..`, still going on) and −∞ for a one-of set open
 * at its start (`[..1760-12-03]`, the only case where the earliest end is unbounded towards the past).
 */
export interface DateBounds {
  edtf: string;
  /** The coarsest unit in which a side is known (`time` when a side has a time of day). */
  precision: Precision;
  startEarliest: string | null;
  startLatest: string | null;
  endEarliest: string | null;
  endLatest: string | null;
  /** Qualifiers as written on each side; for a single date or a set both sides carry the date's own. */
  start: SideQualifiers;
  end: SideQualifiers;
  /** Either side approximate / uncertain: a summary of the two. */
  approximate: boolean;
  uncertain: boolean;
  /** `../2019`: it has been going on since an open-ended past. */
  openStart: boolean;
  /** `/2019`: it started at an unknown date. */
  unknownStart: boolean;
  /** `2019/..`: still going on. */
  openEnd: boolean;
  /** `2019/`: ended at an unknown date. */
  unknownEnd: boolean;
  /** `[2019, 2020]`: one of the listed dates; the bounds run from the first member to the last. */
  oneOf: boolean;
}

export interface SideQualifiers {
  approximate: boolean;
  uncertain: boolean;
}

/** One date, season or set member as written, with its bounds. */
export interface DatePoint {
  text: string;
  precision: Precision;
  /** null: −∞ (a set open at its start). */
  earliest: string | null;
  /** null: +∞ (a set open at its end). */
  latest: string | null;
  approximate: boolean;
  uncertain: boolean;
  /** The time of day as written after `T` (`23:20:30Z`), or null. */
  time: string | null;
  /** 21…41 for a season or other division of the year, else null. */
  season: number | null;
  /** Digits written as X (`201X`, `156X-12-25`). */
  unspecified: boolean;
}

export type EdtfSide =
  | { kind: 'point'; point: DatePoint }
  | { kind: 'open'; point: null }
  | { kind: 'unknown'; point: null };

/** What an EDTF string says, side by side, for display. */
export interface EdtfReading {
  form: 'date' | 'interval' | 'one_of';
  start: EdtfSide;
  end: EdtfSide;
  /** The members of a one-of set, ranges (`1670..1672`) as one point each. */
  members: DatePoint[];
  /** A one-of set that begins with `..` (or earlier) / ends with `..` (or later). */
  earlier: boolean;
  later: boolean;
}

/** Bad EDTF, with a reason a person can act on. */
export class EdtfError extends Error {
  override name = 'EdtfError';
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`"${input}" is not a supported EDTF date: ${reason}`);
  }
}

// The package's grammar entry point, which types/edtf.d.ts does not cover.
declare module 'edtf' {
  export interface ParseResult {
    readonly type: 'Date' | 'Interval' | 'Year' | 'Decade' | 'Century' | 'Season' | 'Set' | 'List';
    readonly level: number;
    readonly values: unknown[];
    readonly significant?: number;
    readonly earlier?: boolean;
    readonly later?: boolean;
  }
  export function parse(
    input: string,
    constraints?: { level?: number; seasonIntervals?: boolean; seasonUncertainty?: boolean },
  ): ParseResult;
}

const MAX_LENGTH = 64;
const FIRST_STORABLE_YEAR = -4713;
const LAST_STORABLE_YEAR = 5_874_897;
/** Precisions from the finest to the coarsest. */
export const PRECISION_RANK: Record<Precision, number> = {
  time: 0,
  day: 1,
  month: 2,
  season: 3,
  year: 4,
  decade: 5,
  century: 6,
  millennium: 7,
};

/**
 * Meteorological seasons, northern hemisphere for the hemisphere-free codes 21–24 (as for 25–28), then the
 * southern-hemisphere seasons, quarters, quadrimesters and semesters of ISO 8601-2: [first month, months].
 * A winter (and a southern summer) runs from December of its year to February of the next, so the seasons
 * of a year follow each other: spring, summer, autumn, winter.
 */
export const SEASON_MONTHS: Record<number, [number, number]> = {
  21: [3, 3],
  22: [6, 3],
  23: [9, 3],
  24: [12, 3],
  25: [3, 3],
  26: [6, 3],
  27: [9, 3],
  28: [12, 3],
  29: [9, 3],
  30: [12, 3],
  31: [3, 3],
  32: [6, 3],
  33: [1, 3],
  34: [4, 3],
  35: [7, 3],
  36: [10, 3],
  37: [1, 4],
  38: [5, 4],
  39: [9, 4],
  40: [1, 6],
  41: [7, 6],
};

const EXAMPLES = 'write e.g. 2019, 2019-07, 2019-07-05, 2019-07~, 2014-06/2016-04, 2019-07-05/.. or 2019-21';

/**
 * Reads EDTF levels 0 and 1 of ISO 8601-2 and the level 2 forms whose bounds are well defined (unspecified
 * digits anywhere, qualified components, one-of sets, every division of the year); refuses the others
 * (all-of sets, significant digits, exponential years) saying what to write instead.
 */
export function analyzeEdtf(input: string): EdtfReading {
  if (typeof input !== 'string' || input.length === 0) throw new EdtfError(String(input), 'it is empty');
  if (input.length > MAX_LENGTH)
    throw new EdtfError(input.slice(0, 20), `it is longer than ${MAX_LENGTH} characters`);
  // Sets may have a space after their commas ([2019, 2020]); nothing else may.
  const setLike = input.startsWith('[') || input.startsWith('{');
  if (/\s/.test(setLike ? input.replace(/,\s+/g, ',') : input)) {
    throw new EdtfError(input, 'it contains white space');
  }
  checkCalendarDays(input);
  const parsed = grammar(input);
  if (!parsed) throw new EdtfError(input, `it is not EDTF; ${EXAMPLES}`);

  switch (parsed.type) {
    case 'Date':
    case 'Season':
    case 'Year': {
      const point = pointOf(input, input, parsed);
      return single('date', point);
    }
    case 'Interval':
      return intervalOf(input, parsed);
    case 'Set':
      return oneOfSet(input, parsed);
    case 'List':
      throw new EdtfError(
        input,
        'all-of sets ({…}) name several dates that all apply: store one event per date, or an interval such as 1670/1672 for a run of years',
      );
    case 'Decade':
      throw new EdtfError(input, 'three-digit decades are not supported: write the decade as 201X');
    case 'Century':
      throw new EdtfError(input, 'two-digit centuries are not supported: write the century as 19XX');
  }
  throw new EdtfError(input, `it is not EDTF; ${EXAMPLES}`);
}

/** The bounds and flags the service stores for an EDTF date. */
export function parseEdtf(input: string): DateBounds {
  const reading = analyzeEdtf(input);
  const { start, end } = reading;
  const qualifiers = (side: EdtfSide): SideQualifiers => ({
    approximate: side.point?.approximate ?? false,
    uncertain: side.point?.uncertain ?? false,
  });
  const base = {
    edtf: input,
    start: qualifiers(start),
    end: qualifiers(end),
    approximate: Boolean(start.point?.approximate || end.point?.approximate),
    uncertain: Boolean(start.point?.uncertain || end.point?.uncertain),
    openStart: start.kind === 'open',
    unknownStart: start.kind === 'unknown',
    openEnd: end.kind === 'open',
    unknownEnd: end.kind === 'unknown',
    oneOf: reading.form === 'one_of',
  };
  if (reading.form !== 'interval' && start.point) {
    // One date (or one of a set): it starts and ends within the same bounds.
    const p = start.point;
    return {
      ...base,
      precision: p.precision,
      startEarliest: p.earliest,
      startLatest: p.latest,
      endEarliest: p.earliest,
      endLatest: p.latest,
    };
  }
  const s = start.point;
  const e = end.point;
  if (s && e) {
    // Both ends are finite: sets cannot be interval ends.
    const se = s.earliest as string;
    const el = e.latest as string;
    if (compareDays(el, se) < 0) throw new EdtfError(input, 'the interval ends before it starts');
    return {
      ...base,
      precision: coarser(s.precision, e.precision),
      startEarliest: se,
      // The event cannot start after it ended nor end before it started.
      startLatest: earlierDay(s.latest as string, el),
      endEarliest: laterDay(e.earliest as string, se),
      endLatest: el,
    };
  }
  if (s) {
    // An open end is still going on; an unknown end came no earlier than the latest start.
    return {
      ...base,
      precision: s.precision,
      startEarliest: s.earliest,
      startLatest: s.latest,
      endEarliest: end.kind === 'open' ? null : s.latest,
      endLatest: null,
    };
  }
  if (e) {
    // An open or unknown start is unbounded towards the past and came no later than the earliest end.
    return {
      ...base,
      precision: e.precision,
      startEarliest: null,
      startLatest: e.earliest,
      endEarliest: e.earliest,
      endLatest: e.latest,
    };
  }
  throw new EdtfError(input, 'an interval needs at least one date: write e.g. 2019/.. or ../2019');
}

/** The precision of one side of an interval (or of a date), read from its own text. */
export function precisionOfSide(side: string, fallback: Precision): Precision {
  try {
    const reading = analyzeEdtf(side);
    return reading.start.point?.precision ?? fallback;
  } catch {
    return fallback;
  }
}

export function coarser(a: Precision, b: Precision): Precision {
  return PRECISION_RANK[a] >= PRECISION_RANK[b] ? a : b;
}

/** A day that does not exist (2019-02-29, 2019-04-31) gets a reason of its own, not the grammar's refusal. */
function checkCalendarDays(input: string): void {
  for (const [, y, m, d] of input.matchAll(/(-?[0-9]{4})-([0-9]{2})-([0-9]{2})/g)) {
    const year = Number(y);
    const month = Number(m);
    if (month >= 1 && month <= 12 && Number(d) > daysInMonth(year, month)) {
      throw new EdtfError(input, `${y}-${m} has only ${daysInMonth(year, month)} days`);
    }
  }
}

/**
 * The package's grammar, first as ISO 8601-2 writes it, then with seasons in intervals (2019-21/2019-23) and
 * qualified seasons (2019-21~), which are as well defined. (The second reading alone refuses `/2019`.)
 */
function grammar(text: string): ReturnType<typeof parse> | null {
  for (const constraints of [{}, { seasonIntervals: true, seasonUncertainty: true }]) {
    try {
      return parse(text, constraints);
    } catch {
      // try the next reading
    }
  }
  return null;
}

function single(form: 'date' | 'one_of', point: DatePoint, members: DatePoint[] = []): EdtfReading {
  const side: EdtfSide = { kind: 'point', point };
  return { form, start: side, end: side, members, earlier: false, later: false };
}

function intervalOf(input: string, parsed: ReturnType<typeof parse>): EdtfReading {
  const texts = input.split('/');
  const side = (i: number): EdtfSide => {
    const text = texts[i] ?? '';
    if (text === '..') return { kind: 'open', point: null };
    if (text === '') return { kind: 'unknown', point: null };
    return { kind: 'point', point: pointOf(input, text, nodeOf(parsed.values[i])) };
  };
  return { form: 'interval', start: side(0), end: side(1), members: [], earlier: false, later: false };
}

type Node = Pick<ReturnType<typeof parse>, 'type' | 'values' | 'significant'>;

/** A part of the grammar's result (an interval end, a set member); unspecified dates come without a type. */
function nodeOf(value: unknown): Node {
  const node = (value ?? {}) as Partial<Node>;
  return { type: node.type ?? 'Date', values: node.values ?? [], significant: node.significant };
}

/** `[1667,1668,1670..1672]`, `[..1760-12-03]`, `[1760-12..]`: one of the members, first to last. */
function oneOfSet(input: string, parsed: ReturnType<typeof parse>): EdtfReading {
  const earlier = parsed.earlier === true;
  const later = parsed.later === true;
  const body = input.slice(1, -1).replace(/\s+/g, '').replace(/^\.\./, '').replace(/\.\.$/, '');
  const members = body.split(',').map((member, i): DatePoint => {
    const [from, to] = member.split('..');
    const node = parsed.values[i];
    const [fromNode, toNode] = Array.isArray(node) ? node : [node, undefined];
    const first = pointOf(input, from as string, nodeOf(fromNode));
    if (to === undefined) return first;
    const last = pointOf(input, to, nodeOf(toNode));
    if (compareDays(last.latest as string, first.earliest as string) < 0) {
      throw new EdtfError(input, `the range ${member} ends before it starts`);
    }
    return {
      ...first,
      text: member,
      precision: coarser(first.precision, last.precision),
      latest: last.latest,
      approximate: first.approximate || last.approximate,
      uncertain: first.uncertain || last.uncertain,
    };
  });
  const finite = (day: string | null) => day as string;
  const earliest = members.map((m) => finite(m.earliest)).reduce(earlierDay);
  const latest = members.map((m) => finite(m.latest)).reduce(laterDay);
  const summary: DatePoint = {
    text: input,
    precision: members.map((m) => m.precision).reduce(coarser),
    earliest: earlier ? null : earliest,
    latest: later ? null : latest,
    approximate: members.some((m) => m.approximate),
    uncertain: members.some((m) => m.uncertain),
    time: null,
    season: null,
    unspecified: members.some((m) => m.unspecified),
  };
  return { ...single('one_of', summary, members), earlier, later };
}

const DATE = /^(-?)([0-9X]{4})(?:-([0-9X]{2}))?(?:-([0-9X]{2}))?(?:T(.+))?$/;
const SEASON = /^(-?)([0-9X]{4})-(2[1-9]|3[0-9]|4[01])$/;

/** One date, season or Y-year as written (qualifiers anywhere in it), with its bounds. */
function pointOf(input: string, text: string, parsed: Node): DatePoint {
  const core = text.replace(/[?~%]/g, '');
  const qualifiers = {
    text,
    approximate: /[~%]/.test(text),
    uncertain: /[?%]/.test(text),
    time: null,
    season: null,
  };
  if (parsed.type === 'Year') return yYear(input, text, core, parsed);

  const season = SEASON.exec(core);
  if (season) {
    const [, sign = '', yearPattern = '', code] = season;
    const [firstMonth, months] = SEASON_MONTHS[Number(code)] as [number, number];
    const years = yearCandidates(sign, yearPattern);
    const firstYear = years[0] as number;
    const lastYear = years.at(-1) as number;
    const endMonth = firstMonth + months - 1;
    const endYear = lastYear + Math.floor((endMonth - 1) / 12);
    const lastMonth = ((endMonth - 1) % 12) + 1;
    return storable(input, {
      ...qualifiers,
      precision: yearPrecision(yearPattern) ?? 'season',
      earliest: formatDay({ year: firstYear, month: firstMonth, day: 1 }),
      latest: formatDay({ year: endYear, month: lastMonth, day: daysInMonth(endYear, lastMonth) }),
      season: Number(code),
      unspecified: yearPattern.includes('X'),
    });
  }

  const date = DATE.exec(core);
  if (!date) throw new EdtfError(input, `${text} is not a calendar date; ${EXAMPLES}`);
  const [, sign = '', yearPattern = '', monthPattern, dayPattern, time] = date;
  if (
    !yearPattern.includes('X') &&
    monthPattern &&
    dayPattern &&
    !`${monthPattern}${dayPattern}`.includes('X')
  ) {
    const year = Number(`${sign}${yearPattern}`);
    const month = Number(monthPattern);
    if (month >= 1 && month <= 12 && Number(dayPattern) > daysInMonth(year, month)) {
      throw new EdtfError(
        input,
        `${sign}${yearPattern}-${monthPattern} has only ${daysInMonth(year, month)} days`,
      );
    }
  }
  const earliest = matchingDay(sign, yearPattern, monthPattern, dayPattern, 'first');
  const latest = matchingDay(sign, yearPattern, monthPattern, dayPattern, 'last');
  if (!earliest || !latest) throw new EdtfError(input, `no calendar day matches ${text}`);
  let precision: Precision = yearPrecision(yearPattern) ?? 'day';
  if (precision === 'day') {
    if (!monthPattern || monthPattern.includes('X')) precision = 'year';
    else if (!dayPattern || dayPattern.includes('X')) precision = 'month';
    else if (time) precision = 'time';
  }
  return storable(input, {
    ...qualifiers,
    precision,
    earliest,
    latest,
    time: time ?? null,
    unspecified: core.includes('X'),
  });
}

/** `Y12345`: a year of more than four digits, as long as PostgreSQL can store its days. */
function yYear(input: string, text: string, core: string, parsed: Node): DatePoint {
  const value = Number(parsed.values[0]);
  if (parsed.significant !== undefined) {
    const digits = /^([0-9]{4})S/.exec(core)?.[1] ?? '';
    const suggestion =
      digits.length === 4
        ? `${digits.slice(0, parsed.significant)}${'X'.repeat(4 - parsed.significant)}`
        : 'an interval of the years they allow';
    throw new EdtfError(
      input,
      `significant digits (S${parsed.significant}) are not supported: write the years they allow with unspecified digits or as an interval, here ${suggestion}`,
    );
  }
  if (/E/.test(core)) {
    throw new EdtfError(
      input,
      `exponential years (E) are not supported: write the year in full after Y, here Y${value}; dates must lie ${STORABLE_RANGE_TEXT}`,
    );
  }
  if (value < FIRST_STORABLE_YEAR || value > LAST_STORABLE_YEAR) {
    throw new EdtfError(
      input,
      `the year ${value} lies outside the calendar this service stores (PostgreSQL dates), ${STORABLE_RANGE_TEXT}`,
    );
  }
  return storable(input, {
    text,
    precision: 'year',
    earliest: formatDay({ year: value, month: 1, day: 1 }),
    latest: formatDay({ year: value, month: 12, day: 31 }),
    approximate: false,
    uncertain: false,
    time: null,
    season: null,
    unspecified: false,
  });
}

function storable(input: string, point: DatePoint): DatePoint {
  for (const day of [point.earliest, point.latest]) {
    if (day !== null && !isStorableDay(day)) {
      throw new EdtfError(
        input,
        `${point.text} lies outside the calendar this service stores (PostgreSQL dates), ${STORABLE_RANGE_TEXT}`,
      );
    }
  }
  return point;
}

/** The precision an unspecified year digit gives (1XXX millennium, 19XX century, 201X decade), if any. */
function yearPrecision(pattern: string): Precision | null {
  const firstX = pattern.indexOf('X');
  if (firstX === -1) return null;
  return firstX <= 1 ? 'millennium' : firstX === 2 ? 'century' : 'decade';
}

function matches(value: number, pattern: string): boolean {
  const digits = String(value).padStart(pattern.length, '0');
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== 'X' && pattern[i] !== digits[i]) return false;
  }
  return true;
}

/** The years a four-character pattern allows, in calendar order (before the common era when signed). */
function yearCandidates(sign: string, pattern: string): number[] {
  const out = expand(pattern).map((v) => (sign ? -v : v));
  return out.sort((a, b) => a - b);
}

/** The numbers a digit pattern allows (`19X5` → 1905, 1915 … 1995). */
function expand(pattern: string): number[] {
  let values = [0];
  for (const char of pattern) {
    const digits = char === 'X' ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [Number(char)];
    values = values.flatMap((v) => digits.map((d) => v * 10 + d));
  }
  return values;
}

/** The first (or last) calendar day whose year, month and day fit the patterns (absent = any). */
function matchingDay(
  sign: string,
  yearPattern: string,
  monthPattern: string | undefined,
  dayPattern: string | undefined,
  which: 'first' | 'last',
): string | null {
  if (`${yearPattern}${monthPattern ?? ''}${dayPattern ?? ''}`.includes('X')) {
    return searchMatchingDay(sign, yearPattern, monthPattern, dayPattern, which);
  }
  // Digits only (the common case): the period's first or last day.
  const year = Number(`${sign}${yearPattern}`);
  const month = monthPattern ? Number(monthPattern) : which === 'first' ? 1 : 12;
  const day = dayPattern ? Number(dayPattern) : which === 'first' ? 1 : daysInMonth(year, month);
  return formatDay({ year, month, day });
}

function searchMatchingDay(
  sign: string,
  yearPattern: string,
  monthPattern: string | undefined,
  dayPattern: string | undefined,
  which: 'first' | 'last',
): string | null {
  const years = yearCandidates(sign, yearPattern);
  const months = range(1, 12).filter((m) => !monthPattern || matches(m, monthPattern));
  const days = range(1, 31).filter((d) => !dayPattern || matches(d, dayPattern));
  if (which === 'last') {
    years.reverse();
    months.reverse();
    days.reverse();
  }
  for (const year of years) {
    for (const month of months) {
      for (const day of days) {
        if (day <= daysInMonth(year, month)) return formatDay({ year, month, day });
      }
    }
  }
  return null;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
