import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { Problem } from '../http/problem.ts';

/** Security headers, and shedding load with a 503 problem before the process drowns. */
export default fp(
  async (app: FastifyInstance, { config, embedded }: { config: Config; embedded: boolean }) => {
    // The API serves JSON to any origin's frontends; /docs sets its own CSP (swagger-ui staticCSP).
    // On shutdown Fastify closes idle keep-alive sockets once; a socket whose request was still in flight
    // would then stay open until its keep-alive timeout and hold up the exit. End those after their response.
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onResponse', async (request) => {
      if (closing) request.raw.socket?.end();
    });

    await app.register(helmet, {
      contentSecurityPolicy: false,
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    });
    // The database is pinged every DATABASE_HEALTH_CHECK_INTERVAL_MS; once a ping fails, /v1 requests get a
    // 503 at once instead of each waiting out a connect timeout. While it is away it is pinged twice a second,
    // so the service is back within half a second of PostgreSQL, not up to a whole interval later.
    // The embedded database lives and dies with the process: nothing to check.
    const checkInterval = config.DATABASE_HEALTH_CHECK_INTERVAL_MS;
    const checksDatabase = !embedded && checkInterval > 0;
    const recheckInterval = Math.min(500, checkInterval);
    let databaseReachable = true;
    let lastPing = 0;
    const checkDatabase = async (): Promise<boolean> => {
      if (closing) return databaseReachable;
      if (databaseReachable && Date.now() - lastPing < checkInterval - recheckInterval) return true;
      lastPing = Date.now();
      try {
        await app.database.ping();
        if (!databaseReachable) app.log.info('database reachable again: serving /v1 requests');
        databaseReachable = true;
      } catch (error) {
        if (databaseReachable) {
          app.log.warn(
            { err: { message: (error as Error).message } },
            'database unreachable: answering /v1 requests with 503 until it is back',
          );
        }
        databaseReachable = false;
      }
      return databaseReachable;
    };
    // The embedded database runs on the event loop itself: a long query there is not overload, so the
    // event-loop thresholds only apply with server PostgreSQL. 0 turns a threshold off.
    await app.register(underPressure, {
      maxEventLoopDelay: embedded ? 0 : config.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
      maxEventLoopUtilization: embedded ? 0 : config.PRESSURE_MAX_EVENT_LOOP_UTILIZATION,
      maxHeapUsedBytes: 1_500_000_000,
      retryAfter: 5,
      ...(checksDatabase ? { healthCheck: checkDatabase, healthCheckInterval: recheckInterval } : {}),
      // Rejecting hands the problem to the one error handler (a 503 problem with Retry-After).
      pressureHandler: async (request, _reply, type, value) => {
        const unavailable = (detail: string) =>
          new Problem('unavailable', `${detail}: retry in a few seconds`, undefined, { 'retry-after': '5' });
        if (type === underPressure.TYPE_HEALTH_CHECK) {
          // Only /v1 needs the database: liveness, readiness (which pings by itself) and the docs still answer.
          if (!request.routeOptions.url?.startsWith('/v1')) return;
          throw unavailable('The database is not reachable right now');
        }
        throw unavailable(
          `The service is overloaded (${type}${value ? ` at ${Math.round(Number(value))}` : ''})`,
        );
      },
    });
  },
  { name: 'hardening', dependencies: ['error-handler'] },
);
