import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { type LeafMap, StatementShapes } from '../../src/db/statement-shapes.ts';
import { type EventFilterQuery, normalizeFilters } from '../../src/modules/events/event-filters.ts';
import { parseJsonFields } from '../../src/modules/events/read/fields.mapper.ts';
import type { KeysetPage } from '../../src/modules/events/read/page.queries.ts';
import { buildPageStatement, pageLeaves } from '../../src/modules/events/read/page-json.queries.ts';
import { buildGapStatement, gapLeaves } from '../../src/modules/gaps/gaps.queries.ts';

type PageInput = Parameters<typeof buildPageStatement>[1];

// Statements compiled once per shape (src/db/statement-shapes.ts): whatever the cache answers must be exactly
// what Kysely builds for the same request, SQL and parameters, and two shapes must never share a text.

/** Kysely that only compiles (PostgreSQL's dialect, no connection). */
const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const plain = (q: CompiledQuery) => ({ sql: q.sql, parameters: q.parameters });

/**
 * Each filter with two values of the same shape (a request and another one that must reuse its statement).
 * Those kept in the shape by value (search text, places, updated_since) have the same value twice.
 */
const DIMENSIONS: Record<string, [EventFilterQuery, EventFilterQuery]> = {
  window: [
    { from: '2010', to: '2019' },
    { from: '1950-03', to: '1951' },
  ],
  from: [{ from: '1914' }, { from: '1900-02-03' }],
  to: [{ to: '2029' }, { to: '2031-05' }],
  within: [
    { from: '2010', to: '2019', temporal: 'within' },
    { from: '1960', to: '1961', temporal: 'within' },
  ],
  bcWindow: [
    { from: '-0043', to: '0010' },
    { from: '-0043', to: '0010' },
  ],
  actor: [{ actor: ['nato'] }, { actor: ['state-kr'] }],
  actors: [{ actor: ['nato', 'eu'] }, { actor: ['a-b', 'c'] }],
  actorsAll: [
    { actor: ['nato', 'eu', 'un'], actor_match: 'all' },
    { actor: ['x', 'y', 'z'], actor_match: 'all' },
  ],
  role: [{ role: ['host,party'] }, { role: ['chair,observer'] }],
  type: [{ type: ['meeting', 'summit'] }, { type: ['visit,call'] }],
  plover: [{ plover: ['CONSULT'] }, { plover: ['SANCTION'] }],
  quad: [{ quad_class: ['verbal_conflict'] }, { quad_class: ['material_cooperation'] }],
  status: [{ status: ['held'] }, { status: ['cancelled'] }],
  tag: [{ tag: ['nuclear', 'arms'] }, { tag: ['trade', 'cyber'] }],
  country: [{ country: ['DE'] }, { country: ['FR'] }],
  bbox: [{ bbox: '-10,35,30,60' }, { bbox: '-10,35,30,60' }],
  bboxAntimeridian: [{ bbox: '170,-10,-170,10' }, { bbox: '170,-10,-170,10' }],
  near: [{ near: '52.5,13.4,100' }, { near: '52.5,13.4,100' }],
  q: [{ q: 'Germany' }, { q: 'Germany' }],
  qComplex: [{ q: '"state visit" -cancelled OR Stoltenb*' }, { q: '"state visit" -cancelled OR Stoltenb*' }],
  updatedSince: [{ updated_since: '2026-01-01T00:00:00Z' }, { updated_since: '2026-01-01T00:00:00Z' }],
};

// The limit is written into the text (page.queries.ts, `limitLiteral`): both pages of a pair have the same.
const PAGES: [KeysetPage, KeysetPage][] = [
  [
    { limit: 50, order: 'asc' },
    { limit: 50, order: 'asc' },
  ],
  [
    { limit: 7, order: 'desc', after: ['2012-03-04', '0b5c2f9e-6c1a-4f57-9a55-2a1d1f1b7c11'] },
    { limit: 7, order: 'desc', after: ['1999-12-31', '9f0e2a33-1b7c-4d2e-8f00-5e6a7b8c9d0e'] },
  ],
  [
    { limit: 3, order: 'asc', after: ['-infinity', '0b5c2f9e-6c1a-4f57-9a55-2a1d1f1b7c11'] },
    { limit: 3, order: 'asc', after: ['-infinity', '9f0e2a33-1b7c-4d2e-8f00-5e6a7b8c9d0e'] },
  ],
];

const SELECTIONS = [undefined, parseJsonFields('id,title,date.display,location.lat')];

function merged(names: string[], variant: 0 | 1): EventFilterQuery {
  return Object.assign(
    {},
    ...names.map((n) => (DIMENSIONS[n] as [EventFilterQuery, EventFilterQuery])[variant]),
  );
}

function* combinations(): Generator<string[]> {
  const names = Object.keys(DIMENSIONS);
  yield [];
  for (let i = 0; i < names.length; i++) {
    yield [names[i] as string];
    for (let j = i + 1; j < names.length; j++) yield [names[i] as string, names[j] as string];
  }
  yield ['window', 'actorsAll', 'role', 'type', 'status', 'tag', 'country', 'q', 'near'];
  yield ['from', 'actors', 'plover', 'quad', 'bbox', 'updatedSince'];
}

