import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseSearchQuery, searchWords } from '../../src/domain/search-query.ts';

const phrase = (text: string, negated = false) => ({ text, kind: 'phrase', negated });
const prefix = (text: string, negated = false) => ({ text, kind: 'prefix', negated });

describe('parseSearchQuery', () => {
  test('words must all match: one group of terms', () => {
    assert.deepEqual(parseSearchQuery('Stoltenberg Russland'), [[phrase('Stoltenberg'), phrase('Russland')]]);
  });

  test('a hyphenated compound is the phrase of its parts', () => {
    assert.deepEqual(parseSearchQuery('Nato-Russland'), [[phrase('Nato Russland')]]);
    assert.deepEqual(parseSearchQuery('Nato-Russland-Rat'), [[phrase('Nato Russland Rat')]]);
  });

  test('quotes make a phrase; a quote left open runs to the end', () => {
    assert.deepEqual(parseSearchQuery('"Tor wieder" Spielfeld'), [
      [phrase('Tor wieder'), phrase('Spielfeld')],
    ]);
    assert.deepEqual(parseSearchQuery('"Tor wieder'), [[phrase('Tor wieder')]]);
  });

  test('a leading minus excludes a word or a phrase; a lone minus is nothing', () => {
    assert.deepEqual(parseSearchQuery('Tor -Zakharova -"die Welt"'), [
      [phrase('Tor'), phrase('Zakharova', true), phrase('die Welt', true)],
    ]);
    assert.deepEqual(parseSearchQuery('-'), []);
  });

  test('OR separates alternatives; a leading or doubled OR is ignored', () => {
    assert.deepEqual(parseSearchQuery('Belarus OR Tor Spielfeld'), [
      [phrase('Belarus')],
      [phrase('Tor'), phrase('Spielfeld')],
    ]);
    assert.deepEqual(parseSearchQuery('OR Belarus OR OR Tor'), [[phrase('Belarus')], [phrase('Tor')]]);
    assert.deepEqual(parseSearchQuery('or'), [[phrase('or')]], 'lower-case "or" is a word');
  });

  test('a word followed by * is a prefix; a star elsewhere is punctuation', () => {
    assert.deepEqual(parseSearchQuery('Stoltenb*'), [[prefix('Stoltenb')]]);
    assert.deepEqual(parseSearchQuery('-Stoltenb**'), [[prefix('Stoltenb', true)]]);
    assert.deepEqual(parseSearchQuery('Nato-Russ*'), [[phrase('Nato Russ')]]);
    assert.deepEqual(parseSearchQuery('*'), []);
  });

  test('tsquery operators and other punctuation only separate words', () => {
    assert.deepEqual(parseSearchQuery(":-\\!&|'()<->"), []);
    assert.deepEqual(parseSearchQuery("l'OTAN & Russie:*"), [[phrase('l OTAN'), phrase('Russie')]]);
    assert.deepEqual(parseSearchQuery('a\u0000b'), [[phrase('a'), phrase('b')]]);
  });

  test('letters of any script and accents are kept for the database to fold', () => {
    assert.deepEqual(parseSearchQuery('désarmement Россия'), [[phrase('désarmement'), phrase('Россия')]]);
  });

  test('at most 32 terms are read', () => {
    const terms = parseSearchQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '));
    assert.equal(terms[0]?.length, 32);
  });

  test('any input gives terms of letters, digits and single spaces, prefixes of letters and digits only', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        for (const group of parseSearchQuery(input)) {
          assert.ok(group.length > 0);
          for (const term of group) {
            const pattern = term.kind === 'prefix' ? /^[\p{L}\p{N}]+$/u : /^[\p{L}\p{N}]+( [\p{L}\p{N}]+)*$/u;
            assert.match(term.text, pattern);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('searchWords', () => {
  test('the words of a name search, punctuation separating them', () => {
    assert.deepEqual(searchWords('Nato-Russland'), ['Nato', 'Russland']);
    assert.deepEqual(searchWords('-'), []);
    assert.deepEqual(searchWords(':\\'), []);
  });
});
