import type { ApiModule } from '../../plugins/modules.ts';
import { revisionRoutes } from './revisions.routes.ts';
import { revisionSchemas } from './revisions.schemas.ts';

/** The history every write leaves: read here, written by the other modules' commands. */
export const revisionsModule: ApiModule = {
  name: 'revisions',
  routes: [revisionRoutes],
  // With the writes' schemas, whose history they are: openapi.json lists them last.
  writeSchemas: revisionSchemas,
};
