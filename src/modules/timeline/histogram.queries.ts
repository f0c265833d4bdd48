import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type EventFilters, whereEventFilters } from '../events/event-filters.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type BucketSize = 'year' | 'month' | 'day';

const STEP: Record<BucketSize, string> = { year: '1 year', month: '1 month', day: '1 day' };

/** The first and last day touched by the matching events (finite ends only), to bound an open window. */
export async function matchingRange(db: Db, filters: EventFilters) {
  return whereEventFilters(db.selectFrom('events'), filters)
    .select([
      sql<string | null>`min(events.start_earliest)`.as('first'),
      sql<
        string | null
      >`max(case when events.end_latest = 'infinity' then events.start_latest else events.end_latest end)`.as(
        'last',
      ),
    ])
    .executeTakeFirstOrThrow();
}

/**
 * Counts per bucket from `first` to `last` (both bucket-aligned), zero-filled: `count` by the overlaps rule,
 * `certain` by the within rule. Each bucket probes the GiST index on the extent.
 */
export function histogramRows(db: Db, filters: EventFilters, size: BucketSize, first: string, last: string) {
  const step = STEP[size];
  const buckets = sql<{ bucket_start: string; bucket_end: string }>`(
    select d::date as bucket_start, (d + ${step}::interval - interval '1 day')::date as bucket_end
    from generate_series(${first}::date, ${last}::date, ${step}::interval) as d
  )`;
  return db
    .selectFrom(buckets.as('b'))
    .leftJoinLateral(
      (eb) =>
        whereEventFilters(eb.selectFrom('events').select(['events.id', 'events.extent']), filters)
          .where(sql<boolean>`events.extent && daterange(b.bucket_start, b.bucket_end, '[]')`)
          .as('e'),
      (join) => join.onTrue(),
    )
    .select([
      sql<string>`b.bucket_start`.as('start'),
      sql<string>`b.bucket_end`.as('end'),
      sql<number>`count(e.id)::int`.as('count'),
      sql<number>`(count(e.id) filter (where e.extent <@ daterange(b.bucket_start, b.bucket_end, '[]')))::int`.as(
        'certain',
      ),
    ])
    .groupBy(['b.bucket_start', 'b.bucket_end'])
    .orderBy('b.bucket_start')
    .execute();
}
