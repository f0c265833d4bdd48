import type { Kysely, Transaction } from 'kysely';
import type { Static } from 'typebox';
import type { Database, NewEventRow } from '../../db/schema.ts';
import { canonicalJson } from '../../domain/canonical.ts';
import { EdtfError, parseEdtf } from '../../domain/edtf.ts';
import { Problem, type ProblemDetail } from '../../http/problem.ts';
import { insertRevision } from '../revisions/revisions.queries.ts';
import { type ApiEvent, dateColumns, toApiEvents } from './events.mapper.ts';
import {
  type EventRecord,
  eventTypeExists,
  existingActorIds,
  findEventByIdOrSlug,
  insertEvent,
  markEventDeleted,
  refreshEventSearch,
  replaceEventLinks,
  resolveEventRefs,
  updateEventRow,
} from './events.queries.ts';
import type { EventInputSchema } from './events.schemas.ts';

export type EventInput = Static<typeof EventInputSchema>;
type Db = Kysely<Database> | Transaction<Database>;

/** Who is writing: the API key id, or null for the seed and CLI. */
export interface WriteContext {
  apiKeyId: string | null;
}

interface PreparedEvent {
  row: Omit<NewEventRow, 'id'>;
  links: Parameters<typeof replaceEventLinks>[2];
}

/** Validates an input against the database (EDTF, type, actors, related events) and derives the row. */
export async function prepareEvent(db: Db, input: EventInput, selfId?: string): Promise<PreparedEvent> {
  const errors: ProblemDetail[] = [];
  let bounds: ReturnType<typeof parseEdtf> | undefined;
  try {
    bounds = parseEdtf(input.date);
  } catch (error) {
    if (!(error instanceof EdtfError)) throw error;
    errors.push({ detail: error.message, pointer: '/date', in: 'body' });
  }
  if (errors.length > 0) throw new Problem('validation', `date: ${errors[0]?.detail}`, errors);

  const participants = input.participants ?? [];
  const sources = input.sources ?? [];
  const relations = input.relations ?? [];
  const actorIds = [
    ...new Set([
      ...participants.map((p) => p.actor),
      ...sources.flatMap((s) => (s.quoted_actor ? [s.quoted_actor] : [])),
    ]),
  ];
  const [typeOk, knownActors, eventIds] = await Promise.all([
    eventTypeExists(db, input.type),
    existingActorIds(db, actorIds),
    resolveEventRefs(
      db,
      relations.map((r) => r.event),
    ),
  ]);
  if (!typeOk)
    errors.push({
      detail: `unknown event type "${input.type}": see GET /v1/event-types`,
      pointer: '/type',
      in: 'body',
    });
  participants.forEach((p, i) => {
    if (!knownActors.has(p.actor)) {
      errors.push({
        detail: `unknown actor "${p.actor}": create it first (POST /v1/actors)`,
        pointer: `/participants/${i}/actor`,
        in: 'body',
      });
    }
  });
  sources.forEach((s, i) => {
    if (s.quoted_actor && !knownActors.has(s.quoted_actor)) {
      errors.push({
        detail: `unknown actor "${s.quoted_actor}"`,
        pointer: `/sources/${i}/quoted_actor`,
        in: 'body',
      });
    }
    if (s.published) {
      try {
        parseEdtf(s.published);
      } catch (error) {
        errors.push({ detail: (error as Error).message, pointer: `/sources/${i}/published`, in: 'body' });
      }
    }
  });
  relations.forEach((r, i) => {
    const target = eventIds.get(r.event) ?? eventIds.get(r.event.toLowerCase());
    if (!target)
      errors.push({ detail: `unknown event "${r.event}"`, pointer: `/relations/${i}/event`, in: 'body' });
    else if (target === selfId)
      errors.push({
        detail: 'an event cannot relate to itself',
        pointer: `/relations/${i}/event`,
        in: 'body',
      });
  });
  const seen = new Set<string>();
  participants.forEach((p, i) => {
    const key = `${p.actor}/${p.role ?? 'party'}`;
    if (seen.has(key))
      errors.push({
        detail: `"${p.actor}" is listed twice with role ${p.role ?? 'party'}`,
        pointer: `/participants/${i}`,
        in: 'body',
      });
    seen.add(key);
  });
  if (errors.length > 0 || !bounds) {
    throw new Problem(
      'unprocessable',
      errors.map((e) => `${e.pointer.slice(1)}: ${e.detail}`).join('; '),
      errors,
    );
  }

  const location = input.location ?? null;
  return {
    row: {
      slug: input.slug ?? null,
      type: input.type,
      status: input.status ?? 'held',
      title: JSON.stringify(input.title),
      summary: JSON.stringify(input.summary ?? {}),
      ...dateColumns(bounds),
      location_name: location?.name ?? null,
      location_country: location?.country ?? null,
      location_lat: location?.lat ?? null,
      location_lon: location?.lon ?? null,
      tags: [...new Set(input.tags ?? [])].sort(),
    },
    links: {
      participants: participants.map((p) => ({
        event_id: selfId ?? '',
        actor_id: p.actor,
        role: p.role ?? 'party',
      })),
      sources: sources.map((s, position) => ({
        position,
        title: s.title,
        publisher: s.publisher ?? null,
        url: s.url ?? null,
        published: s.published ?? null,
        lang: s.lang ?? null,
        quote: s.quote ?? null,
        quoted_actor: s.quoted_actor ?? null,
      })),
      relations: relations.map((r) => ({
        kind: r.kind,
        target_id: (eventIds.get(r.event) ?? eventIds.get(r.event.toLowerCase())) as string,
      })),
    },
  };
}

