import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createCursorCodec } from '../../http/cursor.ts';
import { setNextLink } from '../../http/links.ts';
import { pageProperties, problemResponses, ref } from '../../http/schemas.ts';
import { ActorDetailSchema, ActorListSchema } from './actors.schemas.ts';
import { getActor, listActors } from './actors.service.ts';

export const ActorIdParams = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80, description: 'Actor id (slug).' }),
});

export const actorReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const codec = createCursorCodec(app.config.CURSOR_SECRET);

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
      const page = await listActors(app.db, codec, request.query);
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
        response: { 200: ref(ActorDetailSchema), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const actor = await getActor(app.db, request.params.id);
      reply.header('etag', `"${actor.version}"`);
      return actor;
    },
  );
};
