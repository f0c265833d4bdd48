import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { daysInMonth, parseDay } from '../domain/calendar.ts';
import { Problem } from './problem.ts';
import { SLUG_PATTERN } from './schemas.ts';

/**
 * Opaque page cursors: the keyset position plus a digest of the query it belongs to, signed with HMAC so
 * that a tampered cursor, or one from another query, is refused instead of silently skipping rows.
 */
export interface CursorCodec {
  encode(position: (string | number)[], queryKey: string): string;
  /** The position in a cursor, which must have the `shape` the list writes (e.g. `['string', 'string']`). */
  decode<const S extends readonly PositionSlot[]>(cursor: string, queryKey: string, shape: S): Position<S>;
}

/**
 * What one value of a position is. A cursor is signed, but the secret may be the development default or may
 * leak, so its content is untrusted input all the same: each value is checked for its type AND its form
 * before it reaches SQL (a `day` that is not a calendar day would be a PostgreSQL error, a 500).
 * - `day`: a day as PostgreSQL writes a `date` (`2019-07-05`, `0044-03-15 BC`, `-infinity`), a real one;
 * - `uuid`: a UUID; `slug`: a readable id (`nato-russia-council`);
 * - `count`: a whole number from 0 to 2^31 - 1 (a number of days).
 */
export type PositionSlot = 'day' | 'uuid' | 'slug' | 'count';
/** A keyset position of the given shape: `['count', 'day']` is a `[number, string]`. */
export type Position<S extends readonly PositionSlot[]> = {
  -readonly [K in keyof S]: S[K] extends 'count' ? number : string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = new RegExp(SLUG_PATTERN);

function isPgDay(value: string): boolean {
  if (value === 'infinity' || value === '-infinity') return true;
  if (value.length > 20) return false;
  try {
    const { year, month, day } = parseDay(value);
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  } catch {
    return false;
  }
}

/** Whether a decoded value is of its slot's type and form. */
export function fitsSlot(value: unknown, slot: PositionSlot): boolean {
  switch (slot) {
    case 'count':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2 ** 31 - 1;
    case 'day':
      return typeof value === 'string' && isPgDay(value);
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'slug':
      return typeof value === 'string' && value.length <= 120 && SLUG.test(value);
  }
}

export function createCursorCodec(secret: string): CursorCodec {
  const sign = (payload: string) =>
    createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
  const digest = (queryKey: string) => createHash('sha256').update(queryKey).digest('base64url').slice(0, 12);
  return {
    encode(position, queryKey) {
      const payload = Buffer.from(JSON.stringify({ p: position, q: digest(queryKey) })).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    decode(cursor, queryKey, shape) {
      const [payload, signature, extra] = cursor.split('.');
      const expected = Buffer.from(payload ? sign(payload) : '');
      // Compared as bytes: a signature of as many characters but non-ASCII ones is longer in bytes, and
      // timingSafeEqual throws (a 500) on buffers of different lengths.
      const given = Buffer.from(signature ?? '');
      if (
        !payload ||
        !signature ||
        extra !== undefined ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected)
      ) {
        throw badCursor('it was modified or is not a cursor of this API');
      }
      const decoded = parsePayload(payload);
      if (!Array.isArray(decoded.p)) throw badCursor('it is malformed');
      if (decoded.q !== digest(queryKey)) {
        throw badCursor(
          'it belongs to another query: keep the same filters and order while paging, or drop the cursor',
        );
      }
      const position = decoded.p;
      if (
        position.length !== shape.length ||
        position.some((value, i) => !fitsSlot(value, shape[i] as PositionSlot))
      ) {
        throw badCursor('its position is not one this list writes: drop the cursor and start again');
      }
      return position as Position<typeof shape>;
    },
  };
}

/** The signed JSON of a cursor; anything but an object is malformed. */
function parsePayload(payload: string): { p?: unknown; q?: unknown } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('it is malformed');
  }
  if (decoded === null || typeof decoded !== 'object') throw badCursor('it is malformed');
  return decoded as { p?: unknown; q?: unknown };
}

function badCursor(reason: string): Problem {
  return new Problem('badCursor', `cursor: ${reason}`, [{ detail: reason, pointer: '/cursor', in: 'query' }]);
}

/**
 * A keyset page from the `limit + 1` rows its query read: the first `limit`, and when more followed, the
 * cursor of the next page (made from the page's last row).
 */
export function pageOf<R>(
  rows: R[],
  limit: number,
  cursorAfter: (last: R) => string,
): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? cursorAfter(last) : null };
}
