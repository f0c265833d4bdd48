import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Problem } from '../../http/problem.ts';
import { problemResponsesOf, ref } from '../../http/schemas.ts';

export const HealthSchema = Type.Object(
  {
    status: Type.Enum(['ok', 'ready']),
    database: Type.Optional(Type.Enum(['postgres', 'embedded'])),
  },
  { $id: 'Health', additionalProperties: false },
);

/** Liveness (the process answers) and readiness (the database answers too). */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'getHealth',
        summary: 'Liveness',
        description: 'Answers 200 while the process is up, whatever the database does.',
        tags: ['meta'],
        response: { 200: ref(HealthSchema), ...problemResponsesOf() },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness',
        summary: 'Readiness',
        description: 'Answers 200 when the database answers a query, 503 otherwise.',
        tags: ['meta'],
        response: { 200: ref(HealthSchema), ...problemResponsesOf() },
      },
    },
    async () => {
      try {
        await app.database.ping();
      } catch {
        throw new Problem(
          'unavailable',
          'The database is not reachable: the service is not ready',
          undefined,
          {
            'retry-after': '5',
          },
        );
      }
      return { status: 'ready' as const, database: app.database.kind };
    },
  );
};
