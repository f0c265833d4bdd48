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
    // The embedded database runs on the event loop itself: a long query there is not overload, so the
    // event-loop thresholds only apply with server PostgreSQL. 0 turns a threshold off.
    await app.register(underPressure, {
      maxEventLoopDelay: embedded ? 0 : config.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
      maxEventLoopUtilization: embedded ? 0 : config.PRESSURE_MAX_EVENT_LOOP_UTILIZATION,
      maxHeapUsedBytes: 1_500_000_000,
      retryAfter: 5,
      // Rejecting hands the problem to the one error handler (a 503 problem with Retry-After).
      pressureHandler: async (_request, _reply, type, value) => {
        throw new Problem(
          'unavailable',
          `The service is overloaded (${type}${value ? ` at ${Math.round(Number(value))}` : ''}): retry in a few seconds`,
          undefined,
          {
            'retry-after': '5',
          },
        );
      },
    });
  },
  { name: 'hardening', dependencies: ['error-handler'] },
);
