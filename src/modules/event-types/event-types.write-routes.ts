import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { acceptJsonOnly } from '../../http/content-types.ts';
import { problemResponses, ref } from '../../http/schemas.ts';
import { writeAccess, writeContext } from '../../plugins/auth.ts';
import { LanguageMapSchema } from '../events/events.schemas.ts';
import { orNull } from '../events/write/write.schemas.ts';
import { createEventType } from './event-types.commands.ts';
import { EventTypeSchema } from './event-types.schemas.ts';

export const EventTypeInputSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', description: 'The code events use as `type`.' }),
    label: ref(LanguageMapSchema),
    description: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }),
        Type.String({ maxLength: 2000 }),
        {
          maxProperties: 20,
          description: 'What the type covers, by language.',
        },
      ),
    ),
    plover_category: Type.Optional(
      orNull(
        Type.String({ pattern: '^[A-Z][A-Z_]{1,39}$', description: 'PLOVER event category, e.g. CONSULT.' }),
      ),
    ),
  },
  {
    $id: 'EventTypeInput',
    additionalProperties: false,
    examples: [
      { code: 'phone_call', label: { en: 'Phone call', de: 'Telefonat' }, plover_category: 'CONSULT' },
    ],
  },
);

export const eventTypeWriteSchemas = [EventTypeInputSchema];

export const eventTypeWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptJsonOnly(app);

  app.post(
    '/event-types',
    {
      ...writeAccess(app, 'admin'),
      schema: {
        operationId: 'createEventType',
        summary: 'Add an event type to the vocabulary (admin)',
        description:
          'Extends the vocabulary events draw their `type` from. Needs an API key with scope `admin`.',
        tags: ['vocabulary'],
        security: [{ bearerKey: [] }],
        querystring: Type.Object({}, { additionalProperties: false }),
        body: ref(EventTypeInputSchema),
        response: {
          201: { description: 'Added.', content: { 'application/json': { schema: ref(EventTypeSchema) } } },
          ...problemResponses(401, 403, 409, 413, 415),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createEventType(app.db, request.body, writeContext(request))),
  );
};
