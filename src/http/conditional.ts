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

/** The version If-Match asks for; undefined when absent or `*` (no check). A malformed one is a 400. */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const match = /^(?:W\/)?"(\d+)(?:-[\w-]*)?"$/.exec(ifMatch.trim());
  if (!match) {
    throw new Problem('validation', 'If-Match: give the ETag of the event as you last read it, e.g. "3-…"', [
      { detail: 'not an ETag of this API', pointer: '/If-Match', in: 'header' },
    ]);
  }
  return Number(match[1]);
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
