import type { ApiModule } from '../../plugins/modules.ts';
import { eventTypeReadRoutes } from './event-types.routes.ts';
import { eventTypeSchemas } from './event-types.schemas.ts';
import { eventTypeWriteRoutes, eventTypeWriteSchemas } from './event-types.write-routes.ts';

/** The event-type vocabulary, which admins extend. */
export const eventTypesModule: ApiModule = {
  name: 'event-types',
  schemas: eventTypeSchemas,
  routes: [eventTypeReadRoutes],
  writeSchemas: eventTypeWriteSchemas,
  writeRoutes: [eventTypeWriteRoutes],
};
