// What the rest of the code may use from the events module: other modules import from this file only
// (tests/foundation/architecture.test.ts holds them to it), and from events.schemas.ts to reference a schema.

export {
  coarseCondition,
  type EventFilterQuery,
  type EventFilters,
  eventFilterProperties,
  filtersKey,
  mapFilterLeaves,
  normalizeFilters,
  whereEventFilters,
  windowCondition,
} from './event-filters.ts';
export { findEventByIdOrSlug } from './read/page.queries.ts';
export { EventPagesRefill } from './write/event-pages.ts';
export type { EventInput } from './write/prepare.service.ts';
export type { UpsertOutcome } from './write/upsert.commands.ts';
export { upsertEventBySlug } from './write/write.commands.ts';
export { refreshEventSearch } from './write/write.queries.ts';
