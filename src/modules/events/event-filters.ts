import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../db/schema.ts';
import { PARTIAL_DATE_PATTERN, parsePartialDate } from '../../domain/partial-date.ts';
import { invalidField } from '../../http/problem.ts';

// The one home of the timeline filters (docs/design.md, filters): their query schema and the WHERE they
// become, shared by events, exports, histogram and gaps.

const MAX_VALUES = 20;
const list = (item: string, description: string) =>
  Type.Optional(
    Type.Array(Type.String({ pattern: `^${item}(,${item})*$`, maxLength: 1000 }), {
      maxItems: MAX_VALUES,
      description: `${description} Repeat the parameter or give a comma list (at most ${MAX_VALUES} values).`,
    }),
  );
const SLUG = '[a-z0-9]+(-[a-z0-9]+)*';
const ROLES = '(party|initiator|recipient|host|chair|speaker|mediator|observer|forum)';

export const eventFilterProperties = {
  from: Type.Optional(
    Type.String({
      pattern: PARTIAL_DATE_PATTERN,
      description: 'Start of the window: YYYY, YYYY-MM or YYYY-MM-DD (its first day).',
      examples: ['2014'],
    }),
  ),
  to: Type.Optional(
    Type.String({
      pattern: PARTIAL_DATE_PATTERN,
      description: 'End of the window, inclusive to the end of its period: `to=2016` runs to 2016-12-31.',
      examples: ['2016'],
    }),
  ),
  temporal: Type.Optional(
    Type.Enum(['overlaps', 'within'], {
      default: 'overlaps',
      description: '`overlaps`: the event may fall in the window; `within`: it certainly does.',
    }),
  ),
  actor: list(SLUG, 'Actor ids, e.g. `nato-russia-council`.'),
  actor_match: Type.Optional(
    Type.Enum(['any', 'all'], { default: 'any', description: 'Match any or all of `actor`.' }),
  ),
  role: list(ROLES, 'Participant roles (with `actor`: the role those actors had).'),
  type: list('[a-z][a-z0-9_]{1,39}', 'Event-type codes.'),
  status: list('(held|scheduled|cancelled)', 'Event statuses.'),
  tag: list('[a-z0-9][a-z0-9_-]{0,49}', 'Tags (an event matches when it has any of them).'),
  country: list('[A-Z]{2}', 'ISO 3166-1 alpha-2 codes of the event location.'),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'Full text over titles, summaries, quotes, actor names and aliases (English and German stemming; web-search syntax).',
    }),
  ),
  updated_since: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'Only events changed at or after this instant (RFC 3339).',
    }),
  ),
};

export interface EventFilterQuery {
  from?: string;
  to?: string;
  temporal?: 'overlaps' | 'within';
  actor?: string[];
  actor_match?: 'any' | 'all';
  role?: string[];
  type?: string[];
  status?: string[];
  tag?: string[];
  country?: string[];
  q?: string;
  updated_since?: string;
}

/** The filters after validation: dates resolved to days, comma lists split and de-duplicated. */
export interface EventFilters {
  windowStart: string | null;
  windowEnd: string | null;
  temporal: 'overlaps' | 'within';
  actors: string[];
  actorMatch: 'any' | 'all';
  roles: string[];
  types: string[];
  statuses: string[];
  tags: string[];
  countries: string[];
  q: string | null;
  updatedSince: string | null;
}

export function normalizeFilters(query: EventFilterQuery): EventFilters {
  const split = (name: string, values: string[] | undefined) => {
    const out = [...new Set((values ?? []).flatMap((v) => v.split(',')))];
    if (out.length > MAX_VALUES) throw invalidField('query', name, `at most ${MAX_VALUES} values`);
    return out.sort();
  };
  const windowStart = query.from ? parseDateParam('from', query.from).first : null;
  const windowEnd = query.to ? parseDateParam('to', query.to).last : null;
  if (windowStart && windowEnd && windowStart > windowEnd) {
    throw invalidField('query', 'to', `the window ends (${windowEnd}) before it starts (${windowStart})`);
  }
  const q = query.q?.trim() ?? '';
  return {
    windowStart,
    windowEnd,
    temporal: query.temporal ?? 'overlaps',
    actors: split('actor', query.actor),
    actorMatch: query.actor_match ?? 'any',
    roles: split('role', query.role),
    types: split('type', query.type),
    statuses: split('status', query.status),
    tags: split('tag', query.tag),
    countries: split('country', query.country),
    q: q.length > 0 ? q : null,
    updatedSince: query.updated_since ?? null,
  };
}

function parseDateParam(name: string, value: string) {
  try {
    return parsePartialDate(value);
  } catch (error) {
    throw invalidField('query', name, (error as Error).message);
  }
}

/** A stable digest of the filters, so a cursor can only continue the query it came from. */
export function filtersKey(filters: EventFilters): string {
  return JSON.stringify(filters);
}

/**
 * The WHERE of the filters, on any query over `events`. `drivenByParticipants`: the query already reads
 * the participant rows of the actors with the roles (of the first actor for `actor_match=all`), so that
 * condition is left out; repeating it as a semi-join would make the planner read all of an actor's events.
 */
export function whereEventFilters<O>(
  qb: SelectQueryBuilder<Database, 'events', O>,
  f: EventFilters,
  { drivenByParticipants = false } = {},
): SelectQueryBuilder<Database, 'events', O> {
  let q = qb.where('events.deleted_at', 'is', null);
  if (f.windowStart || f.windowEnd) {
    const window = sql`daterange(${f.windowStart}::date, ${f.windowEnd}::date, '[]')`;
    q = q.where(
      f.temporal === 'within'
        ? sql<boolean>`events.extent <@ ${window}`
        : sql<boolean>`events.extent && ${window}`,
    );
  }
  if (f.actors.length > 0) {
    if (f.actorMatch === 'all') {
      const others = drivenByParticipants ? f.actors.slice(1) : f.actors;
      for (const actor of others) q = q.where((eb) => participantExists(eb, [actor], f.roles));
    } else if (!drivenByParticipants) {
      q = q.where((eb) => participantExists(eb, f.actors, f.roles));
    }
  } else if (f.roles.length > 0) {
    q = q.where((eb) => participantExists(eb, [], f.roles));
  }
  if (f.types.length > 0) q = q.where('events.type', 'in', f.types);
  if (f.statuses.length > 0)
    q = q.where('events.status', 'in', f.statuses as ('held' | 'scheduled' | 'cancelled')[]);
  if (f.tags.length > 0) q = q.where(sql<boolean>`events.tags && ${sql.val(f.tags)}::text[]`);
  if (f.countries.length > 0) q = q.where('events.location_country', 'in', f.countries);
  if (f.q) q = q.where(sql<boolean>`events.search @@ ${textQuery(f.q)}`);
  if (f.updatedSince) q = q.where('events.updated_at', '>=', new Date(f.updatedSince));
  return q;
}

/** English, German and verbatim readings of a web-search style query, any of which may match. */
function textQuery(q: string) {
  return sql`(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('german', ${q}) || websearch_to_tsquery('simple', ${q}))`;
}

function participantExists(eb: ExpressionBuilder<Database, 'events'>, actors: string[], roles: string[]) {
  let sub = eb
    .selectFrom('event_participants as p')
    .select(sql`1`.as('one'))
    .whereRef('p.event_id', '=', 'events.id');
  if (actors.length > 0) sub = sub.where('p.actor_id', 'in', actors);
  if (roles.length > 0) sub = sub.where('p.role', 'in', roles as Database['event_participants']['role'][]);
  return eb.exists(sub);
}
