import type { FastifyReply, FastifyRequest } from 'fastify';
import { type IdempotentRequest, requestFingerprint, type StoredResponse } from './idempotency.service.ts';

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
