import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../db/schema.ts';
import type { LeafKind } from '../../db/statement-shapes.ts';
import { compareDays, toPgDate } from '../../domain/calendar.ts';
import { PARTIAL_DATE_PATTERN, parsePartialDate } from '../../domain/partial-date.ts';
import { PLOVER_CATEGORIES, type PloverCategory, QUAD_CLASSES, type QuadClass } from '../../domain/plover.ts';
import { parseSearchQuery, type SearchTerm } from '../../domain/search-query.ts';
import { invalidField } from '../../http/problem.ts';
import {
  normalizePlaceFilters,
  type PlaceFilterQuery,
  type PlaceFilters,
  placeConditions,
  placeFilterProperties,
} from './place-filters.ts';

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
  plover: list(
    `(${PLOVER_CATEGORIES.join('|')})`,
    "PLOVER event categories of the events' types (see /v1/event-types), e.g. `CONSULT`, `SANCTION`.",
  ),
  quad_class: list(
    `(${QUAD_CLASSES.join('|')})`,
    "PLOVER quad classes of the events' types: `verbal_cooperation`, `material_cooperation`, `verbal_conflict`, `material_conflict`.",
  ),
  status: list('(held|scheduled|cancelled)', 'Event statuses.'),
  tag: list('[a-z0-9][a-z0-9_-]{0,49}', 'Tags (an event matches when it has any of them).'),
  country: list('[A-Z]{2}', 'ISO 3166-1 alpha-2 codes of the event location.'),
  ...placeFilterProperties,
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'Full text over titles, summaries, quotes, actor names and aliases, each text stemmed in its language, accents ignored. Words must all match; `"a phrase"`; `-word` excludes; `OR` between terms; `Stoltenb*` matches a prefix; a hyphenated compound (`Nato-Russland`) matches its parts in order, also inside longer compounds. Stop words alone match nothing.',
    }),
  ),
  updated_since: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'Only events changed at or after this instant (RFC 3339).',
    }),
  ),
};

export interface EventFilterQuery extends PlaceFilterQuery {
  from?: string;
  to?: string;
  temporal?: 'overlaps' | 'within';
  actor?: string[];
  actor_match?: 'any' | 'all';
  role?: string[];
  type?: string[];
  plover?: string[];
  quad_class?: string[];
  status?: string[];
  tag?: string[];
  country?: string[];
  q?: string;
  updated_since?: string;
}

/** The filters after validation: dates resolved to days, comma lists split and de-duplicated. */
export interface EventFilters extends PlaceFilters {
  windowStart: string | null;
  windowEnd: string | null;
  temporal: 'overlaps' | 'within';
  actors: string[];
  actorMatch: 'any' | 'all';
  roles: string[];
  types: string[];
  ploverCategories: string[];
  quadClasses: string[];
  statuses: string[];
  tags: string[];
  countries: string[];
  q: string | null;
  updatedSince: string | null;
}

/**
 * `defaultStatuses`: the statuses considered when `status` is not given. The timeline lists every status (each
 * event shows its own); gaps and the histogram count what happened (`held`), see docs/gaps.md.
 */
