import type { Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { invalidField } from '../../http/problem.ts';
import { type EventFilterQuery, normalizeFilters } from '../events/events.service.ts';
import { type BucketSize, histogramRows, matchingRange } from './histogram.queries.ts';
import type { HistogramSchema } from './histogram.schemas.ts';

const MAX_BUCKETS = 3660;

/** The first day of the bucket that contains `day`. */
function bucketStart(day: string, size: BucketSize): string {
  if (size === 'year') return `${day.slice(0, 4)}-01-01`;
  if (size === 'month') return `${day.slice(0, 7)}-01`;
  return day;
}

function bucketCount(first: string, last: string, size: BucketSize): number {
  const [y1, m1] = first.split('-').map(Number) as [number, number];
  const [y2, m2] = last.split('-').map(Number) as [number, number];
  if (size === 'year') return y2 - y1 + 1;
  if (size === 'month') return (y2 - y1) * 12 + (m2 - m1) + 1;
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1;
}

function label(start: string, size: BucketSize): string {
  return size === 'year' ? start.slice(0, 4) : size === 'month' ? start.slice(0, 7) : start;
}

/** Zero-filled counts per bucket over the window (or, without one, over the matching events' span). */
export async function histogram(
  db: Db,
  query: EventFilterQuery & { bucket?: BucketSize },
): Promise<Static<typeof HistogramSchema>> {
  const size = query.bucket ?? 'year';
  const filters = normalizeFilters(query);
  let first = filters.windowStart;
  let last = filters.windowEnd;
  if (!first || !last) {
    const range = await matchingRange(db, filters);
    first ??= range.first;
    last ??= range.last && range.last > (first ?? '') ? range.last : first;
  }
  if (!first || !last)
    return { data: [], next_cursor: null, bucket: size, from: filters.windowStart, to: filters.windowEnd };
  const startBucket = bucketStart(first, size);
  const buckets = bucketCount(startBucket, last, size);
  if (buckets > MAX_BUCKETS) {
    throw invalidField(
      'query',
      'bucket',
      `${buckets} ${size} buckets is more than ${MAX_BUCKETS}: narrow from/to or use a coarser bucket`,
    );
  }
  const rows = await histogramRows(db, filters, size, startBucket, last);
  return {
    data: rows.map((r) => ({
      bucket: label(r.start, size),
      start: r.start,
      end: r.end,
      count: r.count,
      certain: r.certain,
    })),
    next_cursor: null,
    bucket: size,
    from: first,
    to: last,
  };
}
