import type { ApiModule } from '../../plugins/modules.ts';
import { networkRoutes } from './network.routes.ts';
import { networkSchemas } from './network.schemas.ts';

/** An actor's network: the actors it shares events with. */
export const networkModule: ApiModule = {
  name: 'network',
  schemas: networkSchemas,
  routes: [networkRoutes],
};
