// Texts PostgreSQL cannot store: a NUL character, and UTF-16 surrogates that are not a pair (they have no
// UTF-8 form). Found at the edge, as errors naming the field, so that no row ever reaches the database with one.

const NUL = String.fromCharCode(0);
const UNSTORABLE = new RegExp(
  `${NUL}|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]`,
);

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function hasUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (Array.isArray(value)) return value.some(hasUnstorable);
  if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (UNSTORABLE.test(key) || hasUnstorable((value as Record<string, unknown>)[key])) return true;
    }
  }
  return false;
}

/** Every string (member names included) that cannot be stored, as `{ pointer, detail }`. */
export function unstorableTexts(value: unknown, pointer = ''): { pointer: string; detail: string }[] {
  // Rows are almost always clean: a check that allocates nothing first.
  if (pointer === '' && !hasUnstorable(value)) return [];
  if (typeof value === 'string') {
    const found = UNSTORABLE.exec(value);
    if (!found) return [];
    return [
      {
        pointer,
        detail:
          found[0] === NUL
            ? 'contains a NUL character (\\u0000): remove it'
            : 'contains an unpaired UTF-16 surrogate: the text is not valid Unicode; fix its encoding',
      },
    ];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableTexts(item, `${pointer}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const at = `${pointer}/${escapePointer(key)}`;
      return [...(UNSTORABLE.test(key) ? unstorableTexts(key, at) : []), ...unstorableTexts(item, at)];
    });
  }
  return [];
}
