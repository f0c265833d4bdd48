import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { compactHistogramSummary } from './histogram.queries.ts';

/** How often the histogram summary's delta rows are folded: a minute of writes is a few thousand rows. */
export const SUMMARY_COMPACT_INTERVAL_MS = 60_000;

/**
 * Compacts the histogram summary on the primary every minute, for as long as the app runs. Every instance
 * does it; two at once are harmless (each folds the rows it sees, docs/decisions.md). A failure waits for the
 * next round.
 */
export const histogramUpkeep: FastifyPluginAsyncTypebox = async (app) => {
  const timer = setInterval(() => {
    compactHistogramSummary(app.db).catch((error: Error) =>
      app.log.warn({ err: error }, 'histogram summary compaction failed; it is retried in a minute'),
    );
  }, SUMMARY_COMPACT_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
};
