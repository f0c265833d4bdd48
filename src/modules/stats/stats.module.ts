import type { ApiModule } from '../../plugins/modules.ts';
import { statsRoutes } from './stats.routes.ts';
import { statsSchemas } from './stats.schemas.ts';

/** Counts of the matching events by type, actor, role, country, status and PLOVER class. */
export const statsModule: ApiModule = {
  name: 'stats',
  schemas: statsSchemas,
  routes: [statsRoutes],
};
