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

/** The language for one-language outputs: `lang=` wins, else the first usable Accept-Language tag, else English. */
export function chooseLanguage(lang: string | undefined, acceptLanguage: string | undefined): string {
  if (lang) return lang.toLowerCase();
  const first = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      // `de;q=0.9` and `de; q=0.9` alike (RFC 9110 allows white space around the semicolon).
      const [tag = '', ...params] = part.split(';').map((p) => p.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q.slice(2)) };
    })
    .filter((l) => l.tag && l.tag !== '*' && l.q > 0)
    .sort((a, b) => b.q - a.q)[0];
  return first ? (first.tag.split('-')[0] ?? 'en') : 'en';
}

/** One text of a language map: the wanted language, else English, else the first there is. */
export function pickLanguage(map: Record<string, string>, lang: string): string {
  return map[lang] ?? map[lang.split('-')[0] ?? ''] ?? map.en ?? Object.values(map)[0] ?? '';
}
