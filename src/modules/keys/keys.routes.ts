import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalidField } from '../../http/problem.ts';
import { problemResponses, ref } from '../../http/schemas.ts';
import { writeAccess } from '../../http/write-route.ts';
import {
  ApiKeyInputSchema,
  ApiKeyListSchema,
  ApiKeyRevocationSchema,
  CreatedApiKeySchema,
} from './keys.schemas.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './keys.service.ts';

const KeyParams = Type.Object({
  id: Type.String({
    pattern:
      '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(dtl_)?[0-9a-f]{12})$',
    description: "The key's id, or its prefix (`3f9c2a41b0de` or `dtl_3f9c2a41b0de`).",
  }),
});
const NoQuery = Type.Object({}, { additionalProperties: false });

/** Keys and their secrets are never cached, by the browser or on the way. */
const NO_STORE = 'no-store';

/** Managing API keys over HTTP, with an admin key: while a server holds the data folder, the only way. */
export const keyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/keys',
    {
      ...writeAccess(app, 'admin'),
      // A replay would have to store the secret to answer again; it is never stored, so a retry is refused
      // rather than silently creating a second key.
      preValidation: async (request) => {
        if (request.headers['idempotency-key'] !== undefined) {
          throw invalidField(
            'header',
            'Idempotency-Key',
            'creating a key is not replayed (its secret is never stored): send the request without Idempotency-Key, and revoke any key a failed attempt may have made (GET /v1/keys lists them)',
          );
        }
      },
      schema: {
        operationId: 'createApiKey',
        summary: 'Create an API key',
        description:
          'Makes a key with the given scopes and answers with its secret token, once: only a hash is stored. Needs an `admin` key. `Idempotency-Key` is refused (400), since the answer cannot be replayed.',
        tags: ['keys'],
        security: [{ bearerKey: [] }],
        querystring: NoQuery,
        body: ref(ApiKeyInputSchema),
        response: {
          201: {
            description: 'Created; `Location` names the key. Store `token` now.',
            headers: { location: { type: 'string', description: '/v1/keys/{id}' } },
            content: { 'application/json': { schema: ref(CreatedApiKeySchema) } },
          },
          ...problemResponses(401, 403, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const created = await createApiKey(app.db, request.body);
      return reply
        .code(201)
        .header('location', `/v1/keys/${created.key.id}`)
        .header('cache-control', NO_STORE)
        .send(created);
    },
  );

  app.get(
    '/keys',
    {
      ...writeAccess(app, 'admin'),
      schema: {
        operationId: 'listApiKeys',
        summary: 'List API keys',
        description:
          'Every key with its scopes, prefix and revocation time; never a secret. Needs an `admin` key.',
        tags: ['keys'],
        security: [{ bearerKey: [] }],
        querystring: NoQuery,
        response: { 200: ref(ApiKeyListSchema), ...problemResponses(401, 403) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', NO_STORE);
      return { data: await listApiKeys(app.db) };
    },
  );

  app.delete(
    '/keys/:id',
    {
      ...writeAccess(app, 'admin'),
      schema: {
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        description:
          'Revokes the key at once (keys are checked on every request). The key stays listed with its `revoked_at`; revoking twice is harmless. Needs an `admin` key.',
        tags: ['keys'],
        security: [{ bearerKey: [] }],
        params: KeyParams,
        querystring: NoQuery,
        response: { 200: ref(ApiKeyRevocationSchema), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { key, alreadyRevoked } = await revokeApiKey(app.db, request.params.id);
      app.forgetVerifiedKeys();
      reply.header('cache-control', NO_STORE);
      return { key, already_revoked: alreadyRevoked };
    },
  );
};
