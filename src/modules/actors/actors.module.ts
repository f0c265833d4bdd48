import type { ApiModule } from '../../plugins/modules.ts';
import { actorReadRoutes } from './actors.routes.ts';
import { actorSchemas } from './actors.schemas.ts';
import { actorWriteRoutes, actorWriteSchemas } from './actors.write-routes.ts';

/** States, organizations, bodies and people: search, one actor with statistics, and their writes. */
export const actorsModule: ApiModule = {
  name: 'actors',
  schemas: actorSchemas,
  routes: [actorReadRoutes],
  writeSchemas: actorWriteSchemas,
  writeRoutes: [actorWriteRoutes],
};
