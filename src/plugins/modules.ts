import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { TSchema } from 'typebox';

/** A part of the API, declared in its folder's `<module>.module.ts`: its named schemas and route plugins. */
export interface ApiModule {
  name: string;
  /** The path its routes hang under; `/v1` unless given. */
  prefix?: string;
  /** Named schemas (with `$id`): the components of openapi.json that its routes `$ref`. */
  schemas?: TSchema[];
  routes?: FastifyPluginAsyncTypebox[];
  /** The schemas and routes of its writes, each route plugin a scope of its own (body parsers, auth). */
  writeSchemas?: TSchema[];
  writeRoutes?: FastifyPluginAsyncTypebox[];
}

/**
 * Registers the modules: every schema first, so that any route can `$ref` any module's schema; then the
 * routes. Reads of every module come before the writes of any: openapi.json lists components and paths in
 * registration order, and it is committed, so this order is the document's.
 */
export default fp(
  (app: FastifyInstance, { modules }: { modules: ApiModule[] }, done: (error?: Error) => void) => {
    for (const schema of modules.flatMap((m) => m.schemas ?? [])) app.addSchema(schema);
    for (const schema of modules.flatMap((m) => m.writeSchemas ?? [])) app.addSchema(schema);
    // Not awaited: each route plugin loads after this one, in this order, each within its own load timeout.
    for (const m of modules) {
      for (const routes of m.routes ?? []) app.register(routes, { prefix: m.prefix ?? '/v1' });
    }
    for (const m of modules) {
      for (const routes of m.writeRoutes ?? []) app.register(routes, { prefix: m.prefix ?? '/v1' });
    }
    done();
  },
  { name: 'modules', dependencies: ['error-handler', 'auth', 'openapi'] },
);
