import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { isNotModified, versionDigestEtag } from '../../../http/conditional.ts';
import { setNextLink } from '../../../http/links.ts';
import { chooseFormat, chooseLanguage } from '../../../http/negotiate.ts';
import { IdOrSlugParams, pageProperties, problemResponses, ref } from '../../../http/schemas.ts';
import { eventFilterProperties } from '../event-filters.ts';
import { EventListSchema, EventSchema, TimelineJsSchema } from '../events.schemas.ts';
import { openEventExport } from './export.service.ts';
import { toTimelineJs } from './formats.mapper.ts';
import { getEvent, listEvents } from './read.service.ts';

const EventListQuery = Type.Object(
  {
    ...eventFilterProperties,
    ...pageProperties,
    order: Type.Optional(
      Type.Enum(['asc', 'desc'], {
        default: 'asc',
        description: 'Chronological (by earliest start) or reverse.',
      }),
    ),
    count: Type.Optional(Type.Enum(['exact'], { description: 'Add the exact `total` of matching events.' })),
    format: Type.Optional(
      Type.Enum(['json', 'csv', 'ndjson', 'timelinejs'], {
        description: 'Overrides `Accept`. CSV and NDJSON stream the whole result without pages.',
      }),
    ),
    lang: Type.Optional(
      Type.String({
        pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
        description: 'Language for CSV and TimelineJS texts (else Accept-Language, else en).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const eventReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/events',
    {
      schema: {
        operationId: 'listEvents',
        summary: 'The timeline: events matching filters',
        description:
          'Events in chronological order, filtered by window (partial dates, `temporal=overlaps|within`), actors, roles, types, status (every status unless `status` is given: each event shows its own), tags, country, full text and `updated_since`; cursor pages with a `Link: rel="next"` header. `format=csv|ndjson` (or `Accept: text/csv`, `application/x-ndjson`) streams every match; `format=timelinejs` gives TimelineJS 3 JSON.',
        tags: ['events'],
        querystring: EventListQuery,
        response: {
          200: {
            description: 'A page of events (or the whole result as CSV/NDJSON).',
            content: {
              'application/json': { schema: ref(EventListSchema) },
              'application/vnd.timelinejs+json': { schema: ref(TimelineJsSchema) },
              'text/csv': {
                schema: Type.String({ description: 'RFC 4180, one row per event, header first.' }),
              },
              'application/x-ndjson': {
                schema: Type.String({ description: 'One Event JSON object per line.' }),
              },
            },
          },
          ...problemResponses(406),
        },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const format = chooseFormat(query.format, request.headers.accept);
      const lang = chooseLanguage(query.lang, request.headers['accept-language']);
      reply.header('cache-control', 'public, max-age=30').header('vary', 'Accept, Accept-Language');
      if (format === 'csv' || format === 'ndjson') {
        const body = await openEventExport(app.db, query, format, lang);
        // Streams bypass response serialization, so the untyped reply takes them.
        return (reply as FastifyReply)
          .type(
            format === 'csv'
              ? 'text/csv; charset=utf-8; header=present'
              : 'application/x-ndjson; charset=utf-8',
          )
          .header('content-disposition', `inline; filename="events.${format}"`)
          .send(body);
      }
      const page = await listEvents(app.db, app.cursors, query);
      setNextLink(request, reply, page.next_cursor);
      if (format === 'timelinejs') {
        return reply
          .type('application/vnd.timelinejs+json; charset=utf-8')
          .send(toTimelineJs(page.data, lang));
      }
      return reply.type('application/json; charset=utf-8').send(page);
    },
  );

  app.get(
    '/events/:id',
    {
      schema: {
        operationId: 'getEvent',
        summary: 'One event by UUID or slug',
        description: 'With a strong `ETag`; `If-None-Match` answers 304 when unchanged.',
        tags: ['events'],
        params: IdOrSlugParams,
        querystring: Type.Object(
          {
            include_deleted: Type.Optional(
              Type.Boolean({
                default: false,
                description: 'Read a tombstone instead of 404. Needs an API key with `write` scope.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: { description: 'The event.', content: { 'application/json': { schema: ref(EventSchema) } } },
          304: { description: 'Not modified.', type: 'null' },
          ...problemResponses(403, 404),
        },
      },
      // Deleted content is for writers only: include_deleted needs a `write` key (401/403 before any read).
      preHandler: async (request, reply) => {
        if (request.query.include_deleted) await app.requireScope('write').call(app, request, reply);
      },
    },
    async (request, reply) => {
      const event = await getEvent(app.db, request.params.id, request.query.include_deleted);
      const etag = versionDigestEtag(event);
      reply.header('etag', etag).header('cache-control', 'public, max-age=30, must-revalidate');
      if (isNotModified(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      return reply.type('application/json; charset=utf-8').send(event);
    },
  );
};
