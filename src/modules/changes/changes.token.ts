import { Problem } from '../../http/problem.ts';

/**
 * A place in the change feed: the writing transaction's id and the revision's id, both 64-bit and kept as
 * decimal strings. The feed is ordered by this pair (see changes.queries.ts for why that is commit-safe).
 */
export interface FeedPosition {
  xact: string;
  id: string;
}

/** Before every change: a feed read from here starts at the first write ever made. */
export const FEED_START: FeedPosition = { xact: '0', id: '0' };

const POSITION = /^(0|[1-9]\d{0,19})\.(0|[1-9]\d{0,19})$/;

/** The opaque token clients hold: base64url, so they keep it as it is rather than parse it. */
export function encodeToken({ xact, id }: FeedPosition): string {
  return Buffer.from(`${xact}.${id}`).toString('base64url');
}

/** Reads a token given in `where` (`/since` of the query, `/Last-Event-ID` of the headers). */
export function decodeToken(token: string, where: { pointer: string; in: 'query' | 'header' }): FeedPosition {
  const [, xact, id] = POSITION.exec(Buffer.from(token, 'base64url').toString('latin1')) ?? [];
  if (xact === undefined || id === undefined || encodeToken({ xact, id }) !== token) {
    const detail = 'not a change token: pass a `next_token` or an event `id` the feed gave, unchanged';
    throw new Problem('validation', `${where.pointer.slice(1)}: ${detail}`, [{ detail, ...where }]);
  }
  return { xact, id };
}