/** The input that reproduces an event: the representation PATCH merges into and imports compare with. */
export function eventToInput(event: ApiEvent): EventInput {
  return {
    slug: event.slug,
    type: event.type,
    status: event.status,
    title: event.title,
    summary: event.summary,
    date: event.date.edtf,
    participants: event.participants.map((p) => ({ actor: p.actor.id, role: p.role })),
    location: event.location,
    sources: event.sources,
    tags: event.tags,
    relations: event.relations.map((r) => ({ kind: r.kind, event: r.event.id })),
  };
}

async function writeLinksAndRevision(
  tx: Transaction<Database>,
  record: EventRecord,
  prepared: PreparedEvent,
  operation: 'create' | 'update',
  ctx: WriteContext,
): Promise<ApiEvent> {
  await replaceEventLinks(tx, record.id, {
    ...prepared.links,
    participants: prepared.links.participants.map((p) => ({ ...p, event_id: record.id })),
  });
  await refreshEventSearch(tx, [record.id]);
  const [event] = await toApiEvents(tx, [record]);
  if (!event) throw new Error('written event vanished');
  await insertRevision(tx, {
    entity: 'event',
    entity_id: record.id,
    version: record.version,
    operation,
    snapshot: event,
    api_key_id: ctx.apiKeyId,
  });
  return event;
}

export async function createEvent(
  db: Kysely<Database>,
  input: EventInput,
  ctx: WriteContext,
): Promise<ApiEvent> {
  return db.transaction().execute(async (tx) => {
    const prepared = await prepareEvent(tx, input);
    await assertSlugFree(tx, prepared.row.slug ?? null);
    const record = await insertEvent(tx, prepared.row);
    return writeLinksAndRevision(tx, record, prepared, 'create', ctx);
  });
}

/** Replaces an event's content; fails with 412 when `expectedVersion` is no longer current. */
export async function replaceEvent(
  db: Kysely<Database>,
  id: string,
  input: EventInput,
  expectedVersion: number,
  ctx: WriteContext,
): Promise<ApiEvent> {
  return db.transaction().execute(async (tx) => {
    const prepared = await prepareEvent(tx, input, id);
    await assertSlugFree(tx, prepared.row.slug ?? null, id);
    const record = await updateEventRow(tx, id, prepared.row, expectedVersion);
    if (!record) throw staleVersion(expectedVersion);
    return writeLinksAndRevision(tx, record, prepared, 'update', ctx);
  });
}

/** Soft delete: the row stays as a tombstone and its history stays readable. */
export async function deleteEvent(
  db: Kysely<Database>,
  id: string,
  expectedVersion: number,
  ctx: WriteContext,
): Promise<ApiEvent> {
  return db.transaction().execute(async (tx) => {
    const record = await markEventDeleted(tx, id, expectedVersion);
    if (!record) throw staleVersion(expectedVersion);
    const [event] = await toApiEvents(tx, [record]);
    if (!event) throw new Error('deleted event vanished');
    await insertRevision(tx, {
      entity: 'event',
      entity_id: id,
      version: record.version,
      operation: 'delete',
      snapshot: event,
      api_key_id: ctx.apiKeyId,
    });
    return event;
  });
}

export function staleVersion(expectedVersion: number): Problem {
  return new Problem(
    'preconditionFailed',
    `The event changed since version ${expectedVersion}: GET it again, re-apply your change and send the new ETag in If-Match`,
  );
}

async function assertSlugFree(db: Db, slug: string | null, selfId?: string): Promise<void> {
  if (!slug) return;
  let q = db.selectFrom('events').select('id').where('slug', '=', slug);
  if (selfId) q = q.where('id', '<>', selfId);
  if (await q.executeTakeFirst()) {
    throw new Problem(
      'conflict',
      `slug: "${slug}" is already used by another event (deleted events keep their slug)`,
      [{ detail: 'already used', pointer: '/slug', in: 'body' }],
    );
  }
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** Creates the event with this slug, or replaces it when its content differs: re-running an import changes nothing. */
export async function upsertEventBySlug(
  db: Kysely<Database>,
  input: EventInput & { slug: string },
  ctx: WriteContext,
): Promise<{ event: ApiEvent; outcome: UpsertOutcome }> {
  const existing = await findEventByIdOrSlug(db, input.slug);
  if (!existing) return { event: await createEvent(db, input, ctx), outcome: 'created' };
  const [current] = await toApiEvents(db, [existing]);
  if (!current) throw new Error('event vanished');
  const refs = await resolveEventRefs(
    db,
    (input.relations ?? []).map((r) => r.event),
  );
  const wanted = normalizedInput({
    ...input,
    relations: (input.relations ?? []).map((r) => ({ ...r, event: refs.get(r.event) ?? r.event })),
  });
  if (canonicalJson(normalizedInput(eventToInput(current))) === canonicalJson(wanted)) {
    return { event: current, outcome: 'unchanged' };
  }
  return { event: await replaceEvent(db, existing.id, input, existing.version, ctx), outcome: 'updated' };
}

function normalizedInput(input: EventInput): EventInput {
  return {
    ...input,
    status: input.status ?? 'held',
    summary: input.summary ?? {},
    participants: (input.participants ?? [])
      .map((p) => ({ actor: p.actor, role: p.role ?? 'party' }))
      .sort((a, b) => `${a.actor}/${a.role}`.localeCompare(`${b.actor}/${b.role}`)),
    tags: [...new Set(input.tags ?? [])].sort(),
    sources: input.sources ?? [],
    relations: [...(input.relations ?? [])].sort((a, b) =>
      `${a.kind}/${a.event}`.localeCompare(`${b.kind}/${b.event}`),
    ),
  };
}
