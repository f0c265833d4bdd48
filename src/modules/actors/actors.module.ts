import type { ApiModule } from '../../plugins/modules.ts';
import { actorReadRoutes, actorWriteRoutes } from './actors.routes.ts';
import { actorSchemas, actorWriteSchemas } from './actors.schemas.ts';

/** States, organizations, bodies and people: search, one actor with statistics, and their writes. */
export const actorsModule: ApiModule = {
  name: 'actors',
  schemas: actorSchemas,
  routes: [actorReadRoutes],
  writeSchemas: actorWriteSchemas,
  writeRoutes: [actorWriteRoutes],
};
