import type { ApiModule } from '../../plugins/modules.ts';
import { histogramRoutes } from './histogram.routes.ts';
import { histogramSchemas } from './histogram.schemas.ts';
import { histogramUpkeep } from './histogram.upkeep.ts';

/** Aggregates over the timeline: the histogram (and the upkeep of its summary). */
export const timelineModule: ApiModule = {
  name: 'timeline',
  schemas: histogramSchemas,
  routes: [histogramRoutes, histogramUpkeep],
};
