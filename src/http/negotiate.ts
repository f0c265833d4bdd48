import { Problem } from './problem.ts';

export type ListFormat = 'json' | 'csv' | 'ndjson' | 'timelinejs';

const MEDIA_TYPES: Record<string, ListFormat> = {
  'application/json': 'json',
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/vnd.timelinejs+json': 'timelinejs',
};

/** The response format: `format=` wins; else the best acceptable media type of `Accept`; else JSON. */
export function chooseFormat(format: ListFormat | undefined, accept: string | undefined): ListFormat {
  if (format) return format;
  if (!accept || accept.trim() === '') return 'json';
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (range.type === '*/*' || range.type === 'application/*' || range.type === 'application/problem+json')
      return 'json';
    const found = MEDIA_TYPES[range.type];
    if (found) return found;
    if (range.type === 'text/*') return 'csv';
  }
  throw new Problem(
    'notAcceptable',
    'None of the media types in Accept can be produced: ask for application/json, text/csv or application/x-ndjson (or use format=)',
  );
}

/** How the language of an answer was chosen: `lang=` given (explicit), else from Accept-Language or the default. */
export interface ChosenLanguage {
  lang: string;
  explicit: boolean;
}

/**
 * The supported language a tag stands for: itself, else its primary subtag (`de-AT` → `de`), else none.
 * Tags compare case-insensitively (RFC 5646 §2.1.1).
 */
export function supportedLanguage(tag: string, supported: readonly string[]): string | undefined {
  const lower = tag.trim().toLowerCase();
  if (supported.includes(lower)) return lower;
  const primary = lower.split('-')[0] ?? '';
  return supported.includes(primary) ? primary : undefined;
}

/**
 * The language of one-language texts (CSV, TimelineJS, a trimmed JSON page). `lang=` wins and must name a
 * supported language (or a regional form of one: `de-AT` reads German), else the request is a 400 that lists
 * them. Without it, the supported language Accept-Language ranks highest (q-values, then order; a region
 * falls back to its language; `*` or nothing usable means the default, English).
 */
export function chooseLanguage(
  lang: string | undefined,
  acceptLanguage: string | undefined,
  supported: readonly string[],
): ChosenLanguage {
  if (lang !== undefined) {
    const found = supportedLanguage(lang, supported);
    if (found) return { lang: found, explicit: true };
    throw new Problem('validation', `lang: "${lang}" is not supported; use one of ${supported.join(', ')}`, [
      {
        detail: `unsupported language; supported: ${supported.join(', ')}`,
        pointer: '/lang',
        in: 'query',
      },
    ]);
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      // `de;q=0.9` and `de; q=0.9` alike (RFC 9110 allows white space around the semicolon).
      const [tag = '', ...params] = part.split(';').map((p) => p.trim());
      const q = params.find((p) => p.toLowerCase().startsWith('q='));
      return { tag, q: q === undefined ? 1 : Number(q.slice(2)), index };
    })
    .filter((l) => l.tag && l.q > 0 && !Number.isNaN(l.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === '*') break;
    const found = supportedLanguage(tag, supported);
    if (found) return { lang: found, explicit: false };
  }
  return { lang: supported.includes('en') ? 'en' : (supported[0] ?? 'en'), explicit: false };
}

/** The entry of a language map a reader of `lang` gets: that language, else its primary one, else English, else the first. */
export function pickLanguageEntry(map: Record<string, string>, lang: string): [string, string] | undefined {
  for (const key of [lang, lang.split('-')[0] ?? '', 'en']) {
    const text = map[key];
    if (text !== undefined) return [key, text];
  }
  return Object.entries(map)[0];
}

/** One text of a language map: the wanted language, else English, else the first there is. */
export function pickLanguage(map: Record<string, string>, lang: string): string {
  return pickLanguageEntry(map, lang)?.[1] ?? '';
}
