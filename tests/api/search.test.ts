import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { createTestApp } from '../helpers/app.ts';
import { bearer, createKeys, eventInput, type Inject, type TestKeys } from '../helpers/fixtures.ts';

// Full-text search on the NRC seed, plus a few events of the test's own (tagged) for accents.

const cleanups: (() => Promise<void>)[] = [];
let app: FastifyInstance;
let db: Kysely<Database>;
let keys: TestKeys;
let inject: Inject;
const tag = `search-${process.pid}`;

before(async () => {
  ({ app, db } = await createTestApp({ after: (fn) => cleanups.push(fn) }, { seed: true }));
  keys = await createKeys(db);
  inject = app.inject.bind(app) as Inject;
  for (const [slug, title] of [
    [`desarmement-${process.pid}`, { fr: 'Conférence sur le désarmement', en: 'Disarmament conference' }],
    [`plain-${process.pid}`, { fr: 'Desarmement nucleaire', en: 'Nuclear disarmament' }],
  ] as const) {
    const res = await inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(keys.write),
      payload: eventInput({ slug, title, tags: [tag], participants: [], date: '1990-05' }),
    });
    assert.equal(res.statusCode, 201, res.body);
  }
});
after(async () => {
  for (const fn of cleanups) await fn();
});

async function slugs(q: string, extra = ''): Promise<string[]> {
  const res = await inject({ method: 'GET', url: `/v1/events?q=${encodeURIComponent(q)}&limit=100${extra}` });
  assert.equal(res.statusCode, 200, `${q}: ${res.body}`);
  return res
    .json<{ data: { slug: string }[] }>()
    .data.map((e) => e.slug)
    .sort();
}

async function actorIds(q: string): Promise<string[]> {
  const res = await inject({ method: 'GET', url: `/v1/actors?q=${encodeURIComponent(q)}` });
  assert.equal(res.statusCode, 200, `${q}: ${res.body}`);
  return res.json<{ data: { id: string }[] }>().data.map((a) => a.id);
}

const COUNCIL_EVENTS = [
  'nrc-dialogue-resumed-2016',
  'nrc-dialogue-suspended-2014',
  'nrc-founded-2002',
  'nrc-meeting-2019-07',
  'stoltenberg-invites-russia-2021',
];

describe('full-text search of events', () => {
  test('a hyphenated compound matches its parts and the whole: Nato-Russland finds what Nato-Russland-Rat finds', async () => {
    assert.deepEqual(await slugs('Nato-Russland-Rat'), COUNCIL_EVENTS);
    assert.deepEqual(await slugs('Nato-Russland'), COUNCIL_EVENTS);
    assert.deepEqual(await slugs('Russland-Rat'), COUNCIL_EVENTS);
  });

  test('stop words do not match everything: "the" finds nothing, "the Tor" what "Tor" finds', async () => {
    assert.deepEqual(await slugs('the'), []);
    assert.deepEqual(await slugs('der die das'), []);
    assert.deepEqual(await slugs('the Tor'), ['zakharova-replies-2021']);
  });

  test('accents are ignored both ways: desarmement finds désarmement and the other way round', async () => {
    const both = [`desarmement-${process.pid}`, `plain-${process.pid}`];
    assert.deepEqual(await slugs('desarmement', `&tag=${tag}`), both);
    assert.deepEqual(await slugs('désarmement', `&tag=${tag}`), both);
    assert.deepEqual(await slugs('Gesprache'), await slugs('Gespräche'));
    assert.ok((await slugs('Gespräche')).includes('nrc-meeting-2019-07'));
  });

  test('prefix search: Stoltenb* finds the events with Stoltenberg', async () => {
    assert.deepEqual(await slugs('Stoltenb*'), [
      'stoltenberg-invites-russia-2021',
      'stoltenberg-on-belarus-2021',
      'zakharova-replies-2021',
    ]);
  });

  test('phrases, exclusion and OR', async () => {
    assert.deepEqual(await slugs('"Tor wieder"'), ['zakharova-replies-2021']);
    assert.deepEqual(await slugs('"Tor wieder auf das Spielfeld"'), ['zakharova-replies-2021']);
    assert.deepEqual(await slugs('"Spielfeld Tor"'), []);
    assert.deepEqual(await slugs('Stoltenberg -Tor'), [
      'stoltenberg-invites-russia-2021',
      'stoltenberg-on-belarus-2021',
    ]);
    assert.deepEqual(await slugs('Belarus OR Tor'), [
      'stoltenberg-on-belarus-2021',
      'zakharova-replies-2021',
    ]);
  });

  test('German stemming still finds inflected names: Russlands', async () => {
    assert.equal((await slugs('Russlands')).length, 7);
  });
});

describe('full-text search of actors', () => {
  test('the council is found by the same words as its events', async () => {
    assert.deepEqual(await actorIds('Nato-Russland-Rat'), ['nato-russia-council']);
    assert.deepEqual(await actorIds('Nato-Russland'), ['nato-russia-council']);
    assert.deepEqual(await actorIds('stolt'), ['jens-stoltenberg']);
    assert.deepEqual(await actorIds('weißrussland'), ['belarus']);
    assert.deepEqual(await actorIds('Weissrussland'), ['belarus'], 'ß is folded to ss');
  });
});

describe('no input raises a tsquery error', () => {
  const hostile = [
    '-',
    ':',
    '\\',
    '!',
    '&',
    "'",
    '|',
    '(',
    ')',
    '<->',
    ':*',
    '!!',
    '&&',
    "''",
    '-"',
    '"',
    '*',
    'a:*b',
    "a'b",
    '\\\\',
    '& | !',
    'OR',
    '-OR',
  ];

  test('events and actors answer 200 to every tsquery operator alone and in words', async () => {
    for (const q of [...hostile, ...hostile.map((h) => `nato ${h} rat`)]) {
      await slugs(q);
      await actorIds(q);
    }
  });

  test('random strings of up to 200 characters never give a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: 'grapheme', maxLength: 200 })
          .filter((s) => !s.includes('\u0000') && s.trim().length > 0),
        async (q) => {
          for (const url of [
            `/v1/events?q=${encodeURIComponent(q)}`,
            `/v1/actors?q=${encodeURIComponent(q)}`,
          ]) {
            const res = await inject({ method: 'GET', url });
            assert.ok(res.statusCode < 500, `${url}: ${res.statusCode} ${res.body}`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
