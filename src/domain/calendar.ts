// Per-function modules, not the date-fns index: see display.ts.
import { differenceInMonths } from 'date-fns/differenceInMonths';
import { format } from 'date-fns/format';
import { intervalToDuration } from 'date-fns/intervalToDuration';

/**
 * Calendar days of the proleptic Gregorian calendar, written as ISO 8601 strings with astronomical year
 * numbering, as EDTF writes them: `2019-07-05`, `0000-03-01` (1 BC), `-0043-03-15` (44 BC), and years after
 * 9999 with as many digits as they need (`12345-01-01`). PostgreSQL, which uses the same calendar, writes
 * years before 1 as `0044-03-15 BC` and reads nothing else: `toPgDate` and `fromPgDate` convert.
 *
 * Strings of this shape do not sort as text (`-0043` vs `-0044`, `9999` vs `10000`): compare them with
 * `compareDays`. Day arithmetic is integer arithmetic on day numbers, so it covers the whole range PostgreSQL
 * stores (4714 BC to 5874897 AD), far beyond what a JavaScript Date holds (±275760 years).
 */
export interface CalendarDay {
  year: number;
  /** 1 to 12. */
  month: number;
  /** 1 to 31. */
  day: number;
}

/** The first and last day a PostgreSQL `date` can hold. */
export const FIRST_STORABLE_DAY = '-4713-11-24';
export const LAST_STORABLE_DAY = '5874897-12-31';
export const STORABLE_RANGE_TEXT = 'from -4713-11-24 (24 November 4714 BC) to 5874897-12-31';

const ISO_DAY = /^(-?[0-9]{4}|[0-9]{5,7})-([0-9]{2})-([0-9]{2})$/;
const PG_BC_DAY = /^([0-9]{4,7})-([0-9]{2})-([0-9]{2}) BC$/;

/** A calendar day from its ISO string (or from PostgreSQL's `… BC` text). Throws on anything else. */
export function parseDay(text: string): CalendarDay {
  const iso = ISO_DAY.exec(text);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const bc = PG_BC_DAY.exec(text);
  // PostgreSQL counts 1 BC, 2 BC…; astronomical years are 0, -1…
  if (bc) return { year: 1 - Number(bc[1]), month: Number(bc[2]), day: Number(bc[3]) };
  throw new RangeError(`"${text}" is not a calendar day`);
}

export function formatYear(year: number): string {
  const digits = String(Math.abs(year)).padStart(4, '0');
  return year < 0 ? `-${digits}` : digits;
}

export function formatDay({ year, month, day }: CalendarDay): string {
  return `${formatYear(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A day as PostgreSQL reads it: `-0043-03-15` → `0044-03-15 BC`, `0000-…` → `0001-… BC`; `infinity` and `-infinity` unchanged. */
export function toPgDate(day: string): string {
  if (day === 'infinity' || day === '-infinity' || day.endsWith(' BC')) return day;
  const { year, month, day: d } = parseDay(day);
  return year > 0 ? day : `${formatDay({ year: 1 - year, month, day: d })} BC`;
}

/** A day as PostgreSQL writes it, in ISO form: `0044-03-15 BC` → `-0043-03-15`. */
export function fromPgDate(text: string): string {
  return text.endsWith(' BC') ? formatDay(parseDay(text)) : text;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 (negative before), by H. Hinnant's days_from_civil. */
export function dayNumberOf({ year, month, day }: CalendarDay): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function dayOfNumber(n: number): CalendarDay {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function dayNumber(day: string): number {
  return dayNumberOf(parseDay(day));
}

/**
 * Orders two days; `-infinity` and `infinity` (PostgreSQL's unbounded dates) sort before and after all.
 * Text comparison is wrong for negative and 5+ digit years.
 */
export function compareDays(a: string, b: string): number {
  return rank(a) - rank(b);
}

function rank(day: string): number {
  if (day === '-infinity') return Number.NEGATIVE_INFINITY;
  if (day === 'infinity') return Number.POSITIVE_INFINITY;
  return dayNumber(day);
}

export const earlierDay = (a: string, b: string): string => (compareDays(a, b) <= 0 ? a : b);
export const laterDay = (a: string, b: string): string => (compareDays(a, b) >= 0 ? a : b);

export function daysBetween(start: string, end: string): number {
  return dayNumber(end) - dayNumber(start);
}

export function addCalendarDays(day: string, days: number): string {
  return formatDay(dayOfNumber(dayNumber(day) + days));
}

/** Whether a finite day lies in the range a PostgreSQL `date` holds. */
export function isStorableDay(day: string): boolean {
  return compareDays(day, FIRST_STORABLE_DAY) >= 0 && compareDays(day, LAST_STORABLE_DAY) <= 0;
}

// The Gregorian calendar repeats every 400 years (146 097 days, weekdays included): shifting both ends of a
// span by whole cycles changes neither its months nor its days, and brings any year into a JavaScript Date.
const CYCLE = 400;

/**
 * A day as a local Date at noon (no time zone or daylight-saving shift can move it to another day), its year
 * moved by `shiftYears` (a multiple of 400 keeps the calendar).
 */
export function toLocalDate(day: string, shiftYears = 0): Date {
  const { year, month, day: d } = parseDay(day);
  const date = new Date(2000, month - 1, d, 12);
  date.setFullYear(year - shiftYears);
  return date;
}

export function fromLocalDate(date: Date): string {
  return formatDay({ year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() });
}

export function todayIso(now: Date = new Date()): string {
  return format(now, 'yyyy-MM-dd');
}

/** A span as an ISO 8601 duration (`P1Y10M7D`) and in whole months. `end` is not before `start`. */
export function spanDuration(start: string, end: string): { iso: string; months: number } {
  const startYear = parseDay(start).year;
  const endYear = parseDay(end).year;
  // Move the start next to 2000 and the end to within two cycles of it; the cycles taken off the span come
  // back as whole years.
  const shift = Math.floor((startYear - 1600) / CYCLE) * CYCLE;
  const cyclesInSpan = Math.max(0, Math.floor((endYear - startYear) / CYCLE) - 1);
  const from = toLocalDate(start, shift);
  const to = toLocalDate(end, shift + cyclesInSpan * CYCLE);
  const duration = intervalToDuration({ start: from, end: to });
  // date-fns can count a full year as 12 months (2020-02-29 → 2021-02-28): carry them into years.
  const years = (duration.years ?? 0) + Math.floor((duration.months ?? 0) / 12) + cyclesInSpan * CYCLE;
  const months = (duration.months ?? 0) % 12;
  const days = duration.days ?? 0;
  const parts = `${years ? `${years}Y` : ''}${months ? `${months}M` : ''}${days ? `${days}D` : ''}`;
  return { iso: `P${parts || '0D'}`, months: differenceInMonths(to, from) + cyclesInSpan * CYCLE * 12 };
}

export const ISO_DURATION_PATTERN = '^P(?!$)([0-9]{1,4}Y)?([0-9]{1,5}M)?([0-9]{1,5}W)?([0-9]{1,6}D)?$';
