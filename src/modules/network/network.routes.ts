import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DISPLAY_LANGUAGES } from '../../domain/display.ts';
import { csvRow } from '../../http/csv.ts';
import { setNextLink } from '../../http/links.ts';
import { chooseLanguage, pickLanguage } from '../../http/negotiate.ts';
import { problemResponses, ref, slugIdParams } from '../../http/schemas.ts';
import { NetworkExportQuerySchema, NetworkQuerySchema, NetworkSchema } from './network.schemas.ts';
import { allNetworkLinks, allNetworkNodes, getNetwork } from './network.service.ts';

const ActorParams = slugIdParams('Actor id, e.g. `nato-russia-council`.');

const NETWORK_RULES =
  'The events are those of GET /v1/events with this actor as `actor` and the other filters given (window, type, status, tags, country, places, text); each other participant of them is a link, with the number of events shared, the first and the last (by earliest start). Largest first, then by id; 404 for an unknown actor.';

// Gephi's spreadsheet import (Data Laboratory → Import Spreadsheet) reads an edges table by its column names:
// Source and Target (node ids), Type (Directed, Undirected or Mixed) and Weight; any other column becomes an
// edge attribute. Its nodes table has Id and Label, other columns being node attributes.
/** The edge table: Gephi's columns, then the first and last shared events' dates as attributes. */
const EDGE_COLUMNS = ['Source', 'Target', 'Type', 'Weight', 'First', 'Last'];
/** The nodes table: Gephi's Id and Label, then the actor's kind as an attribute. */
const NODE_COLUMNS = ['Id', 'Label', 'Kind'];

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
        summary: "An actor's network as a CSV edge list (or nodes table)",
        description: `Every link in one RFC 4180 file with the columns of Gephi's spreadsheet import (networkx, igraph and pandas read it as an edge list): Source is this actor, Target the other (actor ids), Type \`Undirected\`, Weight the shared events, First and Last their EDTF dates (edge attributes). \`table=nodes\` gives the nodes table instead: Id, Label (the name in \`lang\`), Kind; this actor first. ${NETWORK_RULES}`,
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
      const { table = 'edges', lang: asked, ...query } = request.query;
      const id = request.params.id;
      reply
        .header('cache-control', 'public, max-age=30')
        .header('content-disposition', `inline; filename="${id}-network-${table}.csv"`)
        .type('text/csv; charset=utf-8; header=present');
      if (table === 'nodes') {
        const { lang } = chooseLanguage(asked, request.headers['accept-language'], DISPLAY_LANGUAGES);
        const nodes = await allNetworkNodes(app.db, id, query);
        const rows = nodes.map((n) => csvRow([n.id, pickLanguage(n.name, lang), n.kind]));
        return reply
          .header('vary', 'Accept-Language')
          .header('content-language', lang)
          .send(csvRow(NODE_COLUMNS) + rows.join(''));
      }
      const links = await allNetworkLinks(app.db, id, query);
      const rows = links.map((l) =>
        csvRow([id, l.actor.id, 'Undirected', l.events, l.first.date, l.last.date]),
      );
      return reply.send(csvRow(EDGE_COLUMNS) + rows.join(''));
    },
  );
};
