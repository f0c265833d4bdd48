import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { versionDigestEtag } from '../../../http/conditional.ts';
import { acceptJsonAndMergePatch, MERGE_PATCH_TYPE } from '../../../http/content-types.ts';
import { IdOrSlugParams, ref } from '../../../http/schemas.ts';
import { writeRoutes } from '../../../http/write-route.ts';
import { EventInputSchema, EventSchema } from '../events.schemas.ts';
import { getEvent } from '../read/read.service.ts';
import { createEvent, patchEvent, removeEvent } from './write.commands.ts';
import { EventPatchSchema } from './write.schemas.ts';

/** POST /v1/events, PATCH and DELETE /v1/events/{id}. */
export const eventWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptJsonAndMergePatch(app);
  const events = writeRoutes(app, {
    path: '/events',
    tags: ['events'],
    scope: 'write',
    input: EventInputSchema,
    output: ref(EventSchema),
    params: IdOrSlugParams,
    etag: versionDigestEtag,
    current: (db, id) => getEvent(db, id),
  });

  events.create({
    operationId: 'createEvent',
    summary: 'Create an event',
    description:
      'Creates an event from an EventInput (EDTF date, type, participants…) and records its first revision. With `Idempotency-Key`, a retry of the same request replays the first response instead of creating a second event.',
    created: 'Created; `Location` names the new event.',
    location: { description: 'The new event: /v1/events/{id}.', of: (event) => `/v1/events/${event.id}` },
    problems: [409, 422],
    run: createEvent,
  });

  events.patch({
    operationId: 'updateEvent',
    summary: 'Change an event (JSON merge patch)',
    description: `A JSON merge patch (RFC 7396, \`${MERGE_PATCH_TYPE}\` or \`application/json\`) of the event's input representation; the merged result is validated like a POST body. With \`If-Match\` the change applies only to the version you read (else 412).`,
    body: ref(EventPatchSchema),
    updated: 'The changed event.',
    problems: [409, 422],
    run: patchEvent,
  });

  events.remove({
    operationId: 'deleteEvent',
    summary: 'Delete an event (soft)',
    description:
      'Marks the event deleted: it reads as 404 from then on, `GET /v1/events/{id}?include_deleted=true` shows the tombstone, and its revisions stay readable. Honours `If-Match`.',
    problems: [],
    run: removeEvent,
  });
};
