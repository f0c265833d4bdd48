import { READ_ONLY_DATE_MEMBERS, READ_ONLY_EVENT_MEMBERS } from './import.schemas.ts';

// An event as the API exports it (GET /v1/events, the NDJSON export) read as an import row, so that an export
// imports again as it is: `date` as an object gives its `edtf`; a participant's actor as `{id, kind, name}`
// gives its id (and what to create it with); a relation's event as `{id, slug}` gives its id, else its slug;
// the members the service keeps itself are dropped. Only the names listed in import.schemas.ts are taken as
// read-only: any other stays in the row, and the schema check refuses it by name.

export interface ExportedActor {
  kind?: unknown;
  name?: unknown;
}

export interface ExportShapeResult {
  row: Record<string, unknown>;
  /** By participant index: the actor object an exported participant gave (id aside). */
  actors: Map<number, ExportedActor & { id: unknown }>;
  errors: { pointer: string; detail: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const DATE_MEMBERS = new Set<string>(['edtf', ...READ_ONLY_DATE_MEMBERS]);
/** What every exported event has and an import writes (`id` aside: a row may be matched by its slug). */
const EXPORT_WRITABLE_MEMBERS = [
  'slug',
  'type',
  'status',
  'title',
  'summary',
  'participants',
  'location',
  'sources',
  'tags',
  'relations',
];
const RELATION_EVENT_MEMBERS = new Set(['id', 'slug']);

export function readExportShape(value: Record<string, unknown>): ExportShapeResult {
  const errors: { pointer: string; detail: string }[] = [];
  const actors = new Map<number, ExportedActor & { id: unknown }>();
  const row: Record<string, unknown> = { ...value };
  for (const name of READ_ONLY_EVENT_MEMBERS) delete row[name];

  if (isObject(row.date)) {
    // A date object is the export's shape, and an import replaces whole events: an export cut down by
    // `fields=` would clear every member it lacks, so such a row is refused instead.
    const missing = EXPORT_WRITABLE_MEMBERS.filter((name) => !(name in value));
    if (missing.length > 0) {
      errors.push({
        pointer: `/${missing[0]}`,
        detail: `missing: a row in the export's shape (its date is an object) needs every member of the event, and this one lacks ${missing.join(', ')}. A partial export (fields=) is not a round-trip file, since an import replaces whole events and would clear what the row lacks: export again without fields=, or, to write only these members as a row of your own, give the date as its EDTF string`,
      });
    }
    const date = row.date;
    for (const key of Object.keys(date)) {
      if (!DATE_MEMBERS.has(key))
        errors.push({ pointer: `/date/${key}`, detail: `unknown property "${key}"` });
    }
    if (typeof date.edtf !== 'string') {
      errors.push({ pointer: '/date/edtf', detail: 'an exported date needs its "edtf" string' });
    } else row.date = date.edtf;
  }

  if (Array.isArray(row.participants)) {
    row.participants = row.participants.map((p, i) => {
      if (!isObject(p) || !isObject(p.actor)) return p;
      actors.set(i, p.actor as unknown as ExportedActor & { id: unknown });
      return { ...p, actor: p.actor.id };
    });
  }

  if (Array.isArray(row.relations)) {
    row.relations = row.relations.map((r, i) => {
      if (!isObject(r) || !isObject(r.event)) return r;
      const event = r.event;
      for (const key of Object.keys(event)) {
        if (!RELATION_EVENT_MEMBERS.has(key)) {
          errors.push({ pointer: `/relations/${i}/event/${key}`, detail: `unknown property "${key}"` });
        }
      }
      // The id wins: the related event's slug may have changed since the export.
      const ref = typeof event.id === 'string' ? event.id : event.slug;
      if (typeof ref !== 'string') {
        errors.push({ pointer: `/relations/${i}/event`, detail: 'give the related event\'s "id" or "slug"' });
        return r;
      }
      return { ...r, event: ref };
    });
  }
  return { row, actors, errors };
}
