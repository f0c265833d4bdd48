import type { ApiModule } from '../../plugins/modules.ts';
import { eventTypeReadRoutes, eventTypeWriteRoutes } from './event-types.routes.ts';
import { eventTypeSchemas, eventTypeWriteSchemas } from './event-types.schemas.ts';

/** The event-type vocabulary, which admins extend. */
export const eventTypesModule: ApiModule = {
  name: 'event-types',
  schemas: eventTypeSchemas,
  routes: [eventTypeReadRoutes],
  writeSchemas: eventTypeWriteSchemas,
  writeRoutes: [eventTypeWriteRoutes],
};
