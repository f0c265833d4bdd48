import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { csvRow } from '../../http/csv.ts';
import { setNextLink } from '../../http/links.ts';
import { problemResponses, ref } from '../../http/schemas.ts';
import { StatsExportQuerySchema, StatsQuerySchema, StatsSchema } from './stats.schemas.ts';
import { allStats, listStats } from './stats.service.ts';

const STATS_RULES =
  'The events are those of GET /v1/events with the same filters (every status unless `status` is given). `count` counts the matching events of a group (with a window: those that may fall in it, `temporal=overlaps`), `certain` those certainly inside the window. An event counts once in each group it belongs to, so with `actor` or `role` the counts add up to more than the events.';

export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/stats',
    {
      schema: {
        operationId: 'getStats',
        summary: 'Counts of matching events by type, actor, role, country, status or PLOVER class',
        description: `Groups sorted by count (or by key with \`sort=key\`), cursor pages with \`Link: rel="next"\`. ${STATS_RULES} The same as CSV: GET /v1/stats.csv.`,
        tags: ['timeline'],
        querystring: StatsQuerySchema,
        response: { 200: ref(StatsSchema), ...problemResponses() },
      },
    },
    async (request, reply) => {
      const stats = await listStats(app.db, app.cursors, request.query);
      setNextLink(request, reply, stats.next_cursor);
      return reply.header('cache-control', 'public, max-age=30').send(stats);
    },
  );

  app.get(
    '/stats.csv',
    {
      schema: {
        operationId: 'exportStatsCsv',
        summary: 'Counts of matching events by group, as CSV',
        description: `Every group of GET /v1/stats in one RFC 4180 file: a column per \`group_by\` key, then \`count\` and \`certain\`. ${STATS_RULES}`,
        tags: ['timeline'],
        querystring: StatsExportQuerySchema,
        response: {
          200: {
            description: 'RFC 4180, header first.',
            content: { 'text/csv': { schema: Type.String() } },
          },
          ...problemResponses(),
        },
      },
    },
    async (request, reply) => {
      const { columns, groups } = await allStats(app.db, request.query);
      const body = csvRow(columns) + groups.map((g) => csvRow(columns.map((c) => g[c]))).join('');
      return reply
        .header('cache-control', 'public, max-age=30')
        .header('content-disposition', 'inline; filename="stats.csv"')
        .type('text/csv; charset=utf-8; header=present')
        .send(body);
    },
  );
};
