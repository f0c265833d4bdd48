import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listValidatorHeaders, notModifiedResponse, sendWithBodyEtag } from '../../http/conditional.ts';
import { problemResponses, ref } from '../../http/schemas.ts';
import { eventFilterProperties } from '../events/events.service.ts';
import { HistogramSchema } from './histogram.schemas.ts';
import { histogram } from './histogram.service.ts';

export const histogramRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/timeline/histogram',
    {
      schema: {
        operationId: 'getHistogram',
        summary: 'Events per year, month or day',
        description:
          'Zero-filled buckets from `from` to `to` (without them, over the matching events). `count` counts events that may fall in the bucket (extent overlaps it), `certain` those that certainly do (extent inside it). Same filters as /v1/events; like gaps it counts what happened: without `status`, only `held` events (`statuses` says which were counted).',
        tags: ['timeline'],
        querystring: Type.Object(
          {
            ...eventFilterProperties,
            bucket: Type.Optional(Type.Enum(['year', 'month', 'day'], { default: 'year' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'The buckets.',
            headers: listValidatorHeaders,
            content: { 'application/json': { schema: ref(HistogramSchema) } },
          },
          ...notModifiedResponse,
          ...problemResponses(),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=30');
      return sendWithBodyEtag(request, reply, await histogram(app.db, request.query));
    },
  );
};
