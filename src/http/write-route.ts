import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import type { Db, Scope } from '../db/schema.ts';
import type { WriteCondition, WriteContext } from '../db/transaction.ts';
import { parseIfMatch, versionIfMatched } from './conditional.ts';
import { MERGE_PATCH_TYPE, mergedBodyValidator } from './content-types.ts';
import { idempotentRequest, sendStored } from './idempotency/idempotency.http.ts';
import { runIdempotent } from './idempotency/idempotency.service.ts';
import {
  etagHeader,
  idempotencyKeyHeader,
  ifMatchHeader,
  NoQuery,
  problemResponses,
  ref,
} from './schemas.ts';

// The one way to write a write route: every POST, PATCH and DELETE of the API is made by writeRoutes().
// - Each needs an API key with the resource's scope (401/403 before the body is read) and counts against the
//   per-key write rate limit.
// - POST answers 201 with the representation; with `location`, names it in `Location` and gives its `ETag`.
// - Every one honours `Idempotency-Key`: a retry with the same key and body replays the first response
//   (POST, PATCH and DELETE alike), so that no write route ignores the header.
// - PATCH takes a JSON merge patch (application/merge-patch+json or JSON) and validates the merged document
//   as a POST body is validated; PATCH and DELETE honour `If-Match` (412 on another version).
// - The command writes the change and its revision in one transaction (db/transaction.ts) and throws a
//   Problem on a conflict, which the one error handler sends.
// The route plugin first says which bodies it takes: acceptJsonOnly or acceptJsonAndMergePatch.

type App = Parameters<FastifyPluginAsyncTypebox>[0];

/** How an operation is described in openapi.json. */
export interface OperationDoc {
  operationId: string;
  summary: string;
  description: string;
}

// The commands a write route runs: each writes in one transaction, with its revision.
export type CreateCommand<I, T> = (db: Db, input: I, ctx: WriteContext) => Promise<T>;
/** `validate` checks the merged document as a POST body is checked, and returns it typed. */
export type PatchCommand<I, T> = (
  db: Db,
  id: string,
  patch: unknown,
  condition: WriteCondition & { validate: (document: unknown) => I },
  ctx: WriteContext,
) => Promise<T>;
export type RemoveCommand = (
  db: Db,
  id: string,
  condition: WriteCondition,
  ctx: WriteContext,
) => Promise<unknown>;

/** What the write routes of one resource share. */
export interface WritableResource<S extends TSchema, O extends TSchema> {
  /** The collection, e.g. `/events`; PATCH and DELETE act on `<path>/:id`. */
  path: string;
  tags: string[];
  scope: Scope;
  /** The named schema of a POST body; a patched document must pass it too. */
  input: S;
  /** The representation writes answer with. */
  output: O;
  params?: TSchema;
  /** The ETag of a written representation (sent by POST with `location`, and by PATCH). */
  etag?: (written: Static<O>) => string;
  /**
   * The resource as GET shows it (404 when absent), so that If-Match is compared with the ETag the server
   * made for it: PATCH and DELETE need it.
   */
  current?: (db: Db, id: string) => Promise<Static<O>>;
}

/** The route options that guard a write: the scope it needs and the per-key write rate limit. */
export function writeAccess(app: App, scope: Scope) {
  const max = app.config.RATE_LIMIT_WRITES_PER_MINUTE;
  return {
    // onRequest, not preHandler: an unauthenticated body is never parsed, and 401/403 come before 400.
    onRequest: app.requireScope(scope),
    config: max > 0 ? { rateLimit: { max, timeWindow: '1 minute' } } : {},
  };
}

/** Who is writing, for the revision: the request's API key. */
export function writeContext(request: FastifyRequest): WriteContext {
  return { apiKeyId: request.apiKey?.id ?? null };
}

