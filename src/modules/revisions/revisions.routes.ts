import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdOrSlugParams, NoQuery, problemResponses, ref } from '../../http/schemas.ts';
import { hasScope } from '../keys/keys.service.ts';
import { RevisionListSchema } from './revisions.schemas.ts';
import { listEventRevisions } from './revisions.service.ts';

export const revisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/events/:id/revisions',
    {
      schema: {
        operationId: 'listEventRevisions',
        summary: 'The revision history of an event',
        description:
          'Every create, update and delete of the event, oldest first, each with the full snapshot the write produced and the time. Deleted events keep their history, readable with a key with `write` scope (401/403 otherwise). The API key behind each write (`api_key_id`) is shown to `admin` keys only; it is null for everyone else.',
        tags: ['events'],
        params: IdOrSlugParams,
        querystring: NoQuery,
        response: {
          200: {
            description: 'The history.',
            content: { 'application/json': { schema: ref(RevisionListSchema) } },
          },
          ...problemResponses(403, 404),
        },
      },
    },
    async (request, reply) => {
      const key = await app.identify(request);
      const data = await listEventRevisions(app.db, request.params.id, {
        requireWriteScope: async () => {
          await app.requireScope('write').call(app, request, reply);
        },
        showsApiKeys: key !== null && hasScope(key, 'admin'),
      });
      return { data, next_cursor: null };
    },
  );
};
