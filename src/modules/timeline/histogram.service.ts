import type { Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import {
  compareDays,
  daysBetween,
  formatDay,
  formatYear,
  fromPgDate,
  parseDay,
} from '../../domain/calendar.ts';
import { invalidField } from '../../http/problem.ts';
import { type EventFilterQuery, normalizeFilters } from '../events/events.service.ts';
import {
  type BucketSize,
  histogramRows,
  matchingRange,
  summaryAnswers,
  summaryHistogramRows,
  summaryRange,
} from './histogram.queries.ts';
import type { HistogramSchema } from './histogram.schemas.ts';

export const MAX_BUCKETS = 3660;
export const HISTOGRAM_DEFAULT_STATUSES = ['held'];
type Status = Static<typeof HistogramSchema>['statuses'][number];

/** The first day of the bucket that contains `day`. */
function bucketStart(day: string, size: BucketSize): string {
  const { year, month } = parseDay(day);
  if (size === 'year') return formatDay({ year, month: 1, day: 1 });
  if (size === 'month') return formatDay({ year, month, day: 1 });
  return day;
}

function bucketCount(first: string, last: string, size: BucketSize): number {
  const a = parseDay(first);
  const b = parseDay(last);
  if (size === 'year') return b.year - a.year + 1;
  if (size === 'month') return (b.year - a.year) * 12 + (b.month - a.month) + 1;
  return daysBetween(first, last) + 1;
}

function label(start: string, size: BucketSize): string {
  const { year, month } = parseDay(start);
  if (size === 'year') return formatYear(year);
  return size === 'month' ? `${formatYear(year)}-${String(month).padStart(2, '0')}` : start;
}

/** Zero-filled counts per bucket over the window (or, without one, over the matching events' span). */
export async function histogram(
  db: Db,
  query: EventFilterQuery & { bucket?: BucketSize },
): Promise<Static<typeof HistogramSchema>> {
  const size = query.bucket ?? 'year';
  // Like gaps, a histogram counts what happened: without `status`, only held events (docs/gaps.md).
  const filters = normalizeFilters(query, { defaultStatuses: HISTOGRAM_DEFAULT_STATUSES });
  const statuses = filters.statuses as Status[];
  // Over everything per year (the timeline's overview) the summary kept by the writes answers in a few
  // thousand rows; any other filter or bucket counts the matching events (docs/decisions.md).
  const fromSummary = summaryAnswers(filters, size);
  let first = filters.windowStart;
  let last = filters.windowEnd;
  if (!first || !last) {
    const range = fromSummary ? await summaryRange(db, statuses) : await matchingRange(db, filters);
    const rangeFirst = range.first === null ? null : fromPgDate(range.first);
    const rangeLast = range.last === null ? null : fromPgDate(range.last);
    first ??= rangeFirst;
    last ??= rangeLast && (!first || compareDays(rangeLast, first) > 0) ? rangeLast : first;
  }
  if (!first || !last)
    return {
      data: [],
      next_cursor: null,
      bucket: size,
      from: filters.windowStart,
      to: filters.windowEnd,
      statuses,
    };
  const startBucket = bucketStart(first, size);
  const buckets = bucketCount(startBucket, last, size);
  if (buckets > MAX_BUCKETS) {
    throw invalidField(
      'query',
      'bucket',
      `${buckets} ${size} buckets is more than ${MAX_BUCKETS}: narrow from/to or use a coarser bucket`,
    );
  }
  const rows = fromSummary
    ? await summaryHistogramRows(db, statuses, startBucket, last)
    : await histogramRows(db, filters, size, startBucket, last);
  return {
    data: rows.map((r) => ({
      bucket: label(fromPgDate(r.start), size),
      start: fromPgDate(r.start),
      end: fromPgDate(r.end),
      count: r.count,
      certain: r.certain,
    })),
    next_cursor: null,
    bucket: size,
    from: first,
    to: last,
    statuses,
  };
}
