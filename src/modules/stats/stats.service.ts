import type { Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import type { CursorCodec } from '../../http/cursor.ts';
import { pageOf } from '../../http/cursor.ts';
import { invalidField } from '../../http/problem.ts';
import { type EventFilterQuery, filtersKey, normalizeFilters } from '../events/events.service.ts';
import { type StatsRow, statsRows } from './stats.queries.ts';
import type { StatsGroupSchema, StatsKey, StatsSchema } from './stats.schemas.ts';

// Counts beyond time: the matching events grouped by one or two keys. Every status counts unless `status` is
// given, as on the timeline (grouping by status needs them all). Pages are offsets into the sorted groups:
// the groups are counted afresh for every page anyway, so a keyset would save nothing (docs/decisions.md).

export type StatsQuery = EventFilterQuery & {
  group_by: string;
  sort?: 'count' | 'key';
  limit?: number;
  cursor?: string;
};

export type StatsGroup = Record<string, string | number | null>;

function groupKeys(groupBy: string): StatsKey[] {
  const keys = groupBy.split(',') as StatsKey[];
  if (keys.length === 2 && keys[0] === keys[1]) {
    throw invalidField('query', 'group_by', `"${keys[0]}" is named twice: give two different keys`);
  }
  return keys;
}

function toGroup(keys: StatsKey[], row: StatsRow): StatsGroup {
  const group: StatsGroup = {};
  const [first, second] = keys;
  if (first) group[first] = row.k1;
  if (second) group[second] = row.k2;
  group.count = row.count;
  group.certain = row.certain;
  return group;
}

export async function listStats(
  db: Db,
  codec: CursorCodec,
  query: StatsQuery,
): Promise<Static<typeof StatsSchema>> {
  const keys = groupKeys(query.group_by);
  const filters = normalizeFilters(query);
  const limit = query.limit ?? 50;
  const sort = query.sort ?? 'count';
  const queryKey = JSON.stringify({ filters: filtersKey(filters), keys, sort });
  const offset = query.cursor ? codec.decode(query.cursor, queryKey, ['count'])[0] : 0;
  const rows = await statsRows(db, filters, keys, { sort, offset, limit: limit + 1 });
  const page = pageOf(rows, limit, () => codec.encode([offset + limit], queryKey));
  // A group's members are the keys asked for, each a string or null, then the two counts: a StatsGroup.
  const data = page.rows.map((r) => toGroup(keys, r) as Static<typeof StatsGroupSchema>);
  return { data, next_cursor: page.nextCursor, group_by: keys };
}

/** Every group, for the CSV: the header names the keys, then count and certain. */
export async function allStats(
  db: Db,
  query: StatsQuery,
): Promise<{ columns: string[]; groups: StatsGroup[] }> {
  const keys = groupKeys(query.group_by);
  const rows = await statsRows(db, normalizeFilters(query), keys, {
    sort: query.sort ?? 'count',
    offset: 0,
    limit: null,
  });
  return { columns: [...keys, 'count', 'certain'], groups: rows.map((r) => toGroup(keys, r)) };
}