/** The write routes of a resource: `create`, `patch` and `remove` each add one. */
export function writeRoutes<S extends TSchema, O extends TSchema>(
  app: App,
  resource: WritableResource<S, O>,
) {
  type T = Static<O>;
  const inputId = (resource.input as { $id?: string }).$id;
  if (!inputId) throw new Error(`${resource.path}: the input schema needs an $id`);
  const itemPath = `${resource.path}/:id`;
  const etagOf = (written: T) => {
    if (!resource.etag) throw new Error(`${resource.path}: writes that send an ETag need resource.etag`);
    return resource.etag(written);
  };
  /** What every write route's schema says: its docs, the key it needs, that it takes no query. */
  const operation = (doc: OperationDoc, parts: Record<string, unknown>) => {
    const access = writeAccess(app, resource.scope);
    return {
      ...access,
      config: { ...access.config, honoursIdempotencyKey: true },
      schema: { ...doc, tags: resource.tags, security: [{ bearerKey: [] }], ...parts },
    };
  };
  /** The path and If-Match of a write to one resource, with the statuses they bring (404, 412). */
  const conditional = (problems: number[]) => ({
    params: resource.params,
    headers: Type.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
    querystring: NoQuery,
    problems: [401, 403, 404, 412, 422, ...problems],
  });
  const condition = async (request: FastifyRequest) => {
    const id = (request.params as { id: string }).id;
    const ifMatch = parseIfMatch(request.headers['if-match']);
    const expectedVersion = await versionIfMatched(ifMatch, async () => {
      if (!resource.current) throw new Error(`${resource.path}: conditional writes need resource.current`);
      const current = await resource.current(app.db, id);
      return { etag: etagOf(current), version: (current as { version: number }).version };
    });
    return { id, condition: { expectedVersion } };
  };

  return {
    /**
     * POST `<path>`: creates from the body, 201. With `location`, names the new resource in `Location` and
     * sends its ETag. `problems`: statuses beyond 401, 403, 413, 415.
     */
    create(
      route: OperationDoc & {
        created: string;
        location?: { description: string; of: (created: T) => string };
        problems: number[];
        run: CreateCommand<Static<S>, T>;
      },
    ): void {
      const { created, location, problems, run, ...doc } = route;
      app.post(
        resource.path,
        operation(doc, {
          headers: Type.Object(idempotencyKeyHeader),
          querystring: NoQuery,
          body: ref(resource.input),
          response: {
            201: {
              description: created,
              ...(location
                ? {
                    headers: {
                      location: { type: 'string', description: location.description },
                      ...etagHeader,
                    },
                  }
                : {}),
              content: { 'application/json': { schema: resource.output } },
            },
            ...problemResponses(401, 403, 413, 415, 422, ...problems),
          },
        }),
        async (request, reply) => {
          const stored = await runIdempotent(app.db, idempotentRequest(request), async (db) => {
            const written = await run(db, request.body as Static<S>, writeContext(request));
            const headers: Record<string, string> = location
              ? { location: location.of(written), etag: etagOf(written) }
              : {};
            return { status: 201, body: written, headers };
          });
          return sendStored(reply, stored);
        },
      );
    },

    /**
     * PATCH `<path>/:id`: a JSON merge patch (`body` documents it) of the input representation; 200 with the
     * result and its ETag. `problems`: statuses beyond 401, 403, 404, 412, 413, 415.
     */
    patch(
      route: OperationDoc & {
        body: TSchema;
        updated: string;
        problems: number[];
        run: PatchCommand<Static<S>, T>;
      },
    ): void {
      const { body, updated, problems, run, ...doc } = route;
      const { problems: statuses, ...where } = conditional([413, 415, ...problems]);
      app.patch(
        itemPath,
        operation(doc, {
          ...where,
          consumes: [MERGE_PATCH_TYPE, 'application/json'],
          body,
          response: {
            200: {
              description: updated,
              headers: etagHeader,
              content: { 'application/json': { schema: resource.output } },
            },
            ...problemResponses(...statuses),
          },
        }),
        async (request, reply) => {
          const { id, condition: wanted } = await condition(request);
          const validate = mergedBodyValidator<Static<S>>(request, { $ref: inputId });
          const stored = await runIdempotent(app.db, idempotentRequest(request), async (db) => {
            const written = await run(db, id, request.body, { ...wanted, validate }, writeContext(request));
            return { status: 200, body: written, headers: { etag: etagOf(written) } };
          });
          return sendStored(reply, stored);
        },
      );
    },

    /** DELETE `<path>/:id`: an empty 204. `problems`: statuses beyond 401, 403, 404, 412. */
    remove(
      route: OperationDoc & {
        problems: number[];
        run: RemoveCommand;
      },
    ): void {
      const { problems, run, ...doc } = route;
      const { problems: statuses, ...where } = conditional(problems);
      app.delete(
        itemPath,
        operation(doc, {
          ...where,
          response: { 204: { description: 'Deleted.', type: 'null' }, ...problemResponses(...statuses) },
        }),
        async (request, reply) => {
          const { id, condition: wanted } = await condition(request);
          const stored = await runIdempotent(app.db, idempotentRequest(request), async (db) => {
            await run(db, id, wanted, writeContext(request));
            return { status: 204, body: null, headers: {} };
          });
          reply.code(204).headers(stored.headers);
          if (stored.replayed) reply.header('idempotent-replayed', 'true');
          // Resolving with nothing after code(204) sends an empty 204 (no `null` body).
        },
      );
    },
  };
}
