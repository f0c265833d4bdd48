import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { embeddedFsyncs } from '../../db/embedded-durability.ts';
import { Problem } from '../../http/problem.ts';
import { problemResponsesOf, ref } from '../../http/schemas.ts';

const Timestamp = Type.String({ format: 'date-time' });

export const EmbeddedStatusSchema = Type.Object(
  {
    commits_survive: Type.Enum(['power-loss', 'process-crash', 'none'], {
      description:
        "What an acknowledged write survives. `power-loss`: each commit is fsynced to disk before the answer (EMBEDDED_FSYNC=true). `process-crash`: the commit is in the operating system's cache when answered, so it survives the process being killed but not a power loss or kernel crash (EMBEDDED_FSYNC=false). `none`: an in-memory database.",
    }),
    fsync_calls: Type.Integer({
      minimum: 0,
      description: 'fsync calls made by the embedded PostgreSQL since start.',
    }),
    upkeep: Type.Union(
      [
        Type.Object(
          {
            last_check: Type.Union([Timestamp, Type.Null()]),
            analyzes: Type.Integer({ minimum: 0 }),
            vacuums: Type.Integer({ minimum: 0 }),
            last_action: Type.Union([
              Type.Object(
                {
                  operation: Type.Enum(['analyze', 'vacuum']),
                  table: Type.String(),
                  at: Timestamp,
                  ms: Type.Integer({ minimum: 0 }),
                },
                { additionalProperties: false },
              ),
              Type.Null(),
            ]),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      {
        description:
          'The statistics and vacuum upkeep that stands in for autovacuum (null when EMBEDDED_UPKEEP_INTERVAL_MS=0).',
      },
    ),
  },
  {
    $id: 'EmbeddedStatus',
    additionalProperties: false,
    description: 'The embedded database: what a commit survives, and its upkeep.',
  },
);

export const HealthSchema = Type.Object(
  {
    status: Type.Enum(['ok', 'ready']),
    database: Type.Optional(Type.Enum(['postgres', 'embedded'])),
    embedded: Type.Optional(ref(EmbeddedStatusSchema)),
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
        description:
          'Answers 200 when the database answers a query, 503 otherwise. On the embedded database it also says what an acknowledged write survives, and what the upkeep has done.',
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
      if (app.database.kind !== 'embedded') return { status: 'ready' as const, database: app.database.kind };
      return {
        status: 'ready' as const,
        database: app.database.kind,
        embedded: {
          commits_survive: app.database.commitsSurvive ?? ('none' as const),
          fsync_calls: embeddedFsyncs.calls,
          upkeep: app.upkeep?.status() ?? null,
        },
      };
    },
  );
};
