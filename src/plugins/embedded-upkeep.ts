import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { EmbeddedUpkeep } from '../db/embedded-upkeep.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Statistics and vacuum for the embedded database (absent with server PostgreSQL, or when turned off). */
    upkeep?: EmbeddedUpkeep;
  }
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Requests counted in, and not yet out. */
const inside = new WeakSet<FastifyRequest>();

/**
 * Runs the embedded upkeep between requests: it counts the requests in flight (the upkeep starts an ANALYZE or
 * VACUUM only when there are none) and asks for a check after each successful write.
 */
export default fp(
  async (app: FastifyInstance, { intervalMs }: { intervalMs: number }) => {
    let inFlight = 0;
    const upkeep = new EmbeddedUpkeep(app.db, { intervalMs, idle: () => inFlight === 0, logger: app.log });
    app.decorate('upkeep', upkeep);

    app.addHook('onRequest', async (request) => {
      inside.add(request);
      inFlight += 1;
    });
    // Whichever of these comes first (an earlier hook may have refused the request before it was counted).
    const done = async (request: FastifyRequest, status: number) => {
      if (!inside.delete(request)) return;
      inFlight -= 1;
      if (WRITE_METHODS.has(request.method) && status < 400) upkeep.nudge();
    };
    app.addHook('onResponse', async (request, reply) => done(request, reply.statusCode));
    app.addHook('onRequestAbort', async (request) => done(request, 499));
    app.addHook('onTimeout', async (request) => done(request, 408));

    app.addHook('onReady', async () => upkeep.start());
    app.addHook('onClose', async () => upkeep.stop());
  },
  { name: 'embedded-upkeep' },
);
