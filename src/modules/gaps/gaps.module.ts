import type { ApiModule } from '../../plugins/modules.ts';
import { gapRoutes } from './gaps.routes.ts';
import { gapSchemas } from './gaps.schemas.ts';

/** Gaps: when nothing matching happened (docs/gaps.md). */
export const gapsModule: ApiModule = {
  name: 'gaps',
  schemas: gapSchemas,
  routes: [gapRoutes],
};
