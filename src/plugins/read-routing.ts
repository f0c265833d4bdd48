import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { parseLsn, readFrom } from '../db/read-replicas.ts';
import { invalidField } from '../http/problem.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A GET that must read from the primary even when replicas serve reads (a stream that follows writes). */
    readFromPrimary?: boolean;
  }
}

/** The header a write's answer carries and a read may send back: the primary's WAL position after the write. */
export const READ_POSITION_HEADER = 'x-read-position';

/**
 * With read replicas (DATABASE_READ_URL): a GET or HEAD runs against a replica and everything else against the
 * primary, chosen here once per request (handlers keep using `app.db`). A write's 2xx answer carries
 * `X-Read-Position`; a read that sends it back goes to a replica that has replayed that far, else to the
 * primary. A read without it goes to any replica within DATABASE_READ_MAX_LAG_MS. Without replicas this plugin
 * adds nothing.
 */
export default fp(
  async (app: FastifyInstance) => {
    const replicas = app.database.replicas;
    const readPosition = app.database.readPosition;
    if (!replicas || !readPosition) return;

    app.addHook('onRequest', (request, _reply, done) => {
      const isRead = request.method === 'GET' || request.method === 'HEAD';
      if (!isRead || request.routeOptions.config?.readFromPrimary) return done();
      const given = request.headers[READ_POSITION_HEADER];
      const token = typeof given === 'string' ? parseLsn(given) : undefined;
      if (given !== undefined && token === undefined) {
        return done(
          invalidField(
            'header',
            READ_POSITION_HEADER,
            'not a read position: send back the X-Read-Position value a write answered with (like 0/16B3748), or leave the header out',
          ),
        );
      }
      replicas.choose(token).then(
        (replica) => readFrom(replica, () => done()),
        () => done(),
      );
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const isWrite = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
      if (!isWrite || reply.statusCode >= 400) return payload;
      // Sent after the handler returned, so after its commit: this position includes the write.
      const position = await readPosition().catch(() => undefined);
      if (position) reply.header(READ_POSITION_HEADER, position);
      return payload;
    });
  },
  { name: 'read-routing', dependencies: ['error-handler'] },
);
