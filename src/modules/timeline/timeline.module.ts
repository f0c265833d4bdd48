import type { ApiModule } from '../../plugins/modules.ts';
import { histogramRoutes } from './histogram.routes.ts';
import { histogramSchemas } from './histogram.schemas.ts';

/** Aggregates over the timeline: the histogram. */
export const timelineModule: ApiModule = {
  name: 'timeline',
  schemas: histogramSchemas,
  routes: [histogramRoutes],
};
