import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses, ref } from '../../http/schemas.ts';
import { ChangeListSchema, ChangesQuerySchema } from './changes.schemas.ts';
import { listChanges } from './changes.service.ts';
import { decodeToken } from './changes.token.ts';

export const FEED_DESCRIPTION =
  'Every create, update and delete of events, actors and event types, in commit order: a mirror (or a client polling `updated_since`) learns about deletions here, as tombstones with the id and, for events, the slug. Read from the start without `since`, then keep passing `next_token` back as `since`; a token stays valid for good. A change shows up once every transaction that began writing before it has ended, so a token never skips a write that commits later.';

export const changeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/changes',
    {
      schema: {
        operationId: 'listChanges',
        summary: 'The change feed: creates, updates and deletes in commit order',
        description: FEED_DESCRIPTION,
        tags: ['changes'],
        querystring: ChangesQuerySchema,
        response: {
          200: {
            description: 'The changes after `since`, oldest first.',
            content: { 'application/json': { schema: ref(ChangeListSchema) } },
          },
          ...problemResponses(),
        },
      },
    },
    async (request, reply) => {
      const { since, limit = 100 } = request.query;
      const from = since === undefined ? undefined : decodeToken(since, { pointer: '/since', in: 'query' });
      return reply.header('cache-control', 'no-cache').send(await listChanges(app.db, from, limit));
    },
  );
};
