import type { ApiModule } from '../../plugins/modules.ts';
import { EmbeddedStatusSchema, HealthSchema, healthRoutes, ReplicaStatusSchema } from './health.routes.ts';

/** Liveness and readiness, outside /v1. */
export const healthModule: ApiModule = {
  name: 'health',
  prefix: '',
  schemas: [EmbeddedStatusSchema, ReplicaStatusSchema, HealthSchema],
  routes: [healthRoutes],
};
