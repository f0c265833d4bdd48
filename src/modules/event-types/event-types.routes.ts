import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { acceptJsonOnly } from '../../http/content-types.ts';
import { NoQuery, problemResponses, ref } from '../../http/schemas.ts';
import { writeRoutes } from '../../http/write-route.ts';
import { createEventType } from './event-types.commands.ts';
import { listEventTypeRows } from './event-types.queries.ts';
import { EventTypeInputSchema, EventTypeListSchema, EventTypeSchema } from './event-types.schemas.ts';

/** GET /v1/event-types. */
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
        querystring: NoQuery,
        response: { 200: ref(EventTypeListSchema), ...problemResponses() },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return { data: await listEventTypeRows(app.db), next_cursor: null };
    },
  );
};

/** POST /v1/event-types (admin). */
export const eventTypeWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptJsonOnly(app);

  writeRoutes(app, {
    path: '/event-types',
    tags: ['vocabulary'],
    scope: 'admin',
    input: EventTypeInputSchema,
    output: ref(EventTypeSchema),
  }).create({
    operationId: 'createEventType',
    summary: 'Add an event type to the vocabulary (admin)',
    description:
      'Extends the vocabulary events draw their `type` from. Needs an API key with scope `admin`. Honours `Idempotency-Key`.',
    created: 'Added.',
    problems: [409],
    run: createEventType,
  });
};
