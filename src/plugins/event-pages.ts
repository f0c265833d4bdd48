import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EventPagesRefill } from '../modules/events/events.service.ts';

/** Writes the stored event texts a large write left in the backlog (src/modules/events/write/event-pages.ts, through the events module's public file). */
export default fp(
  async (app: FastifyInstance, { intervalMs }: { intervalMs: number }) => {
    // The primary's handle: the refill writes.
    const refill = new EventPagesRefill(app.database.db, { intervalMs, logger: app.log });
    app.addHook('onReady', async () => refill.start());
    app.addHook('onClose', async () => refill.stop());
  },
  { name: 'event-pages-refill' },
);
