import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Problem } from './problem.ts';

/**
 * Opaque page cursors: the keyset position plus a digest of the query it belongs to, signed with HMAC so
 * that a tampered cursor, or one from another query, is refused instead of silently skipping rows.
 */
export interface CursorCodec {
  encode(position: (string | number)[], queryKey: string): string;
  /** The position in a cursor, which must have the `shape` the list writes (e.g. `['string', 'string']`). */
  decode<const S extends readonly PositionSlot[]>(cursor: string, queryKey: string, shape: S): Position<S>;
}

type PositionSlot = 'string' | 'number';
/** A keyset position of the given shape: `['number', 'string']` is a `[number, string]`. */
export type Position<S extends readonly PositionSlot[]> = {
  -readonly [K in keyof S]: S[K] extends 'number' ? number : string;
};

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
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        p?: unknown;
        q?: unknown;
      };
      if (!Array.isArray(decoded.p)) throw badCursor('it is malformed');
      if (decoded.q !== digest(queryKey)) {
        throw badCursor(
          'it belongs to another query: keep the same filters and order while paging, or drop the cursor',
        );
      }
      const position = decoded.p;
      if (position.length !== shape.length || position.some((value, i) => typeof value !== shape[i])) {
        throw badCursor('it is malformed');
      }
      return position as Position<typeof shape>;
    },
  };
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
