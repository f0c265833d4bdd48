/**
 * The full-text query syntax, read without ever failing: whatever the input, the result is a list of terms that
 * SQL turns into a tsquery through functions that take plain text (phraseto_tsquery), never through tsquery
 * syntax that a stray `:` `!` `&` `\` or `'` could break.
 *
 * - words: all must match (`Stoltenberg Russland`);
 * - `"a phrase"`: these words in this order;
 * - a hyphenated compound (`Nato-Russland`) is the phrase of its parts, so it is found inside longer compounds
 *   (`Nato-Russland-Rat`) as well as on its own;
 * - `-word`, `-"a phrase"`: must not match;
 * - `OR` between two terms: either;
 * - `word*`: any word that starts so (`Stoltenb*`);
 * - anything else (punctuation, brackets, quotes left open) separates words.
 */
export interface SearchTerm {
  /** Words separated by single spaces; for a prefix, one word of letters and digits. */
  text: string;
  kind: 'phrase' | 'prefix';
  negated: boolean;
}

/** Alternatives (OR) of terms that must all match (AND). */
export type SearchQuery = SearchTerm[][];

const MAX_TERMS = 32;
const WORD = /[\p{L}\p{N}]+/gu;

export function parseSearchQuery(input: string): SearchQuery {
  const groups: SearchTerm[][] = [[]];
  let terms = 0;
  // Tokens: an optionally negated "phrase", or a run of anything but spaces and quotes.
  for (const [, minus, quoted, bare] of input
    .replaceAll('\0', ' ')
    .matchAll(/(-?)(?:"([^"]*)"?|([^\s"]+))/g)) {
    if (bare === 'OR' && !minus) {
      if ((groups.at(-1) ?? []).length > 0) groups.push([]);
      continue;
    }
    const term = termOf(quoted ?? bare ?? '', quoted !== undefined, minus === '-');
    if (!term || terms >= MAX_TERMS) continue;
    terms += 1;
    (groups.at(-1) as SearchTerm[]).push(term);
  }
  return groups.filter((group) => group.length > 0);
}

function termOf(raw: string, quoted: boolean, negated: boolean): SearchTerm | null {
  const words = raw.match(WORD) ?? [];
  if (words.length === 0) return null;
  // `Stoltenb*`: a prefix, when the token is one word followed by a star.
  if (!quoted && words.length === 1 && /^[\p{L}\p{N}]+\*+$/u.test(raw)) {
    return { text: words[0] as string, kind: 'prefix', negated };
  }
  return { text: words.join(' '), kind: 'phrase', negated };
}

/** The words of a query, for prefix search over names (actors): punctuation separates, nothing fails. */
export function searchWords(input: string, limit = 10): string[] {
  return (input.replaceAll('\0', ' ').match(WORD) ?? []).slice(0, limit);
}
