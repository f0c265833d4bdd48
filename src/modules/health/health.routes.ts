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

export const ReplicaStatusSchema = Type.Object(
  {
    name: Type.String({ description: "The replica's URL from DATABASE_READ_URL, without its password." }),
    state: Type.Enum(['up', 'lagging', 'down', 'foreign', 'unknown'], {
      description:
        '`up`: serves reads. `lagging`: answers but is more than DATABASE_READ_MAX_LAG_MS behind the primary. `down`: does not answer. `foreign`: not a copy of the primary. `unknown`: not checked yet. Reads meant for a replica that is not `up` go to the primary.',
    }),
    lag_ms: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description:
        'How long ago the primary wrote the oldest change this replica has not replayed (0: none).',
    }),
    lag_bytes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description: 'WAL bytes the replica has still to replay, at the last check.',
    }),
    replayed: Type.Union([Type.String(), Type.Null()], {
      description: 'The WAL position it had replayed at the last check (compare with X-Read-Position).',
    }),
    error: Type.Union([Type.String(), Type.Null()], { description: 'Why it is down or foreign.' }),
  },
  { $id: 'ReplicaStatus', additionalProperties: false },
);

export const HealthSchema = Type.Object(
  {
    status: Type.Enum(['ok', 'ready']),
    database: Type.Optional(Type.Enum(['postgres', 'embedded'])),
    embedded: Type.Optional(ref(EmbeddedStatusSchema)),
    replicas: Type.Optional(
      Type.Array(ref(ReplicaStatusSchema), {
        description:
          'With DATABASE_READ_URL: each read replica as of its last check (every DATABASE_READ_CHECK_INTERVAL_MS). A replica that is not up does not make the service unready: its reads go to the primary.',
      }),
    ),
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
          'Answers 200 when the (primary) database answers a query, 503 otherwise. On the embedded database it also says what an acknowledged write survives, and what the upkeep has done; with read replicas, the state and lag of each.',
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
      const replicas = app.database.replicas;
      if (app.database.kind !== 'embedded') {
        return {
          status: 'ready' as const,
          database: app.database.kind,
          ...(replicas ? { replicas: replicas.status() } : {}),
        };
      }
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
