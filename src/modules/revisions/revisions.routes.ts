import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdOrSlugParams, NoQuery, problemResponses, ref } from '../../http/schemas.ts';
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
          'Every create, update and delete of the event, oldest first, each with the full snapshot the write produced, the time and the API key that made it. Deleted events keep their history.',
        tags: ['events'],
        params: IdOrSlugParams,
        querystring: NoQuery,
        response: {
          200: {
            description: 'The history.',
            content: { 'application/json': { schema: ref(RevisionListSchema) } },
          },
          ...problemResponses(404),
        },
      },
    },
    async (request) => ({ data: await listEventRevisions(app.db, request.params.id), next_cursor: null }),
  );
};
