import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Problem } from './problem.ts';

// Conditional requests (RFC 9110 §13): an ETag names the version of a representation; If-Match makes a
// write happen only on the version the client read (else 412); If-None-Match answers 304 when unchanged.

/** A validator that is the version alone: `"3"`. */
export function versionEtag(resource: { version: number }): string {
  return `"${resource.version}"`;
}

/** A strong validator of the whole representation, `"3-<digest>"`; If-Match is checked on its version. */
export function versionDigestEtag(resource: { version: number }): string {
  const digest = createHash('sha256').update(JSON.stringify(resource)).digest('base64url').slice(0, 16);
  return `"${resource.version}-${digest}"`;
}

/**
 * What If-Match asks for: nothing (absent), any current version (`*`), or one of a list of ETags. Only
 * strong ETags can match (RFC 9110 §13.1.1 compares strongly): weak ones (`W/"3"`) are kept aside so that
 * they match nothing, which is a 412. Text that is not a list of entity tags is a 400.
 */
export type IfMatch = { kind: 'none' } | { kind: 'any' } | { kind: 'tags'; strong: string[] };

const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7E]*"$/;

export function parseIfMatch(ifMatch: string | undefined): IfMatch {
  if (ifMatch === undefined) return { kind: 'none' };
  if (ifMatch.trim() === '*') return { kind: 'any' };
  const tags = ifMatch.split(',').map((tag) => tag.trim());
  if (tags.length === 0 || tags.some((tag) => !ENTITY_TAG.test(tag))) {
    throw new Problem(
      'validation',
      'If-Match: give the ETag of the resource as you last read it, e.g. "3-…"',
      [{ detail: 'not an entity tag, a list of them, or *', pointer: '/If-Match', in: 'header' }],
    );
  }
  return { kind: 'tags', strong: tags.filter((tag) => !tag.startsWith('W/')) };
}

/**
 * The version a conditional write must find, given the resource's current ETag and version: undefined for
 * no condition; the current version when If-Match names exactly the current ETag (the write then checks in
 * its transaction that nobody wrote in between); otherwise a 412. An ETag this server did not make (a weak
 * one, a version without its digest, one of another version) never matches.
 */
export function versionIfMatched(
  ifMatch: IfMatch,
  current: () => Promise<{ etag: string; version: number }>,
): Promise<number | undefined> | number | undefined {
  if (ifMatch.kind !== 'tags') return undefined;
  return current().then(({ etag, version }) => {
    if (ifMatch.strong.includes(etag)) return version;
    throw new Problem(
      'preconditionFailed',
      `If-Match does not name the current version (ETag ${etag}): read the resource again, reapply your change and send its ETag`,
      [{ detail: 'not the current strong ETag of the resource', pointer: '/If-Match', in: 'header' }],
    );
  });
}

/** Whether If-None-Match names this ETag (or `*`), so that the answer is a 304. */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  // If-None-Match compares weakly (RFC 9110 §13.1.2): W/"…" matches the strong tag of the same value.
  const matches = (tag: string) => tag === '*' || tag.replace(/^W\//, '') === etag;
  return ifNoneMatch?.split(',').some((tag) => matches(tag.trim())) ?? false;
}

/**
 * A 304: no body and no Content-Length. Sending `null` would serialize as the four bytes `null` (announced in
 * Content-Length: 4, then dropped by Node); with no payload at all Fastify sends neither.
 */
export function notModified(reply: FastifyReply): FastifyReply {
  return reply.code(304).removeHeader('content-type').send();
}
