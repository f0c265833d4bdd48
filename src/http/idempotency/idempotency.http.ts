import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type IdempotentRequest, requestFingerprint, type StoredResponse } from './idempotency.service.ts';

export const idempotencyKeyHeader = {
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'Makes a retry safe: the same key with the same body (within 24 h, per API key) replays the first response instead of creating again; with another body it is a 422. Use a fresh random value (e.g. a UUID) per intended write.',
    }),
  ),
};

/** The idempotency identity of a write request, or undefined when it carries no Idempotency-Key. */
export function idempotentRequest(request: FastifyRequest): IdempotentRequest | undefined {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || !request.apiKey) return undefined;
  return {
    apiKeyId: request.apiKey.id,
    key,
    fingerprint: requestFingerprint(request.method, request.routeOptions.url ?? request.url, request.body),
  };
}

/** Sends a stored (or just produced) response; a replay says so in `Idempotent-Replayed`. */
export function sendStored(
  reply: FastifyReply,
  response: StoredResponse & { replayed: boolean },
): FastifyReply {
  reply.code(response.status).headers(response.headers);
  if (response.replayed) reply.header('idempotent-replayed', 'true');
  return reply.send(response.body);
}
