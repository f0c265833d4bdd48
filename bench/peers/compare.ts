import { isDeepStrictEqual } from 'node:util';

/**
 * What the comparison leaves out of an answer before checking that two servers agree. Everything not named
 * here must be equal, key order included (the API writes its keys in its schema's order, and so must a peer).
 */
export interface Normalisation {
  /** `next_cursor` is each server's own opaque token: only whether there is one is compared. */
  cursor: boolean;
  /** `date.display` of every event: display strings made by date-fns, which Platformatic has no way to make. */
  display: boolean;
  /** `duration` of every gap (date-fns intervalToDuration vs PostgreSQL's age(): they borrow days differently). */
  duration: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function normalise(value: Json, rules: Normalisation): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => normalise(item, rules));
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) {
    if (rules.cursor && key === 'next_cursor') out[key] = item === null ? null : '(a cursor)';
    else if (rules.duration && key === 'duration' && typeof item === 'object') continue;
    else if (rules.display && key === 'date' && item && typeof item === 'object' && !Array.isArray(item)) {
      const { display: _display, ...date } = item;
      out[key] = normalise(date, rules);
    } else out[key] = normalise(item, rules);
  }
  return out;
}

/** Keys in order, so that `{a, b}` and `{b, a}` differ, as they do on the wire. */
function ordered(value: Json): string {
  return JSON.stringify(value);
}

export interface Difference {
  /** JSON pointer of the first difference. */
  pointer: string;
  expected: string;
  actual: string;
}

/** The first place where `actual` differs from `expected` after normalisation, or null when they agree. */
export function firstDifference(expected: Json, actual: Json, rules: Normalisation): Difference | null {
  const a = normalise(expected, rules);
  const b = normalise(actual, rules);
  if (ordered(a) === ordered(b)) return null;
  return locate(a, b, '');
}

function locate(a: Json, b: Json, pointer: string): Difference {
  const show = (v: Json | undefined) => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 200));
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) {
        return { pointer, expected: `${a.length} items`, actual: `${b.length} items` };
      }
      for (let i = 0; i < a.length; i++) {
        if (!isDeepStrictEqual(a[i], b[i]) || ordered(a[i] as Json) !== ordered(b[i] as Json))
          return locate(a[i] as Json, b[i] as Json, `${pointer}/${i}`);
      }
    } else {
      const ak = Object.keys(a as object);
      const bk = Object.keys(b as object);
      if (ak.join() !== bk.join())
        return { pointer, expected: `keys ${ak.join()}`, actual: `keys ${bk.join()}` };
      for (const k of ak) {
        const x = (a as Record<string, Json>)[k] as Json;
        const y = (b as Record<string, Json>)[k] as Json;
        if (ordered(x) !== ordered(y)) return locate(x, y, `${pointer}/${k}`);
      }
    }
  }
  return { pointer, expected: show(a), actual: show(b) };
}
