// Per-function modules, not the date-fns index: see display.ts.
import { addDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { differenceInMonths } from 'date-fns/differenceInMonths';
import { format } from 'date-fns/format';
import { intervalToDuration } from 'date-fns/intervalToDuration';

/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. date-fns works on local Dates, so each day is built at
 * local noon: no time zone or daylight-saving shift can move it to another day.
 */
export function toLocalDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(2000, m - 1, d, 12);
  date.setFullYear(y);
  return date;
}

export function fromLocalDate(date: Date): string {
  return format(date, 'yyyy-MM-dd');
}

export function daysBetween(start: string, end: string): number {
  return differenceInCalendarDays(toLocalDate(end), toLocalDate(start));
}

export function addCalendarDays(day: string, days: number): string {
  return fromLocalDate(addDays(toLocalDate(day), days));
}

export function todayIso(now: Date = new Date()): string {
  return fromLocalDate(now);
}

/** A span as an ISO 8601 duration (`P1Y10M7D`) and in whole months. */
export function spanDuration(start: string, end: string): { iso: string; months: number } {
  const from = toLocalDate(start);
  const to = toLocalDate(end);
  const duration = intervalToDuration({ start: from, end: to });
  // date-fns can count a full year as 12 months (2020-02-29 → 2021-02-28): carry them into years.
  const years = (duration.years ?? 0) + Math.floor((duration.months ?? 0) / 12);
  const months = (duration.months ?? 0) % 12;
  const days = duration.days ?? 0;
  const parts = `${years ? `${years}Y` : ''}${months ? `${months}M` : ''}${days ? `${days}D` : ''}`;
  return { iso: `P${parts || '0D'}`, months: differenceInMonths(to, from) };
}

export const ISO_DURATION_PATTERN = '^P(?!$)([0-9]{1,4}Y)?([0-9]{1,5}M)?([0-9]{1,5}W)?([0-9]{1,6}D)?$';
