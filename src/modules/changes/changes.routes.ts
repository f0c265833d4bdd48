import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { directUrl } from '../../config.ts';
import { problemResponses, ref } from '../../http/schemas.ts';
import { ChangeListSchema, ChangeStreamQuerySchema, ChangesQuerySchema } from './changes.schemas.ts';
import { currentPosition, listChanges } from './changes.service.ts';
import { ChangeStreams, streamStart } from './changes.stream.ts';
import { decodeToken } from './changes.token.ts';
import { wakeupsFor } from './changes.wakeups.ts';

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

  const streams = new ChangeStreams({
    db: app.db,
    max: app.config.CHANGE_STREAMS_MAX,
    heartbeatMs: app.config.CHANGE_STREAM_HEARTBEAT_MS,
    wakeups: () => wakeupsFor(app.database, directUrl(app.config), app.log),
    log: app.log,
  });
  // Before the server stops accepting: an open stream would otherwise keep the close waiting forever.
  app.addHook('preClose', () => streams.close());

  app.get(
    '/changes/stream',
    {
      // Compression would hold events back until a buffer fills.
      compress: false,
      // It reads the feed each time LISTEN on the primary says it grew: a replica might not have it yet.
      config: { readFromPrimary: true },
      schema: {
        operationId: 'streamChanges',
        summary: 'The change feed as a live stream (server-sent events)',
        description: `The changes of GET /v1/changes as server-sent events, as they commit: each event's \`id\` is the change's token and its \`data\` the Change as JSON (default event type \`message\`). A reconnecting EventSource sends \`Last-Event-ID\` and gets every change after it, none twice; without it the stream starts after \`since\`, or from now on. A comment line every 15 s keeps proxies from closing an idle stream; \`retry:\` tells the client to reconnect after 3 s. Every API process serves its own streams (CHANGE_STREAMS_MAX each, 503 beyond) and learns of commits on any process through PostgreSQL notifications.`,
        tags: ['changes'],
        querystring: ChangeStreamQuerySchema,
        headers: Type.Object({
          'last-event-id': Type.Optional(
            Type.String({
              maxLength: 64,
              description: 'The `id` of the last event received: resume after it.',
            }),
          ),
        }),
        response: {
          200: {
            description: 'An endless text/event-stream of changes.',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...problemResponses(),
        },
      },
    },
    async (request, reply) => {
      const from =
        streamStart(request.headers['last-event-id'], request.query.since) ?? (await currentPosition(app.db));
      const body = streams.start(from, request.log);
      // Streams bypass response serialization, so the untyped reply takes them.
      return (reply as FastifyReply)
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-accel-buffering', 'no')
        .send(body);
    },
  );
};
