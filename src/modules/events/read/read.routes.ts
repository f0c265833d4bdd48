import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import { DISPLAY_LANGUAGES } from '../../../domain/display.ts';
import {
  isNotModified,
  listValidatorHeaders,
  notModified,
  notModifiedResponse,
  sendWithBodyEtag,
  versionDigestEtag,
} from '../../../http/conditional.ts';
import { setNextLink } from '../../../http/links.ts';
import { chooseFormat, chooseLanguage, type ListFormat } from '../../../http/negotiate.ts';
import { IdOrSlugParams, pageProperties, problemResponses, ref } from '../../../http/schemas.ts';
import { eventFilterProperties } from '../event-filters.ts';
import {
  EventListSchema,
  EventSchema,
  PARTIAL_EVENTS_MEDIA_TYPE,
  PartialEventListSchema,
  TimelineJsSchema,
} from '../events.schemas.ts';
import { chooseFields, openEventExport, openGeoJsonExport } from './export.service.ts';
import { trimPageLanguages } from './language.mapper.ts';
import { getEvent, listEventsJson } from './read.service.ts';
import { listEventsTimelineJs } from './timelinejs.service.ts';
import { exportEtag } from './validators.service.ts';

const eventQueryProperties = {
  ...eventFilterProperties,
  ...pageProperties,
  order: Type.Optional(
    Type.Enum(['asc', 'desc'], {
      default: 'asc',
      description: 'Chronological (by earliest start) or reverse.',
    }),
  ),
  count: Type.Optional(
    Type.Enum(['exact'], {
      description:
        'Count every matching event (an index-backed count of the whole set, not only the page): the JSON page gets `total`, and JSON and TimelineJS pages the `X-Total-Count` header.',
    }),
  ),
  lang: Type.Optional(
    Type.String({
      pattern: '^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$',
      description: `Language of the texts: ${DISPLAY_LANGUAGES.join(', ')} (a regional tag reads its language: \`de-AT\` is \`de\`; any other is a 400). CSV and TimelineJS texts are in it; a JSON page given \`lang\` keeps in each language map (title, summary, display date, actor names) only the text for that reader (the language, else English, else the first). Without \`lang\`: CSV and TimelineJS follow Accept-Language (else en), and JSON keeps every language.`,
    }),
  ),
};

/** `fields=` on JSON pages, NDJSON and CSV (docs/decisions.md, "Smaller payloads"). */
const fieldsProperty = {
  fields: Type.Optional(
    Type.String({
      maxLength: 2000,
      description: `The members of each event, comma-separated: top-level names and dotted sub-members (\`date.edtf\`, \`date.start\`, \`date.display\`, \`location.lat\`…), e.g. \`fields=id,slug,date.edtf,title\`. \`id\` is always included. JSON pages then answer as \`${PARTIAL_EVENTS_MEDIA_TYPE}\` (a \`PartialEventList\`: the same envelope, each event with only those members, in the Event's order); NDJSON lines hold only those members. For CSV, \`fields\` chooses and orders the columns: the CSV's own column names (\`edtf\`, \`start_earliest\`, \`display_date\`, \`latitude\`, \`title_de\`…) or the dotted names (\`date.edtf\` is \`edtf\`; \`date\` and \`location\` give all their columns), \`id\` first unless named. \`lang\` then trims what is left. A partial file does not import again (a 422 names what it lacks). An unknown name is a 400 listing the allowed ones.`,
    }),
  ),
};

