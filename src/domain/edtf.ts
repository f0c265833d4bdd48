import edtf, { type EdtfDate, parse } from 'edtf';
import type { Precision } from '../db/schema.ts';

/** An EDTF date with everything the service derives from it. `null` bounds are +∞. */
export interface DateBounds {
  edtf: string;
  precision: Precision;
  startEarliest: string;
  startLatest: string;
  endEarliest: string | null;
  endLatest: string | null;
  approximate: boolean;
  uncertain: boolean;
  openEnd: boolean;
  unknownEnd: boolean;
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
    readonly values: (ParseResult | number | null)[];
  }
  export function parse(input: string): ParseResult;
}

const MAX_LENGTH = 64;
const PRECISION_RANK: Record<Precision, number> = { day: 0, month: 1, year: 2, decade: 3, century: 4 };
// Bit i of edtf's `unspecified` mask stands for character i of YYYYMMDD.
const YEAR_DECADE_MASK = 0b1000;
const YEAR_CENTURY_MASK = 0b1100;
const MONTH_MASK = 0b110000;
const DAY_MASK = 0b11000000;

interface Point {
  precision: Precision;
  earliest: string;
  latest: string;
  approximate: boolean;
  uncertain: boolean;
}

/** Parses EDTF levels 0 and 1 (dates, intervals, qualifiers, unspecified digits) into calendar bounds. */
export function parseEdtf(input: string): DateBounds {
  if (typeof input !== 'string' || input.length === 0) throw new EdtfError(String(input), 'it is empty');
  if (input.length > MAX_LENGTH)
    throw new EdtfError(input.slice(0, 20), `it is longer than ${MAX_LENGTH} characters`);
  if (/\s/.test(input)) throw new EdtfError(input, 'it contains white space');
  if (input.includes('T'))
    throw new EdtfError(input, 'times are not supported: give a calendar date such as 2019-07-05');

  checkCalendarDays(input);
  // `parse`, not `edtf()`: the latter reads any 5+ digit string as Unix milliseconds and its results carry
  // no level, and its intervals refuse an end on the start's own day (2019-07-05/2019-07-05).
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(input);
  } catch {
    throw new EdtfError(
      input,
      'it is not EDTF; write e.g. 2019, 2019-07, 2019-07-05, 2019-07~, 2014-06/2016-04 or 2019-07-05/..',
    );
  }
  const unsupported = UNSUPPORTED[parsed.type];
  if (unsupported) throw new EdtfError(input, unsupported);
  // Checked after the points, whose own checks explain the commonest level 2 forms (1XXX, 20XX-05) better.
  const level2 = () => new EdtfError(input, 'EDTF level 2 features are not supported (levels 0 and 1 are)');

  if (parsed.type === 'Date') {
    const point = toPoint(input, dateOf(input, input));
    if (parsed.level > 1) throw level2();
    return {
      edtf: input,
      precision: point.precision,
      startEarliest: point.earliest,
      startLatest: point.latest,
      endEarliest: point.earliest,
      endLatest: point.latest,
      approximate: point.approximate,
      uncertain: point.uncertain,
      openEnd: false,
      unknownEnd: false,
    };
  }
  const [lower, upper] = parsed.values;
  const [startText = '', endText = ''] = input.split('/');
  // The grammar marks an open side with Infinity and an unknown one with null; a date is an object.
  if (lower === null || lower === undefined || typeof lower === 'number') {
    throw new EdtfError(input, 'an open or unknown start is not supported: give the earliest possible start');
  }
  const start = toPoint(input, dateOf(input, startText));
  if (parsed.level > 1 && (upper === null || typeof upper === 'number')) throw level2();
  const openEnd = upper === Number.POSITIVE_INFINITY;
  const unknownEnd = upper === null || upper === undefined;
  if (openEnd || unknownEnd) {
    return {
      edtf: input,
      precision: start.precision,
      startEarliest: start.earliest,
      startLatest: start.latest,
      // An open end is still going on; an unknown end came no earlier than the latest start.
      endEarliest: openEnd ? null : start.latest,
      endLatest: null,
      approximate: start.approximate,
      uncertain: start.uncertain,
      openEnd,
      unknownEnd,
    };
  }
  if (typeof upper === 'number') throw new EdtfError(input, 'the end of the interval is not a date');
  const end = toPoint(input, dateOf(input, endText));
  if (parsed.level > 1) throw level2();
  if (end.latest < start.earliest) throw new EdtfError(input, 'the interval ends before it starts');
  return {
    edtf: input,
    precision: coarser(start.precision, end.precision),
    startEarliest: start.earliest,
    // The event cannot start after it ended nor end before it started.
    startLatest: min(start.latest, end.latest),
    endEarliest: max(end.earliest, start.earliest),
    endLatest: end.latest,
    approximate: start.approximate || end.approximate,
    uncertain: start.uncertain || end.uncertain,
    openEnd: false,
    unknownEnd: false,
  };
}

