import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Shared caches may keep only what anyone may read. A response to a request that carried credentials, or
 * any response when reads need a key (READS_REQUIRE_KEY), becomes `private` where a route said `public`,
 * and varies on `Authorization`, so that no proxy or CDN hands one client's read to another.
 */
export function privateCacheControl(cacheControl: string): string {
  return cacheControl.replace(/\bpublic\b/i, 'private');
}

export default fp(
  async (app: FastifyInstance, options: { readsRequireKey: boolean }) => {
    app.addHook('onSend', async (request, reply, payload) => {
      const authenticated = options.readsRequireKey || request.headers.authorization !== undefined;
      if (!authenticated) return payload;
      const cacheControl = reply.getHeader('cache-control');
      if (typeof cacheControl === 'string') reply.header('cache-control', privateCacheControl(cacheControl));
      const vary = reply.getHeader('vary');
      const varies = typeof vary === 'string' ? vary.split(',').map((v) => v.trim().toLowerCase()) : [];
      if (!varies.includes('authorization') && !varies.includes('*')) {
        reply.header('vary', typeof vary === 'string' && vary ? `${vary}, Authorization` : 'Authorization');
      }
      return payload;
    });
  },
  { name: 'cache-control' },
);
