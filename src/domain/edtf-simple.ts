import type { Precision } from '../db/schema.ts';
import {
  type DateBounds,
  type DatePoint,
  EdtfError,
  type EdtfReading,
  type EdtfSide,
  PRECISION_RANK,
  parseEdtf,
  type SideQualifiers,
} from './edtf.ts';

// The EDTF shapes almost every real date has (2019, 2019-07, 2019-07-05, maybe with ~ ? or %, an interval
// of two of them, an open or unknown end), read without the general grammar, which costs about 0.2 ms a date: a million-row
// import spends seconds, not minutes, on its dates. Each result equals parseEdtf's (tested exhaustively);
// anything else (qualifiers, unspecified digits, years before 1000, impossible dates) is left to parseEdtf.

interface Point {
  precision: Precision;
  earliest: string;
  latest: string;
  approximate: boolean;
  uncertain: boolean;
}

// A date of EDTF level 0 with at most a level-1 qualifier on the whole of it: ~ approximate, ? uncertain,
// % both.
const SIMPLE_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$/;

const NO_QUALIFIERS: SideQualifiers = { approximate: false, uncertain: false };
const sideOf = (point: Point): SideQualifiers => ({
  approximate: point.approximate,
  uncertain: point.uncertain,
});

const earlier = (a: string, b: string) => (a < b ? a : b);
const later = (a: string, b: string) => (a > b ? a : b);

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function simplePoint(text: string): Point | undefined {
  const match = SIMPLE_DATE.exec(text);
  if (!match) return undefined;
  const [, y, m, d, q] = match as unknown as [string, string, string | undefined, string | undefined, string];
  const year = Number(y);
  // Years below 1000 are left to the grammar, whose calendar arithmetic treats 0001-0099 its own way.
  if (year < 1000) return undefined;
  const qualifiers = { approximate: q === '~' || q === '%', uncertain: q === '?' || q === '%' };
  if (m === undefined)
    return { precision: 'year', earliest: `${y}-01-01`, latest: `${y}-12-31`, ...qualifiers };
  const month = Number(m);
  if (month < 1 || month > 12) return undefined;
  const days = daysInMonth(year, month);
  if (d === undefined) {
    return { precision: 'month', earliest: `${y}-${m}-01`, latest: `${y}-${m}-${days}`, ...qualifiers };
  }
  const day = Number(d);
  if (day < 1 || day > days) return undefined;
  return { precision: 'day', earliest: `${y}-${m}-${d}`, latest: `${y}-${m}-${d}`, ...qualifiers };
}

/** The bounds of a simple EDTF date exactly as parseEdtf gives them, or undefined for parseEdtf to judge. */
export function parseSimpleEdtf(input: string): DateBounds | undefined {
  const slash = input.indexOf('/');
  const startText = slash === -1 ? input : input.slice(0, slash);
  const start = simplePoint(startText);
  if (!start) return undefined;
  if (slash === -1) {
    return {
      edtf: input,
      precision: start.precision,
      startEarliest: start.earliest,
      startLatest: start.latest,
      endEarliest: start.earliest,
      endLatest: start.latest,
      start: sideOf(start),
      end: sideOf(start),
      approximate: start.approximate,
      uncertain: start.uncertain,
      openStart: false,
      unknownStart: false,
      openEnd: false,
      unknownEnd: false,
      oneOf: false,
    };
  }
  const endText = input.slice(slash + 1);
  if (endText === '..' || endText === '') {
    const openEnd = endText === '..';
    return {
      edtf: input,
      precision: start.precision,
      startEarliest: start.earliest,
      startLatest: start.latest,
      endEarliest: openEnd ? null : start.latest,
      endLatest: null,
      start: sideOf(start),
      end: NO_QUALIFIERS,
      approximate: start.approximate,
      uncertain: start.uncertain,
      openStart: false,
      unknownStart: false,
      openEnd,
      unknownEnd: !openEnd,
      oneOf: false,
    };
  }
  const end = simplePoint(endText);
  if (!end || end.latest < start.earliest) return undefined;
  return {
    edtf: input,
    precision:
      PRECISION_RANK[start.precision] >= PRECISION_RANK[end.precision] ? start.precision : end.precision,
    startEarliest: start.earliest,
    startLatest: earlier(start.latest, end.latest),
    endEarliest: later(end.earliest, start.earliest),
    endLatest: end.latest,
    start: sideOf(start),
    end: sideOf(end),
    approximate: start.approximate || end.approximate,
    uncertain: start.uncertain || end.uncertain,
    openStart: false,
    unknownStart: false,
    openEnd: false,
    unknownEnd: false,
    oneOf: false,
  };
}

/**
 * What a simple EDTF date says, side by side, exactly as analyzeEdtf reads it (the display strings are made
 * from it), or undefined for analyzeEdtf to judge. An import makes the display strings of every date it writes:
 * with the grammar, that was most of its time on the embedded database.
 */
export function readSimpleEdtfSides(input: string): EdtfReading | undefined {
  const slash = input.indexOf('/');
  const startText = slash === -1 ? input : input.slice(0, slash);
  const start = simplePoint(startText);
  if (!start) return undefined;
  const startSide: EdtfSide = { kind: 'point', point: datePoint(startText, start) };
  if (slash === -1) {
    return { form: 'date', start: startSide, end: startSide, members: [], earlier: false, later: false };
  }
  const endText = input.slice(slash + 1);
  let end: EdtfSide;
  if (endText === '..') end = { kind: 'open', point: null };
  else if (endText === '') end = { kind: 'unknown', point: null };
  else {
    const point = simplePoint(endText);
    // An end before the start is the grammar's to refuse.
    if (!point || point.latest < start.earliest) return undefined;
    end = { kind: 'point', point: datePoint(endText, point) };
  }
  return { form: 'interval', start: startSide, end, members: [], earlier: false, later: false };
}

function datePoint(text: string, point: Point): DatePoint {
  return {
    text,
    approximate: point.approximate,
    uncertain: point.uncertain,
    time: null,
    season: null,
    precision: point.precision,
    earliest: point.earliest,
    latest: point.latest,
    unspecified: false,
  };
}

// Parsing EDTF with the grammar costs about 0.2 ms; an import checks each date twice (validate, then write)
// and real files repeat dates a lot, so readings are remembered, up to a bound that keeps memory small.
const CACHE_LIMIT = 50_000;
const cache = new Map<string, DateBounds | EdtfError>();

/**
 * The bounds of any EDTF date the service takes: the simple reader first, the grammar for the rest (equal
 * results); throws EdtfError for a date it does not take. Remembered: callers must not change the result.
 */
export function readEdtf(input: string): DateBounds {
  let parsed = cache.get(input);
  if (!parsed) {
    try {
      parsed = parseSimpleEdtf(input) ?? parseEdtf(input);
    } catch (error) {
      if (!(error instanceof EdtfError)) throw error;
      parsed = error;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(input, parsed);
  }
  if (parsed instanceof EdtfError) throw parsed;
  return parsed;
}
