import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

/**
 * A weak validator, `W/"<digest>"`, of what a list answer shows: its body, or (for a streamed export) the
 * numbers that decide it. Weak: compression or a later change of spacing may change the bytes of an
 * equivalent answer.
 */
export function weakDigestEtag(parts: readonly (string | number)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${String(part).length}:${part};`);
  return `W/"${hash.digest('base64url').slice(0, 22)}"`;
}

/** Whether If-None-Match names this ETag (or `*`), so that the answer is a 304. */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  // If-None-Match compares weakly (RFC 9110 §13.1.2): W/"…" and "…" of the same value match.
  const opaque = etag.replace(/^W\//, '');
  const matches = (tag: string) => tag === '*' || tag.replace(/^W\//, '') === opaque;
  return ifNoneMatch?.split(',').some((tag) => matches(tag.trim())) ?? false;
}

/**
 * A 304: no body and no Content-Length. Sending `null` would serialize as the four bytes `null` (announced in
 * Content-Length: 4, then dropped by Node); with no payload at all Fastify sends neither.
 */
export function notModified(reply: FastifyReply): FastifyReply {
  return reply.code(304).removeHeader('content-type').send();
}

/**
 * Sends a list answer with a weak ETag of its body (`body` as sent: text, or its UTF-8 bytes; or an object hashed
 * as its JSON), or a 304 when If-None-Match names it. The headers set before (Cache-Control, Vary, Link) go with
 * either.
 */
export function sendWithBodyEtag(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string | Buffer | object,
) {
  if (Buffer.isBuffer(body)) return sendWithEtag(request, reply, bodyDigestEtag(body), body);
  if (typeof body !== 'string') {
    return sendWithEtag(request, reply, weakDigestEtag([JSON.stringify(body)]), body);
  }
  // A text body (its type set by the caller) is encoded once: the digest and the socket both take the bytes.
  // Hashing the text would encode it to UTF-8 a first time, and sending it a second (a page is ~60 KB).
  const bytes = Buffer.from(body, 'utf8');
  return sendWithEtag(request, reply, bodyDigestEtag(bytes), bytes);
}

/**
 * Sends an object answer of a route with a JSON response schema, serialized once: by the route's own
 * serializer (the bytes Fastify would send), whose text then gives the ETag. `sendWithBodyEtag` with the object
 * would write it twice, once by JSON.stringify for the digest and once by the serializer for the socket.
 */
export function sendSerializedWithBodyEtag(request: FastifyRequest, reply: FastifyReply, body: object) {
  const serialize = reply.getSerializationFunction('200', 'application/json');
  if (!serialize) throw new Error(`${request.routeOptions.url}: no JSON serializer for 200 to send with`);
  reply.type('application/json; charset=utf-8');
  return sendWithBodyEtag(request, reply, serialize(body as Record<string, unknown>));
}

function sendWithEtag(request: FastifyRequest, reply: FastifyReply, etag: string, payload: unknown) {
  reply.header('etag', etag);
  if (isNotModified(request.headers['if-none-match'], etag)) return notModified(reply);
  return reply.send(payload);
}

/** A weak ETag of a body's bytes (like weakDigestEtag, whose parts it does not need: there is one). */
function bodyDigestEtag(bytes: Buffer): string {
  const hash = createHash('sha256').update(bytes);
  return `W/"${hash.digest('base64url').slice(0, 22)}"`;
}

/** The response headers of a list with a validator, for the document. */
export const listValidatorHeaders = {
  etag: {
    type: 'string',
    description:
      'A weak validator of this answer: send it back as If-None-Match, and while nothing the answer shows has changed the reply is a 304 without a body.',
  },
};

/** The 304 of a conditional GET, for the document. */
export const notModifiedResponse = {
  304: { description: 'Not modified: If-None-Match names the current ETag. No body.', type: 'null' },
} as const;