export function normalizeFilters(
  query: EventFilterQuery,
  { defaultStatuses = [] as string[] } = {},
): EventFilters {
  const split = (name: string, values: string[] | undefined) => {
    const out = [...new Set((values ?? []).flatMap((v) => v.split(',')))];
    if (out.length > MAX_VALUES) throw invalidField('query', name, `at most ${MAX_VALUES} values`);
    return out.sort();
  };
  const windowStart = query.from ? parseDateParam('from', query.from).first : null;
  const windowEnd = query.to ? parseDateParam('to', query.to).last : null;
  if (windowStart && windowEnd && compareDays(windowStart, windowEnd) > 0) {
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
    ploverCategories: split('plover', query.plover),
    quadClasses: split('quad_class', query.quad_class),
    statuses: query.status?.length ? split('status', query.status) : [...defaultStatuses],
    tags: split('tag', query.tag),
    countries: split('country', query.country),
    ...normalizePlaceFilters(query),
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

/**
 * The filters' values that become plain parameters of the statements built from them (src/db/statement-shapes.ts
 * compiles a statement once per shape and binds these): days, codes and ids. What is not listed here (the
 * search text, places, `updated_since`, which the WHERE turns into other values) stays part of the shape.
 */
export function mapFilterLeaves(
  f: EventFilters,
  leaf: <V extends string | number>(value: V, kind: LeafKind) => V,
) {
  const day = (d: string | null) => (d === null ? null : leaf(d, 'day'));
  const texts = (values: string[]) => values.map((v) => leaf(v, 'text'));
  return {
    ...f,
    windowStart: day(f.windowStart),
    windowEnd: day(f.windowEnd),
    actors: texts(f.actors),
    roles: texts(f.roles),
    types: texts(f.types),
    ploverCategories: texts(f.ploverCategories),
    quadClasses: texts(f.quadClasses),
    statuses: texts(f.statuses),
    tags: texts(f.tags),
    countries: texts(f.countries),
  };
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
  { drivenByParticipants = false, overlapImplied = false } = {},
): SelectQueryBuilder<Database, 'events', O> {
  let q = qb.where('events.deleted_at', 'is', null);
  // `overlapImplied`: the query's own conditions on the start already select overlapping events only (the
  // timeline's page parts); repeating the overlap makes the planner underestimate them (see page.queries.ts).
  if ((f.windowStart || f.windowEnd) && !(overlapImplied && f.temporal === 'overlaps')) {
    q = q.where(windowCondition(f, f.temporal));
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
  // PLOVER categories and quad classes belong to the event type: the few types that have them.
  if (f.ploverCategories.length > 0) {
    const categories = f.ploverCategories as PloverCategory[];
    q = q.where((eb) =>
      eb(
        'events.type',
        'in',
        eb
          .selectFrom('event_types')
          .select('event_types.code')
          .where('event_types.plover_category', 'in', categories),
      ),
    );
  }
  if (f.quadClasses.length > 0) {
    const classes = f.quadClasses as QuadClass[];
    q = q.where((eb) =>
      eb(
        'events.type',
        'in',
        eb
          .selectFrom('event_types')
          .select('event_types.code')
          .where('event_types.quad_class', 'in', classes),
      ),
    );
  }
  if (f.statuses.length > 0)
    q = q.where('events.status', 'in', f.statuses as ('held' | 'scheduled' | 'cancelled')[]);
  if (f.tags.length > 0) q = q.where(sql<boolean>`events.tags && ${sql.val(f.tags)}::text[]`);
  if (f.countries.length > 0) q = q.where('events.location_country', 'in', f.countries);
  for (const condition of placeConditions(f)) q = q.where(condition);
  if (f.q) q = q.where(sql<boolean>`events.search @@ ${textQuery(f.q)}`);
  if (f.updatedSince) q = q.where('events.updated_at', '>=', new Date(f.updatedSince));
  return q;
}

// The stemmings the documents are indexed with (migration 0031): each text in its own language, names also
// verbatim (timeline_simple: no English or German stop words).
const SEARCH_CONFIGS = ['english', 'german', 'french', 'spanish', 'italian', 'russian', 'timeline_simple'];

/**
 * The tsquery of a `q` (syntax: src/domain/search-query.ts, docs/decisions.md): each group of terms is read in
 * every stemming — English, German, … — and matches when one reading does, so a word that is a stop word in one
 * language ("the") drops out of that reading only. Terms go through phraseto_tsquery, which takes plain text, so
 * no input raises a tsquery syntax error; a prefix (`Stoltenb*`) is a word of letters and digits only. A query of
 * stop words or punctuation alone is empty and matches nothing.
 */
export function textQuery(q: string) {
  const groups = parseSearchQuery(q);
  if (groups.length === 0) return sql`''::tsquery`;
  const reading = (config: string, t: SearchTerm) => {
    const text = sql`search_fold(${t.text})`;
    const query =
      t.kind === 'prefix'
        ? sql`to_tsquery('simple', ${text} || ':*')`
        : sql`phraseto_tsquery(${sql.lit(config)}::regconfig, ${text})`;
    return t.negated ? sql`(!! ${query})` : query;
  };
  const readings = groups.flatMap((group) =>
    SEARCH_CONFIGS.map(
      (config) =>
        sql`(${sql.join(
          group.map((t) => reading(config, t)),
          sql` && `,
        )})`,
    ),
  );
  // The distinct readings only (migration 0092): one word's seven readings are two or three lexemes, and the
  // copies made the planner think a rare word common.
  return sql`search_query_any(array[${sql.join(readings)}]::tsquery[])`;
}

/**
 * Events whose date is uncertain by more than `days` on either side: the span of possible starts (latest minus
 * earliest start) or of possible ends is longer, or unbounded (an unknown start or end, a one-of set open at an
 * end). Open starts and ends are durations, not uncertainty (`../2019`, `2019/..` are not coarse for it).
 */
export function coarseCondition(days: number, row: 'events' | 'p' = 'events') {
  // `row`: the events, or participant rows `p`, which carry a copy of their event's dates (migration 0100).
  const col = (name: string) => sql.ref(`${row}.${name}`);
  return sql<boolean>`(
    (not ${col('open_start')} and (not isfinite(${col('start_earliest')}) or not isfinite(${col('start_latest')})
      or ${col('start_latest')} - ${col('start_earliest')} > ${days}::int))
    or (not ${col('open_end')} and (not isfinite(${col('end_earliest')}) or not isfinite(${col('end_latest')})
      or ${col('end_latest')} - ${col('end_earliest')} > ${days}::int)))`;
}

/**
 * The window as a condition on the `extent` of `row`: the events, or participant rows `p`, whose extent is their
 * event's. `within`: the extent lies inside the window; `overlaps`: it shares a day with it.
 */
export function windowCondition(
  f: Pick<EventFilters, 'windowStart' | 'windowEnd'>,
  temporal: EventFilters['temporal'],
  row: 'events' | 'p' = 'events',
) {
  const day = (d: string | null) => (d === null ? null : toPgDate(d));
  const window = sql`daterange(${day(f.windowStart)}::date, ${day(f.windowEnd)}::date, '[]')`;
  const extent = sql.ref(`${row}.extent`);
  return temporal === 'within' ? sql<boolean>`${extent} <@ ${window}` : sql<boolean>`${extent} && ${window}`;
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
