import type { ApiModule } from '../../plugins/modules.ts';
import { viewerRoutes } from './viewer.routes.ts';

/** The built-in timeline viewer at /timeline (and / redirecting to it); not part of the API document. */
export const viewerModule: ApiModule = {
  name: 'viewer',
  prefix: '',
  routes: [viewerRoutes],
};
