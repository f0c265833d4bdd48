import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Scope } from '../db/schema.ts';
import { Problem } from '../http/problem.ts';
import { postgresRateLimitStore, sweepEndedWindows } from '../http/rate-limit/rate-limit.store.ts';
import { type ApiKeyIdentity, authenticateToken, hasScope } from '../modules/keys/keys.service.ts';
import { AuthFailureLimiter, memoryAuthFailures, postgresAuthFailures } from './auth-failures.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook that lets the request through only with a valid key holding `scope`. */
    requireScope(scope: Scope): onRequestAsyncHookHandler;
    /**
     * The request's API key when it sends one (401 for a bad one), null when it sends none: for reads
     * that show more to some keys (revisions' authors to admin keys).
     */
    identify(request: FastifyRequest): Promise<ApiKeyIdentity | null>;
    /** Drops the keys this process remembers as verified (after a key is revoked). */
    forgetVerifiedKeys(): void;
  }
  interface FastifyRequest {
    /** The API key that authenticated the request, or null for anonymous reads. */
    apiKey: ApiKeyIdentity | null;
  }
}

const REALM = 'realm="timeline"';

/**
 * Bearer API keys (`Authorization: Bearer dtl_…`): 401 for a missing, unknown or revoked key, 403 for one
 * without the scope. Reads under /v1 need any valid key when READS_REQUIRE_KEY is on. Also registers the
 * write rate limit, counted per API key (per IP for requests that have none). An address that presents
 * AUTH_FAILURES_PER_MINUTE bad keys is answered 429 for the rest of that minute, without a key lookup.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('apiKey', null);
    // On the embedded database this process is the folder's only writer (the owner lock: the keys CLI goes
    // through it), so a key it has verified stays valid until it revokes one itself. Remembered, a key needs no
    // lookup while a large import's set-based step holds PGlite's one session for minutes: the import job's
    // status poll then answers from memory. On server PostgreSQL another instance may revoke a key at any
    // moment, so every request looks its key up.
    const verified = app.database.kind === 'embedded' ? new Map<string, ApiKeyIdentity>() : undefined;
    // Keys are looked up (and rate-limit hits counted) on the primary even for reads served by a replica: a
    // revoked key stops working at once, and a replica cannot write.
    const keysDb = app.database.primary ?? app.db;
    // Counters in PostgreSQL on server PostgreSQL, so N instances allow each limit once (RATE_LIMIT_STORE); the
    // embedded database serves one process, whose memory is the cheaper store. Failed authentications too.
    const shared =
      app.config.RATE_LIMIT_STORE === 'postgres' ||
      (app.config.RATE_LIMIT_STORE === 'auto' && app.database.kind === 'postgres');
    const failureLimit = app.config.AUTH_FAILURES_PER_MINUTE;
    const failures = shared
      ? postgresAuthFailures(keysDb, failureLimit)
      : memoryAuthFailures(new AuthFailureLimiter(failureLimit));
    // A lookup that began before a revocation must not put its key back after the revocation cleared the map.
    let revocations = 0;
    app.decorate('forgetVerifiedKeys', () => {
      revocations += 1;
      verified?.clear();
    });

    async function authenticate(request: FastifyRequest): Promise<ApiKeyIdentity> {
      if (request.apiKey) return request.apiKey;
      const header = request.headers.authorization;
      if (!header) {
        throw new Problem(
          'unauthorized',
          'This operation needs an API key: send `Authorization: Bearer <key>` (keys come from `npm run keys -- create`)',
          undefined,
          { 'www-authenticate': `Bearer ${REALM}` },
        );
      }
      const waitMs = await failures.retryAfterMs(request.ip);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new Problem(
          'tooManyRequests',
          `Too many failed authentications from this address: at most ${failures.limit} per minute; retry in ${seconds} s with a valid key`,
          undefined,
          { 'retry-after': String(seconds) },
        );
      }
      const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      const digest = token && verified ? createHash('sha256').update(token).digest('base64url') : undefined;
      const known = digest ? verified?.get(digest) : undefined;
      if (known) {
        request.apiKey = known;
        return known;
      }
      const seenRevocations = revocations;
      const result = token
        ? await authenticateToken(keysDb, token)
        : ({ ok: false, reason: 'malformed' } as const);
      if (result.ok && digest && seenRevocations === revocations) verified?.set(digest, result.key);
      if (!result.ok) {
        await failures.recordFailure(request.ip);
        const detail = {
          malformed: 'The Authorization header is not `Bearer <key>` with a key of this API (dtl_…)',
          unknown: 'The API key is not valid: check that it was copied whole',
          revoked: 'The API key has been revoked: ask for a new one',
        }[result.reason];
        throw new Problem('unauthorized', detail, undefined, {
          'www-authenticate': `Bearer ${REALM}, error="invalid_token"`,
        });
      }
      request.apiKey = result.key;
      return result.key;
    }

    app.decorate('identify', async (request: FastifyRequest) =>
      request.headers.authorization === undefined ? request.apiKey : authenticate(request),
    );

    app.decorate('requireScope', (scope: Scope): onRequestAsyncHookHandler => {
      return async (request) => {
        const key = await authenticate(request);
        if (!hasScope(key, scope)) {
          throw new Problem(
            'forbidden',
            `This operation needs an API key with scope "${scope}"; this key has ${key.scopes.length ? key.scopes.map((s) => `"${s}"`).join(', ') : 'read access only'}`,
            undefined,
            { 'www-authenticate': `Bearer ${REALM}, error="insufficient_scope", scope="${scope}"` },
          );
        }
      };
    });

    if (app.config.READS_REQUIRE_KEY) {
      app.addHook('onRequest', async (request) => {
        const isRead = request.method === 'GET' || request.method === 'HEAD';
        if (isRead && request.routeOptions.url?.startsWith('/v1/')) await authenticate(request);
      });
    }

    // Reads under /v1 get the read limit; CSV/NDJSON exports, which stream whole results, a lower one of
    // their own. Added before the rate-limit plugin so that its onRoute hook sees the config.
    const readMax = app.config.RATE_LIMIT_READS_PER_MINUTE;
    const exportMax = app.config.RATE_LIMIT_EXPORTS_PER_MINUTE;
    app.addHook('onRoute', (route) => {
      const methods = [route.method].flat();
      if (
        !route.url.startsWith('/v1/') ||
        !methods.includes('GET') ||
        route.config?.rateLimit ||
        readMax === 0
      )
        return;
      route.config = {
        ...route.config,
        rateLimit: {
          timeWindow: '1 minute',
          keyGenerator: (request: FastifyRequest) =>
            `${identity(request)}${isExport(request) ? ':export' : ':read'}`,
          max: (_request: FastifyRequest, key: string) =>
            key.endsWith(':export') && exportMax > 0 ? exportMax : readMax,
        },
      };
    });

    if (shared) {
      const stopSweeping = sweepEndedWindows(keysDb, 60_000);
      app.addHook('onClose', async () => stopSweeping());
    }
    await app.register(rateLimit, {
      ...(shared ? { store: postgresRateLimitStore(keysDb) } : {}),
      global: false,
      keyGenerator: (request) => identity(request),
      errorResponseBuilder: (request, context) =>
        new Problem(
          'tooManyRequests',
          `Too many ${request.method === 'GET' ? (isExport(request) ? 'exports' : 'reads') : 'writes'}: at most ${context.max} per minute per API key (or address); retry in ${context.after}`,
        ),
    });
  },
  { name: 'auth', dependencies: ['error-handler'] },
);

function identity(request: FastifyRequest): string {
  return request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`;
}

/** A request for a whole-result export (CSV or NDJSON), by its path, `format=` or `Accept`. */
function isExport(request: FastifyRequest): boolean {
  if (/\.(csv|ndjson)$/.test(request.routeOptions.url ?? '')) return true;
  const format = (request.query as { format?: unknown } | undefined)?.format;
  if (format === 'csv' || format === 'ndjson') return true;
  if (format !== undefined) return false;
  return /text\/csv|ndjson/i.test(request.headers.accept ?? '');
}
