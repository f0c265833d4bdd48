import type { ApiModule } from '../../plugins/modules.ts';
import { changeRoutes } from './changes.routes.ts';
import { changeSchemas } from './changes.schemas.ts';

/** What changed, in commit order: the feed (`/v1/changes`) and its live stream (`/v1/changes/stream`). */
export const changesModule: ApiModule = {
  name: 'changes',
  schemas: changeSchemas,
  routes: [changeRoutes],
};
