import type { ApiModule } from '../../plugins/modules.ts';
import { eventSchemas, TimelineJsSchema } from './events.schemas.ts';
import { eventImportRoutes } from './import/import.routes.ts';
import { eventReadRoutes } from './read/read.routes.ts';
import { eventWriteRoutes } from './write/write.routes.ts';
import { eventWriteSchemas } from './write/write.schemas.ts';

/** The timeline and single events (read/), their writes (write/) and the bulk import. */
export const eventsModule: ApiModule = {
  name: 'events',
  schemas: [...eventSchemas, TimelineJsSchema],
  routes: [eventReadRoutes],
  writeSchemas: eventWriteSchemas,
  writeRoutes: [eventWriteRoutes, eventImportRoutes],
};
