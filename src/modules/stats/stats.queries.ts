import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import {
  type EventFilters,
  filtersKey,
  normalizeFilters,
  whereEventFilters,
  windowCondition,
} from '../events/events.service.ts';
import type { StatsKey } from './stats.schemas.ts';

// Counting the matching events by group, in one statement: the events the filters select (the same WHERE as
// the timeline), each event's group values (one row per participant for actor and role), then the counts.

const KEY_COLUMNS: Record<StatsKey, string> = {
  type: 'm.type',
  status: 'm.status',
  country: 'm.location_country',
  plover: 't.plover_category',
  quad_class: 't.quad_class',
  actor: 'p.actor_id',
  role: 'p.role',
};

export interface StatsRow {
  k1: string | null;
  k2: string | null;
  count: number;
  certain: number;
}

export interface StatsPage {
  sort: 'count' | 'key';
  offset: number;
  /** Rows to read; null for all of them. */
  limit: number | null;
}

/** `certain`: the event certainly lies inside the window (every matching event, without a window). */
function certainExpression(f: EventFilters) {
  if (!f.windowStart && !f.windowEnd) return sql<boolean>`true`;
  return windowCondition(f, 'within');
}

/**
 * Whether the summary of migration 0090 (event_stats_counts: live events per status, type and country, kept
 * by triggers on events) answers exactly: no filter but `status`, and keys of the event itself (not actor or
 * role, which count an event once per participant).
 */
export function summaryAnswers(filters: EventFilters, groupBy: StatsKey[]): boolean {
  // Without a window `temporal` changes nothing, nor `actor_match` without actors: only the rest must be unset.
  const { temporal, actorMatch, statuses } = filters;
  const unfiltered = { ...normalizeFilters({}), temporal, actorMatch, statuses };
  return (
    groupBy.every((k) => k !== 'actor' && k !== 'role') && filtersKey(filters) === filtersKey(unfiltered)
  );
}

export async function statsRows(
  db: Db,
  filters: EventFilters,
  groupBy: StatsKey[],
  page: StatsPage,
): Promise<StatsRow[]> {
  const [first, second] = groupBy as [StatsKey, StatsKey | undefined];
  const key = (k: StatsKey | undefined) => (k ? sql.raw(`${KEY_COLUMNS[k]}::text`) : sql`null::text`);
  const byTypeClass = groupBy.some((k) => k === 'plover' || k === 'quad_class');
  const byKey = sql`(k1 is null), k1 collate "C", (k2 is null), k2 collate "C"`;
  const slice = sql`offset ${page.offset} ${page.limit === null ? sql`` : sql`limit ${page.limit}`}`;
  if (summaryAnswers(filters, groupBy)) {
    // Over everything the summary's few thousand (status, type, country) counts stand for the events; without
    // a window every event counts as certain.
    const statuses =
      filters.statuses.length > 0 ? sql`where m.status in (${sql.join(filters.statuses)})` : sql``;
    const order = page.sort === 'key' ? byKey : sql`sum(n) desc, ${byKey}`;
    // Counts are never negative per (status, type, country), so a group sums to zero only when all of its
    // events are gone: one aggregation over the delta rows, whose zero groups are left out.
    const { rows } = await sql<StatsRow>`with keyed as (
        select ${key(first)} as k1, ${key(second)} as k2, m.n
        from event_stats_counts m
        ${byTypeClass ? sql`join event_types t on t.code = m.type` : sql``}
        ${statuses})
      select k1, k2, sum(n)::int as count, sum(n)::int as certain
      from keyed group by k1, k2
      having sum(n) <> 0
      order by ${order}
      ${slice}`.execute(db);
    return rows;
  }
  const matched = whereEventFilters(
    db
      .selectFrom('events')
      .select([
        'events.id',
        'events.type',
        'events.status',
        'events.location_country',
        certainExpression(filters).as('certain'),
      ]),
    filters,
  );
  const byParticipant = groupBy.some((k) => k === 'actor' || k === 'role');
  // An event counts once per group, however many participant rows put it there.
  const keyed = sql`select ${sql.raw(byParticipant ? 'distinct' : '')} m.id, m.certain, ${key(first)} as k1,
      ${key(second)} as k2
    from matched m
    ${byParticipant ? sql`join event_participants p on p.event_id = m.id` : sql``}
    ${byTypeClass ? sql`join event_types t on t.code = m.type` : sql``}`;
  const order = page.sort === 'key' ? byKey : sql`count(*) desc, ${byKey}`;
  const { rows } = await sql<StatsRow>`with matched as (${matched}), keyed as (${keyed})
    select k1, k2, count(*)::int as count, (count(*) filter (where certain))::int as certain
    from keyed group by k1, k2
    order by ${order}
    ${slice}`.execute(db);
  return rows;
}
