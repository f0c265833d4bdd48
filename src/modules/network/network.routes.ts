import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { csvRow } from '../../http/csv.ts';
import { setNextLink } from '../../http/links.ts';
import { problemResponses, ref, slugIdParams } from '../../http/schemas.ts';
import { NetworkExportQuerySchema, NetworkQuerySchema, NetworkSchema } from './network.schemas.ts';
import { allNetworkLinks, getNetwork } from './network.service.ts';

const ActorParams = slugIdParams('Actor id, e.g. `nato-russia-council`.');

const NETWORK_RULES =
  'The events are those of GET /v1/events with this actor as `actor` and the other filters given (window, type, status, tags, country, places, text); each other participant of them is a link, with the number of events shared, the first and the last (by earliest start). Largest first, then by id; 404 for an unknown actor.';

/** Gephi's edge-list columns (Source, Target, Type, Weight), then the first and last shared events' dates. */
const EDGE_COLUMNS = ['Source', 'Target', 'Type', 'Weight', 'First', 'Last'];

export const networkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/actors/:id/network',
    {
      schema: {
        operationId: 'getActorNetwork',
        summary: 'The actors that take part in events with an actor',
        description: `${NETWORK_RULES} Cursor pages with \`Link: rel="next"\`. As a CSV edge list: GET /v1/actors/{id}/network.csv.`,
        tags: ['actors'],
        params: ActorParams,
        querystring: NetworkQuerySchema,
        response: { 200: ref(NetworkSchema), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const network = await getNetwork(app.db, app.cursors, request.params.id, request.query);
      setNextLink(request, reply, network.next_cursor);
      return reply.header('cache-control', 'public, max-age=30').send(network);
    },
  );

  app.get(
    '/actors/:id/network.csv',
    {
      schema: {
        operationId: 'exportActorNetworkCsv',
        summary: "An actor's network as a CSV edge list",
        description: `Every link in one RFC 4180 file with the columns network tools read as an edge list (Gephi: Source, Target, Type, Weight; the rest become edge attributes): Source is this actor, Target the other, Type \`Undirected\`, Weight the shared events, First and Last their EDTF dates. ${NETWORK_RULES}`,
        tags: ['actors'],
        params: ActorParams,
        querystring: NetworkExportQuerySchema,
        response: {
          200: { description: 'RFC 4180, header first.', content: { 'text/csv': { schema: Type.String() } } },
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const links = await allNetworkLinks(app.db, request.params.id, request.query);
      const rows = links.map((l) =>
        csvRow([request.params.id, l.actor.id, 'Undirected', l.events, l.first.date, l.last.date]),
      );
      return reply
        .header('cache-control', 'public, max-age=30')
        .header('content-disposition', `inline; filename="${request.params.id}-network.csv"`)
        .type('text/csv; charset=utf-8; header=present')
        .send(csvRow(EDGE_COLUMNS) + rows.join(''));
    },
  );
};
