import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses, ref } from '../../http/schemas.ts';
import { listEventTypeRows } from './event-types.queries.ts';
import { EventTypeListSchema } from './event-types.schemas.ts';

export const eventTypeReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/event-types',
    {
      schema: {
        operationId: 'listEventTypes',
        summary: 'The event-type vocabulary',
        description:
          'Every event type with labels, description and PLOVER category; admins extend it with POST.',
        tags: ['vocabulary'],
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: ref(EventTypeListSchema), ...problemResponses() },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return { data: await listEventTypeRows(app.db), next_cursor: null };
    },
  );
};
