import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidField } from '../problem.ts';
import { type IdempotentRequest, requestFingerprint, type StoredResponse } from './idempotency.service.ts';

/** The idempotency identity of a write request, or undefined when it carries no Idempotency-Key. */
export function idempotentRequest(request: FastifyRequest): IdempotentRequest | undefined {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || !request.apiKey) return undefined;
  return {
    apiKeyId: request.apiKey.id,
    key,
    // The path as sent (`/v1/events/<id>`), not the route's pattern: the same key and body on two
    // resources are two requests.
    fingerprint: requestFingerprint(request.method, request.url.split('?')[0] ?? request.url, request.body),
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

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route replays its first response to a retry with the same Idempotency-Key (write-route.ts). */
    honoursIdempotencyKey?: boolean;
  }
}

/**
 * A request with `Idempotency-Key` to a route that does not honour it is a 400, never a header silently
 * ignored (the client would believe a retry safe). Checked before the handler, after the route's own checks.
 */
export function refuseUnhonouredIdempotencyKeys(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (request.headers['idempotency-key'] === undefined) return;
    if (request.routeOptions.config?.honoursIdempotencyKey) return;
    throw invalidField(
      'header',
      'Idempotency-Key',
      `${request.method} ${request.routeOptions.url ?? ''} does not honour Idempotency-Key: send the request without it`,
    );
  });
}
