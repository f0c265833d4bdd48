import type { ApiModule } from '../../plugins/modules.ts';
import { keyRoutes } from './keys.routes.ts';
import { keySchemas } from './keys.schemas.ts';

/** API keys over HTTP for admin keys: create, list, revoke (the keys CLI uses them beside a running server). */
export const keysModule: ApiModule = {
  name: 'keys',
  writeSchemas: keySchemas,
  writeRoutes: [keyRoutes],
};