const UNSUPPORTED: Record<string, string> = {
  Season: 'seasons (2019-21…24) are not supported: use the months, e.g. 2019-03/2019-05',
  Set: 'sets ([..]) are not supported: store one event per date',
  List: 'lists ({..}) are not supported: store one event per date',
  Year: 'Y-prefixed years are not supported: years run from 0001 to 9999',
  Decade: 'three-digit decades are not supported: write the decade as 201X',
  Century: 'two-digit centuries are not supported: write the century as 19XX',
};

/** The precision of one side of an interval (or of a date), read from its own text. */
export function precisionOfSide(side: string, fallback: Precision): Precision {
  const core = side.replace(/[~?%]/g, '');
  if (/^\d{2}XX$/.test(core)) return 'century';
  if (/^\d{3}X$/.test(core)) return 'decade';
  if (/^\d{4}(-XX)?(-XX)?$/.test(core)) return 'year';
  if (/^\d{4}-\d{2}(-XX)?$/.test(core)) return 'month';
  if (/^\d{4}-\d{2}-\d{2}$/.test(core)) return 'day';
  return fallback;
}

function toPoint(input: string, date: EdtfDate): Point {
  const [year, month, day] = date.values as [number, number | undefined, number | undefined];
  if (date.values.length > 3) throw new EdtfError(input, 'times are not supported: give a calendar date');
  if (year < 1 || year > 9999) throw new EdtfError(input, 'years must be between 0001 and 9999');
  if (month !== undefined && (month < 0 || month > 11))
    throw new EdtfError(input, 'the month must be 01 to 12');
  const mask = date.unspecified?.value ?? 0;
  const yearMask = mask & 0b1111;
  if (yearMask !== 0 && yearMask !== YEAR_DECADE_MASK && yearMask !== YEAR_CENTURY_MASK) {
    throw new EdtfError(input, 'only the last one or two digits of a year may be unspecified (201X, 19XX)');
  }
  const monthMask = mask & MONTH_MASK;
  const dayMask = mask & DAY_MASK;
  if (monthMask !== 0 && monthMask !== MONTH_MASK)
    throw new EdtfError(input, 'a month is either given or XX');
  if (dayMask !== 0 && dayMask !== DAY_MASK) throw new EdtfError(input, 'a day is either given or XX');
  if (yearMask !== 0 && month !== undefined && monthMask === 0) {
    throw new EdtfError(input, 'a month cannot be given when the year has unspecified digits');
  }
  if (monthMask !== 0 && day !== undefined && dayMask === 0) {
    throw new EdtfError(input, 'a day cannot be given when the month is unspecified');
  }

  let precision: Precision;
  if (yearMask === YEAR_CENTURY_MASK) precision = 'century';
  else if (yearMask === YEAR_DECADE_MASK) precision = 'decade';
  else if (month === undefined || monthMask !== 0) precision = 'year';
  else if (day === undefined || dayMask !== 0) precision = 'month';
  else precision = 'day';

  return {
    precision,
    earliest: isoDay(date.min),
    latest: isoDay(date.max),
    approximate: (date.approximate?.value ?? 0) !== 0,
    uncertain: (date.uncertain?.value ?? 0) !== 0,
  };
}

/** edtf rolls 2019-02-29 over to March; a calendar date that does not exist is an error instead. */
function checkCalendarDays(input: string): void {
  for (const [, y, m, d] of input.matchAll(/(\d{4})-(\d{2})-(\d{2})/g)) {
    const year = Number(y);
    const month = Number(m);
    if (month >= 1 && month <= 12 && Number(d) > daysInMonth(year, month - 1)) {
      throw new EdtfError(input, `${y}-${m} has only ${daysInMonth(year, month - 1)} days`);
    }
  }
}

/** One date the grammar accepted; parsed alone, so edtf's interval check cannot refuse a same-day end. */
function dateOf(input: string, text: string): EdtfDate {
  const date = edtf(text);
  if (date.type !== 'Date') throw new EdtfError(input, `${text} is not a calendar date`);
  return date;
}

function isoDay(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.slice(0, 10);
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

function coarser(a: Precision, b: Precision): Precision {
  return PRECISION_RANK[a] >= PRECISION_RANK[b] ? a : b;
}

function min(a: string, b: string): string {
  return a < b ? a : b;
}

function max(a: string, b: string): string {
  return a > b ? a : b;
}