describe('the page statement compiled once per shape', () => {
  test('every filter alone and in pairs, each order, cursor and selection: the cached statement is what Kysely builds', () => {
    const shapes = new StatementShapes(pageLeaves, 100_000);
    let cases = 0;
    for (const names of combinations()) {
      for (const [pageA, pageB] of PAGES) {
        for (const selection of SELECTIONS) {
          const a: PageInput = { filters: normalizeFilters(merged(names, 0)), page: pageA, selection };
          const b: PageInput = { filters: normalizeFilters(merged(names, 1)), page: pageB, selection };
          const build = (input: PageInput) => buildPageStatement(db, input);
          assert.deepEqual(plain(shapes.compile(a, build)), plain(build(a)), `${names} (first)`);
          const hits = shapes.stats().hits;
          assert.deepEqual(plain(shapes.compile(b, build)), plain(build(b)), `${names} (second, same shape)`);
          assert.equal(
            shapes.stats().hits,
            hits + 1,
            `${names}: the second request reused the first's statement`,
          );
          cases += 1;
        }
      }
    }
    const stats = shapes.stats();
    assert.equal(cases, 1404);
    assert.equal(stats.uncacheable, 0);
  });

  test('the parameters are bound: an actor page of the 2010s reuses the statement of the 1990s', () => {
    const shapes = new StatementShapes(pageLeaves, 10);
    const build = (input: PageInput) => buildPageStatement(db, input);
    const page = (actor: string, from: string, limit: number): PageInput => ({
      filters: normalizeFilters({ actor: [actor], type: ['meeting'], from, to: String(Number(from) + 9) }),
      page: { limit, order: 'asc' },
      selection: undefined,
    });
    const first = shapes.compile(page('nato', '1990', 50), build);
    const second = shapes.compile(page('state-kr', '2010', 50), build);
    assert.equal(second.sql, first.sql);
    assert.deepEqual(second.parameters, build(page('state-kr', '2010', 50)).parameters);
    assert.ok(second.parameters.includes('state-kr'));
    assert.ok(second.parameters.includes('2010-01-01'));
    assert.deepEqual(shapes.stats(), { shapes: 1, hits: 1, misses: 1, uncacheable: 0 });
  });

  test('the limit is written into the text, so that a generic plan knows it: another limit is another statement', () => {
    const shapes = new StatementShapes(pageLeaves, 10);
    const build = (input: PageInput) => buildPageStatement(db, input);
    const page = (limit: number): PageInput => ({
      filters: normalizeFilters({ actor: ['nato'], from: '1990' }),
      page: { limit, order: 'asc' },
      selection: undefined,
    });
    const fifty = shapes.compile(page(50), build);
    const twenty = shapes.compile(page(20), build);
    assert.match(fifty.sql, / limit 51\)/);
    assert.doesNotMatch(fifty.sql, /limit \$/);
    assert.match(twenty.sql, / limit 21\)/);
    assert.deepEqual(plain(twenty), plain(build(page(20))));
    assert.equal(fifty.parameters.includes(51), false);
    assert.deepEqual(shapes.stats(), { shapes: 2, hits: 0, misses: 2, uncacheable: 0 });
    assert.throws(() => build(page(2.5)), /a page's row count is an integer/);
  });
});

