import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isNotModified, notModified, versionEtag } from '../../http/conditional.ts';
import { acceptJsonAndMergePatch, MERGE_PATCH_TYPE } from '../../http/content-types.ts';
import { setNextLink } from '../../http/links.ts';
import { pageProperties, problemResponses, ref, slugIdParams } from '../../http/schemas.ts';
import { writeRoutes } from '../../http/write-route.ts';
import { createActor, patchActor, removeActor } from './actors.commands.ts';
import {
  ActorDetailSchema,
  ActorInputSchema,
  ActorListSchema,
  ActorPatchSchema,
  ActorSchema,
} from './actors.schemas.ts';
import { getActor, listActors } from './actors.service.ts';

const ActorIdParams = slugIdParams('Actor id (slug).');

/** GET /v1/actors and /v1/actors/{id}. */
export const actorReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/actors',
    {
      schema: {
        operationId: 'listActors',
        summary: 'Actors, searchable by name and alias',
        description:
          '`q` matches word prefixes of names, aliases and ids in any language (`q=russ` finds Russland); cursor pages in id order.',
        tags: ['actors'],
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            kind: Type.Optional(
              Type.Array(
                Type.String({
                  pattern:
                    '^(state|organization|body|person|other)(,(state|organization|body|person|other))*$',
                }),
                {
                  maxItems: 5,
                  description: 'Actor kinds; repeat or comma list.',
                },
              ),
            ),
            ...pageProperties,
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(ActorListSchema), ...problemResponses() },
      },
    },
    async (request, reply) => {
      const page = await listActors(app.db, app.cursors, request.query);
      setNextLink(request, reply, page.next_cursor);
      return page;
    },
  );

  app.get(
    '/actors/:id',
    {
      schema: {
        operationId: 'getActor',
        summary: 'One actor with event statistics',
        description: 'The actor, its number of events by type, and its first and last event.',
        tags: ['actors'],
        params: ActorIdParams,
        response: {
          200: ref(ActorDetailSchema),
          304: { description: 'Not modified: If-None-Match names the current ETag.', type: 'null' },
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const actor = await getActor(app.db, request.params.id);
      const etag = versionEtag(actor);
      reply.header('etag', etag);
      if (isNotModified(request.headers['if-none-match'], etag)) return notModified(reply);
      return actor;
    },
  );
};

/** POST /v1/actors, PATCH and DELETE /v1/actors/{id}. */
export const actorWriteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptJsonAndMergePatch(app);
  const actors = writeRoutes(app, {
    path: '/actors',
    tags: ['actors'],
    scope: 'write',
    input: ActorInputSchema,
    output: ref(ActorSchema),
    params: ActorIdParams,
    etag: versionEtag,
    current: getActor,
  });

  actors.create({
    operationId: 'createActor',
    summary: 'Create an actor',
    description:
      'Creates a state, organization, body or person under a readable id (`nato-russia-council`). Honours `Idempotency-Key`.',
    created: 'Created; `Location` names the new actor.',
    location: { description: '/v1/actors/{id}', of: (actor) => `/v1/actors/${actor.id}` },
    problems: [409, 422],
    run: createActor,
  });

  actors.patch({
    operationId: 'updateActor',
    summary: 'Change an actor (JSON merge patch)',
    description: `A JSON merge patch (RFC 7396, \`${MERGE_PATCH_TYPE}\` or \`application/json\`) of the actor's input representation; the merged result is validated like a POST body. With \`If-Match\` (the actor's ETag) the change applies only to the version you read (else 412).`,
    body: ref(ActorPatchSchema),
    updated: 'The changed actor.',
    problems: [422],
    run: patchActor,
  });

  actors.remove({
    operationId: 'deleteActor',
    summary: 'Delete an actor (soft)',
    description:
      'Marks the actor deleted; refused with 409 while a live event still names it as participant. Honours `If-Match`.',
    problems: [409],
    run: removeActor,
  });
};
