import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expectedVersion, ifMatchHeader } from '../../../http/conditional.ts';
import {
  acceptJsonAndMergePatch,
  MERGE_PATCH_TYPE,
  mergedBodyValidator,
} from '../../../http/content-types.ts';
import {
  idempotencyKeyHeader,
  idempotentRequest,
  sendStored,
} from '../../../http/idempotency/idempotency.http.ts';
import { runIdempotent } from '../../../http/idempotency/idempotency.service.ts';
import { problemResponses, ref } from '../../../http/schemas.ts';
import { writeAccess, writeContext } from '../../../plugins/auth.ts';
import { EventInputSchema, EventSchema } from '../events.schemas.ts';
import { eventEtag } from '../read/read.service.ts';
import type { EventInput } from './prepare.service.ts';
import { createEvent, patchEvent, removeEvent } from './write.commands.ts';
import { EventPatchSchema } from './write.schemas.ts';

const IdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 120, description: 'UUID or slug.' }),
});
const EVENT_INPUT = { $ref: 'EventInput' };
const NoQuery = Type.Object({}, { additionalProperties: false });
const etagHeader = {
  etag: { type: 'string', description: 'The new version: send it as If-Match next time.' },
};

export const eventWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptJsonAndMergePatch(app);

  app.post(
    '/events',
    {
      ...writeAccess(app, 'write'),
      schema: {
        operationId: 'createEvent',
        summary: 'Create an event',
        description:
          'Creates an event from an EventInput (EDTF date, type, participants…) and records its first revision. With `Idempotency-Key`, a retry of the same request replays the first response instead of creating a second event.',
        tags: ['events'],
        security: [{ bearerKey: [] }],
        headers: Type.Object(idempotencyKeyHeader),
        querystring: NoQuery,
        body: ref(EventInputSchema),
        response: {
          201: {
            description: 'Created; `Location` names the new event.',
            headers: {
              location: { type: 'string', description: 'The new event: /v1/events/{id}.' },
              ...etagHeader,
            },
            content: { 'application/json': { schema: ref(EventSchema) } },
          },
          ...problemResponses(401, 403, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const stored = await runIdempotent(app.db, idempotentRequest(request), async (db) => {
        const event = await createEvent(db, request.body, writeContext(request));
        return {
          status: 201,
          body: event,
          headers: { location: `/v1/events/${event.id}`, etag: eventEtag(event) },
        };
      });
      return sendStored(reply, stored);
    },
  );

  app.patch(
    '/events/:id',
    {
      ...writeAccess(app, 'write'),
      schema: {
        operationId: 'updateEvent',
        summary: 'Change an event (JSON merge patch)',
        description: `A JSON merge patch (RFC 7396, \`${MERGE_PATCH_TYPE}\` or \`application/json\`) of the event's input representation; the merged result is validated like a POST body. With \`If-Match\` the change applies only to the version you read (else 412).`,
        tags: ['events'],
        security: [{ bearerKey: [] }],
        params: IdParams,
        headers: Type.Object(ifMatchHeader),
        querystring: NoQuery,
        consumes: [MERGE_PATCH_TYPE, 'application/json'],
        body: ref(EventPatchSchema),
        response: {
          200: {
            description: 'The changed event.',
            headers: etagHeader,
            content: { 'application/json': { schema: ref(EventSchema) } },
          },
          ...problemResponses(401, 403, 404, 409, 412, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const event = await patchEvent(
        app.db,
        request.params.id,
        request.body,
        {
          expectedVersion: expectedVersion(request.headers['if-match']),
          validate: mergedBodyValidator<EventInput>(request, EVENT_INPUT),
        },
        writeContext(request),
      );
      return reply.header('etag', eventEtag(event)).send(event);
    },
  );

  app.delete(
    '/events/:id',
    {
      ...writeAccess(app, 'write'),
      schema: {
        operationId: 'deleteEvent',
        summary: 'Delete an event (soft)',
        description:
          'Marks the event deleted: it reads as 404 from then on, `GET /v1/events/{id}?include_deleted=true` shows the tombstone, and its revisions stay readable. Honours `If-Match`.',
        tags: ['events'],
        security: [{ bearerKey: [] }],
        params: IdParams,
        headers: Type.Object(ifMatchHeader),
        querystring: NoQuery,
        response: {
          204: { description: 'Deleted.', type: 'null' },
          ...problemResponses(401, 403, 404, 412),
        },
      },
    },
    async (request, reply) => {
      await removeEvent(
        app.db,
        request.params.id,
        { expectedVersion: expectedVersion(request.headers['if-match']) },
        writeContext(request),
      );
      // Resolving with nothing after code(204) sends an empty 204 (no `null` body).
      reply.code(204);
    },
  );
};