describe('statement shapes on their own', () => {
  type Input = { ids: string[]; limit: number; word: string };
  const leaves: LeafMap<Input> = (input, leaf) => ({
    ids: input.ids.map((id) => leaf(id, 'text')),
    limit: leaf(input.limit, 'count'),
    word: input.word,
  });
  const build = (input: Input) =>
    db
      .selectFrom('events')
      .select('events.id')
      .where('events.type', 'in', input.ids)
      .where(sql<boolean>`events.tags && ${sql.val(input.ids)}::text[]`)
      .where('events.title', '=', input.word as never)
      .limit(input.limit + 1)
      .compile();

  test('a list, an array parameter and limit + 1 are bound; a value kept in the shape is not shared', () => {
    const shapes = new StatementShapes(leaves, 10);
    const one = { ids: ['a', 'b'], limit: 10, word: 'x' };
    const two = { ids: ['c', 'd'], limit: 3, word: 'x' };
    const three = { ids: ['c', 'd'], limit: 3, word: 'y' };
    for (const input of [one, two, three])
      assert.deepEqual(plain(shapes.compile(input, build)), plain(build(input)));
    assert.deepEqual(shapes.compile(two, build).parameters, ['c', 'd', ['c', 'd'], 'x', 4]);
    assert.deepEqual(shapes.stats(), { shapes: 2, hits: 2, misses: 2, uncacheable: 0 });
  });

  test('a builder that writes a leaf into the text is never served from a template', () => {
    const shapes = new StatementShapes(leaves, 10);
    const inlining = (input: Input) =>
      db.selectFrom('events').select('events.id').where('events.type', '=', sql.lit(input.ids[0])).compile();
    const one = { ids: ['a'], limit: 1, word: 'x' };
    const two = { ids: ['b'], limit: 1, word: 'x' };
    assert.deepEqual(plain(shapes.compile(one, inlining)), plain(inlining(one)));
    assert.deepEqual(plain(shapes.compile(two, inlining)), plain(inlining(two)));
    assert.equal(shapes.stats().uncacheable, 1);
  });

  test('a builder that transforms a leaf is never served from a template', () => {
    const shapes = new StatementShapes(leaves, 10);
    const upper = (input: Input) =>
      db
        .selectFrom('events')
        .select('events.id')
        .where('events.type', '=', (input.ids[0] as string).toUpperCase())
        .compile();
    const one = { ids: ['a'], limit: 1, word: 'x' };
    const two = { ids: ['b'], limit: 1, word: 'x' };
    assert.deepEqual(plain(shapes.compile(one, upper)), plain(upper(one)));
    assert.deepEqual(shapes.compile(two, upper).parameters, ['B']);
    assert.equal(shapes.stats().uncacheable, 1);
  });

  test('at most `max` shapes are kept, the oldest dropped first', () => {
    const shapes = new StatementShapes(leaves, 2);
    for (const word of ['x', 'y', 'z']) shapes.compile({ ids: ['a'], limit: 1, word }, build);
    assert.equal(shapes.stats().shapes, 2);
    shapes.compile({ ids: ['b'], limit: 2, word: 'z' }, build);
    shapes.compile({ ids: ['b'], limit: 2, word: 'x' }, build);
    assert.deepEqual(shapes.stats(), { shapes: 2, hits: 1, misses: 4, uncacheable: 0 });
  });
});

describe('the gap statement compiled once per shape', () => {
  type Search = Parameters<typeof buildGapStatement>[1];
  const OPTIONS: Record<string, [Partial<Search>, Partial<Search>]> = {
    none: [{}, {}],
    minDays: [{ min: { days: 30 } }, { min: { days: 400 } }],
    minDuration: [{ min: { duration: 'P1Y2M' } }, { min: { duration: 'P3D' } }],
    leading: [{ leadingFrom: '2010-01-01' }, { leadingFrom: '1990-01-01' }],
    longest: [{ order: 'longest' }, { order: 'longest' }],
    afterChronological: [
      { after: { order: 'chronological', start: '2011-02-03' } },
      { after: { order: 'chronological', start: '1999-01-01' } },
    ],
    afterLongest: [
      { order: 'longest', after: { order: 'longest', days: 40, start: '2011-02-03' } },
      { order: 'longest', after: { order: 'longest', days: 7, start: '1999-01-01' } },
    ],
    excludeCoarse: [{ excludeCoarse: true }, { excludeCoarse: true }],
    bcAsOf: [{ asOf: '-0043-03-15' }, { asOf: '-0043-03-15' }],
  };
  const FILTERS: [EventFilterQuery, EventFilterQuery][] = [
    [{}, {}],
    [{ actor: ['nato'] }, { actor: ['eu'] }],
    [
      { actor: ['nato', 'eu'], actor_match: 'all', type: ['meeting'], from: '2010', to: '2019' },
      { actor: ['x', 'y'], actor_match: 'all', type: ['summit'], from: '1950', to: '1959' },
    ],
    [
      { tag: ['arms'], status: ['held', 'cancelled'], q: 'Germany' },
      { tag: ['trade'], status: ['held', 'scheduled'], q: 'Germany' },
    ],
  ];

  test('every option with each kind of filters: the cached statement is what Kysely builds, the second request reusing it', () => {
    const shapes = new StatementShapes(gapLeaves, 1000);
    const build = (search: Search) => buildGapStatement(db, search);
    const search = (
      filters: EventFilterQuery,
      options: Partial<Search>,
      asOf: string,
      limit: number,
    ): Search => ({
      filters: normalizeFilters(filters, { defaultStatuses: ['held'] }),
      asOf,
      min: null,
      leadingFrom: null,
      order: 'chronological',
      limit,
      after: null,
      coarseDays: limit * 7,
      excludeCoarse: false,
      ...options,
    });
    let cases = 0;
    for (const [name, [optionsA, optionsB]] of Object.entries(OPTIONS)) {
      for (const [filtersA, filtersB] of FILTERS) {
        const a = search(filtersA, optionsA, '2026-11-30', 50);
        const b = search(filtersB, optionsB, '2019-12-31', 10);
        assert.deepEqual(plain(shapes.compile(a, build)), plain(build(a)), `${name} (first)`);
        const hits = shapes.stats().hits;
        assert.deepEqual(plain(shapes.compile(b, build)), plain(build(b)), `${name} (second)`);
        assert.equal(
          shapes.stats().hits,
          hits + 1,
          `${name}: the second request reused the first's statement`,
        );
        cases += 1;
      }
    }
    assert.equal(cases, 36);
    assert.equal(shapes.stats().uncacheable, 0);
  });
});