const EventListQuery = Type.Object(
  {
    ...eventQueryProperties,
    ...fieldsProperty,
    format: Type.Optional(
      Type.Enum(['json', 'csv', 'ndjson', 'timelinejs'], {
        deprecated: true,
        description:
          'Deprecated: use GET /v1/events.csv, /v1/events.ndjson or /v1/events.timelinejs, where each format has its own documented response. `format=` (and `Accept: text/csv`, `application/x-ndjson`, `application/vnd.timelinejs+json`) still answers here with that body.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** `X-Total-Count` with `count=exact`: the same number as the page's `total`. */
function setTotalCount(reply: FastifyReply, total: number | undefined): void {
  if (total !== undefined) reply.header('x-total-count', String(total));
}

const EventExportQuery = Type.Object(eventQueryProperties, { additionalProperties: false });
const EventFieldsExportQuery = Type.Object(
  { ...eventQueryProperties, ...fieldsProperty },
  { additionalProperties: false },
);

// Where the bodies that GET /v1/events still gives for `format=` are documented (the contract test reads this).
const EXPORTS_DOCUMENTED_AT: Record<string, string> = {
  'text/csv': '/v1/events.csv',
  'application/x-ndjson': '/v1/events.ndjson',
  'application/vnd.timelinejs+json': '/v1/events.timelinejs',
};

const FILTERS_DESCRIPTION =
  'filtered by window (partial dates, `temporal=overlaps|within`), actors, roles, types, status (every status unless `status` is given: each event shows its own), tags, country, full text and `updated_since`';

export const eventReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  type Query = Static<typeof EventFieldsExportQuery>;

  /** One list in the format asked for: every list operation answers through here. */
  const sendEvents = async (
    request: FastifyRequest,
    query: Query,
    reply: FastifyReply,
    format: ListFormat,
    vary: string,
  ) => {
    const { lang, explicit } = chooseLanguage(
      query.lang,
      request.headers['accept-language'],
      DISPLAY_LANGUAGES,
    );
    const fields = chooseFields(format, query.fields);
    reply.header('cache-control', 'public, max-age=30');
    if (vary) reply.header('vary', vary);
    if (format === 'csv' || format === 'ndjson') {
      // Streamed: the validator comes from the matching set, read before the first byte (see docs/decisions.md).
      // The URL holds `fields`: another selection is another validator.
      const etag = await exportEtag(app.db, query, `${format}|${lang}|${request.url}`);
      reply.header('etag', etag);
      if (format === 'csv') reply.header('content-language', lang);
      if (isNotModified(request.headers['if-none-match'], etag)) return notModified(reply);
      const body = await openEventExport(app.db, query, format, lang, fields);
      return reply
        .type(
          format === 'csv'
            ? 'text/csv; charset=utf-8; header=present'
            : 'application/x-ndjson; charset=utf-8',
        )
        .header('content-disposition', `inline; filename="events.${format}"`)
        .send(body);
    }
    if (format === 'timelinejs') {
      const page = await listEventsTimelineJs(app.db, app.cursors, query, lang);
      setNextLink(request, reply, page.next_cursor);
      setTotalCount(reply, page.total);
      reply.type('application/vnd.timelinejs+json; charset=utf-8').header('content-language', lang);
      return sendWithBodyEtag(request, reply, JSON.stringify(page.body));
    }
    // Already JSON text (written by PostgreSQL): Fastify sends a string with a JSON type as it is.
    const page = await listEventsJson(app.db, app.cursors, query, fields.members);
    setNextLink(request, reply, page.next_cursor);
    setTotalCount(reply, page.total);
    // A selection is not an EventList (its events lack members): it has a media type and schema of its own.
    reply.type(`${fields.members ? PARTIAL_EVENTS_MEDIA_TYPE : 'application/json'}; charset=utf-8`);
    // Every language unless `lang=` is given: then each language map holds the one text for that reader.
    if (!explicit) return sendWithBodyEtag(request, reply, page.body);
    reply.header('content-language', lang);
    return sendWithBodyEtag(request, reply, trimPageLanguages(page.body.toString('utf8'), lang));
  };

  app.get(
    '/events',
    {
      config: { documentedAt: EXPORTS_DOCUMENTED_AT },
      schema: {
        operationId: 'listEvents',
        summary: 'The timeline: events matching filters',
        description: `Events in chronological order, ${FILTERS_DESCRIPTION}; cursor pages with a \`Link: rel="next"\` header. The exports have operations of their own: GET /v1/events.csv, /v1/events.ndjson and /v1/events.timelinejs.`,
        tags: ['events'],
        querystring: EventListQuery,
        response: {
          200: {
            description: 'A page of events.',
            headers: {
              ...listValidatorHeaders,
              'x-total-count': {
                type: 'integer',
                description: 'With `count=exact`: how many events match (the whole set).',
              },
              'content-language': {
                type: 'string',
                description: 'With `lang` (JSON) or for CSV and TimelineJS: the language of the texts.',
              },
            },
            content: {
              'application/json': { schema: ref(EventListSchema) },
              [PARTIAL_EVENTS_MEDIA_TYPE]: { schema: ref(PartialEventListSchema) },
            },
          },
          ...notModifiedResponse,
          ...problemResponses(406),
        },
      },
    },
    // Streams bypass response serialization, so the untyped reply takes them.
    async (request, reply) =>
      sendEvents(
        request,
        request.query,
        reply as FastifyReply,
        chooseFormat(request.query.format, request.headers.accept),
        'Accept, Accept-Language',
      ),
  );

  const exportRoute = (
    format: 'csv' | 'ndjson' | 'timelinejs',
    operationId: string,
    summary: string,
    description: string,
    content: Record<string, { schema: TSchema }>,
  ) =>
    app.get(
      `/events.${format}`,
      {
        schema: {
          operationId,
          summary,
          description: `${description} The events of GET /v1/events: ${FILTERS_DESCRIPTION}.`,
          tags: ['events'],
          // TimelineJS slides have a fixed shape: no `fields`.
          querystring: format === 'timelinejs' ? EventExportQuery : EventFieldsExportQuery,
          response: {
            200: { description: summary, headers: listValidatorHeaders, content },
            ...notModifiedResponse,
            ...problemResponses(),
          },
        },
      },
      async (request, reply) =>
        // NDJSON holds every language whatever the request says; CSV and TimelineJS texts follow Accept-Language.
        sendEvents(
          request,
          request.query,
          reply as FastifyReply,
          format,
          format === 'ndjson' ? '' : 'Accept-Language',
        ),
    );

  exportRoute(
    'csv',
    'exportEventsCsv',
    'The matching events as CSV',
    'Every match in one RFC 4180 file, header first, streamed in bounded memory (`limit` and `cursor` are ignored); texts in `lang`; `fields` chooses and orders the columns.',
    { 'text/csv': { schema: Type.String({ description: 'RFC 4180, one row per event, header first.' }) } },
  );
  exportRoute(
    'ndjson',
    'exportEventsNdjson',
    'The matching events as NDJSON',
    'Every match, one Event JSON object per line (with `fields`, a PartialEvent), streamed in bounded memory (`limit` and `cursor` are ignored).',
    {
      'application/x-ndjson': {
        schema: Type.String({ description: 'One Event (with `fields`: PartialEvent) JSON object per line.' }),
      },
    },
  );
  exportRoute(
    'timelinejs',
    'listEventsTimelineJs',
    'A page of matching events as TimelineJS 3 JSON',
    'TimelineJS 3 JSON of one page (paged like GET /v1/events), texts in `lang`.',
    { 'application/vnd.timelinejs+json': { schema: ref(TimelineJsSchema) } },
  );

  app.get(
    '/events.geojson',
    {
      schema: {
        operationId: 'exportEventsGeoJson',
        summary: 'The matching located events as GeoJSON',
        description: `Every match that has coordinates, as one RFC 7946 FeatureCollection of Point features (properties: id, slug, type, date with its bounds and display string, title in \`lang\`, place name, country and precision), streamed in bounded memory (\`limit\` and \`cursor\` are ignored). Matches without coordinates are left out; \`X-Events-Without-Coordinates\` says how many. The events of GET /v1/events: ${FILTERS_DESCRIPTION}.`,
        tags: ['events'],
        querystring: EventExportQuery,
        response: {
          200: {
            description: 'An RFC 7946 FeatureCollection.',
            headers: {
              ...listValidatorHeaders,
              'x-events-without-coordinates': {
                type: 'integer',
                minimum: 0,
                description: 'Matching events left out because they have no coordinates.',
              },
            },
            content: {
              'application/geo+json': {
                schema: Type.String({ description: 'A FeatureCollection of Point features.' }),
              },
            },
          },
          ...notModifiedResponse,
          ...problemResponses(),
        },
      },
    },
    async (request, reply) => {
      const { lang } = chooseLanguage(
        request.query.lang,
        request.headers['accept-language'],
        DISPLAY_LANGUAGES,
      );
      // Streamed like the CSV and NDJSON exports: the validator comes from the matching set.
      const etag = await exportEtag(app.db, request.query, `geojson|${lang}|${request.url}`);
      reply
        .header('cache-control', 'public, max-age=30')
        .header('vary', 'Accept-Language')
        .header('etag', etag)
        .header('content-language', lang);
      if (isNotModified(request.headers['if-none-match'], etag)) return notModified(reply);
      const { body, withoutCoordinates } = await openGeoJsonExport(app.db, request.query, lang);
      return (reply as FastifyReply)
        .header('x-events-without-coordinates', String(withoutCoordinates))
        .header('content-disposition', 'inline; filename="events.geojson"')
        .type('application/geo+json; charset=utf-8')
        .send(body);
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
      if (isNotModified(request.headers['if-none-match'], etag)) return notModified(reply as FastifyReply);
      return reply.type('application/json; charset=utf-8').send(event);
    },
  );
};
