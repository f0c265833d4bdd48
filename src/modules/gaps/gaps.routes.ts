import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  listValidatorHeaders,
  notModifiedResponse,
  sendSerializedWithBodyEtag,
} from '../../http/conditional.ts';
import { setNextLink } from '../../http/links.ts';
import { problemResponses, ref, slugIdParams } from '../../http/schemas.ts';
import { ActorGapQuerySchema, GapQuerySchema, GapReportSchema } from './gaps.schemas.ts';
import { listActorGaps, listGaps } from './gaps.service.ts';

const GAP_RULES =
  'Matching events that start on or before `as_of` are merged where they overlap; each gap between them has a `certain` span (from the latest possible end before to the earliest possible start after) and a `possible` one (earliest possible end to latest possible start), both in calendar days. `since_last` is the open gap up to `as_of` and ignores `min`; `longest` is the longest certain gap after `min`. Without `status`, only events that took place (`held`) count; `statuses` says which were considered. `coarse` names the events dated so coarsely (uncertain by more than `coarse_days`) that they hide gaps, and the gaps they hide. See docs/gaps.md.';

const gapResponses = {
  200: {
    description: 'A page of gaps with the open gap (`since_last`) and the longest one.',
    headers: listValidatorHeaders,
    content: { 'application/json': { schema: ref(GapReportSchema) } },
  },
  ...notModifiedResponse,
  ...problemResponses(404),
};

const ActorParams = slugIdParams('Actor id, e.g. `nato-russia-council`.');

export const gapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/gaps',
    {
      schema: {
        operationId: 'listGaps',
        summary: 'Gaps: when nothing matching happened',
        description: `The periods between matching events (the filters of GET /v1/events) and the time since the last one as of a date. ${GAP_RULES}`,
        tags: ['gaps'],
        querystring: GapQuerySchema,
        response: gapResponses,
      },
    },
    async (request, reply) => {
      const report = await listGaps(app.db, app.cursors, request.query);
      setNextLink(request, reply, report.next_cursor);
      reply.header('cache-control', 'public, max-age=30');
      return sendSerializedWithBodyEtag(request, reply, report);
    },
  );

  app.get(
    '/actors/:id/gaps',
    {
      schema: {
        operationId: 'listActorGaps',
        summary: "Gaps in one actor's events",
        description: `GET /v1/gaps with \`actor\` set to this actor, in any role unless \`role\` is given; 404 for an unknown actor. ${GAP_RULES}`,
        tags: ['gaps'],
        params: ActorParams,
        querystring: ActorGapQuerySchema,
        response: gapResponses,
      },
    },
    async (request, reply) => {
      const report = await listActorGaps(app.db, app.cursors, request.params.id, request.query);
      setNextLink(request, reply, report.next_cursor);
      reply.header('cache-control', 'public, max-age=30');
      return sendSerializedWithBodyEtag(request, reply, report);
    },
  );
};
