import type { Insertable } from 'kysely';
import type { Static } from 'typebox';
import type {
  Db,
  EventParticipantsTable,
  EventRelationsTable,
  EventSourcesTable,
  NewEventRow,
} from '../../../db/schema.ts';
import { canonicalJson } from '../../../domain/canonical.ts';
import { type DateBounds, EdtfError } from '../../../domain/edtf.ts';
import { readEdtf } from '../../../domain/edtf-simple.ts';
import { placeProblems } from '../../../domain/geo.ts';
import { Problem, type ProblemDetail } from '../../../http/problem.ts';
import type { EventInputSchema } from '../events.schemas.ts';
import { type ApiEvent, dateColumns } from '../read/events.mapper.ts';
import { type EventLinks, existingActorIds, existingEventTypes, resolveEventRefs } from './write.queries.ts';

export type EventInput = Static<typeof EventInputSchema>;

/** The links of an event not written yet: each gets the event's id when it is. */
export interface PreparedLinks {
  participants: Omit<Insertable<EventParticipantsTable>, 'event_id'>[];
  sources: Omit<EventSourcesTable, 'event_id'>[];
  relations: Omit<EventRelationsTable, 'event_id'>[];
}

export interface PreparedEvent {
  row: Omit<NewEventRow, 'id'>;
  links: PreparedLinks;
}

/** The links of prepared events, each given the id of the event it was written as. */
export function linksOf(written: { id: string; links: PreparedLinks }[]): EventLinks {
  return {
    participants: written.flatMap((w) => w.links.participants.map((p) => ({ ...p, event_id: w.id }))),
    sources: written.flatMap((w) => w.links.sources.map((s) => ({ ...s, event_id: w.id }))),
    relations: written.flatMap((w) => w.links.relations.map((r) => ({ ...r, event_id: w.id }))),
  };
}

/** What checking events against the database needs, fetched once for a whole batch. */
export interface EventLookups {
  types: Set<string>;
  actors: Set<string>;
  /** Event references (UUID or slug) → id; unknown references are absent. */
  events: Map<string, string>;
}

function actorRefs(input: EventInput): string[] {
  return [
    ...(input.participants ?? []).map((p) => p.actor),
    ...(input.sources ?? []).flatMap((s) => (s.quoted_actor ? [s.quoted_actor] : [])),
  ];
}

export async function loadEventLookups(db: Db, inputs: EventInput[]): Promise<EventLookups> {
  const [types, actors, events] = await Promise.all([
    existingEventTypes(db, [...new Set(inputs.map((i) => i.type))]),
    existingActorIds(db, [...new Set(inputs.flatMap(actorRefs))]),
    resolveEventRefs(db, [...new Set(inputs.flatMap((i) => (i.relations ?? []).map((r) => r.event)))]),
  ]);
  return { types, actors, events };
}

function resolveRef(lookups: EventLookups, ref: string): string | undefined {
  return lookups.events.get(ref) ?? lookups.events.get(ref.toLowerCase());
}

export type EventCheck = { ok: true; prepared: PreparedEvent } | { ok: false; problem: Problem };

/**
 * Checks an input against the database's state (EDTF, type, actors, related events) and derives its row.
 * A bad date is a 400; unknown references are a 422; every problem found is listed.
 */
export function checkEvent(input: EventInput, lookups: EventLookups, selfId?: string): EventCheck {
  const dateErrors: ProblemDetail[] = [];
  const errors: ProblemDetail[] = [];
  let bounds: DateBounds | undefined;
  try {
    bounds = readEdtf(input.date);
  } catch (error) {
    if (!(error instanceof EdtfError)) throw error;
    dateErrors.push({ detail: error.message, pointer: '/date', in: 'body' });
  }
  const participants = input.participants ?? [];
  const sources = input.sources ?? [];
  const relations = input.relations ?? [];
  if (!lookups.types.has(input.type)) {
    errors.push({
      detail: `unknown event type "${input.type}": see GET /v1/event-types`,
      pointer: '/type',
      in: 'body',
    });
  }
  participants.forEach((p, i) => {
    if (!lookups.actors.has(p.actor)) {
      errors.push({
        detail: `unknown actor "${p.actor}": create it first (POST /v1/actors)`,
        pointer: `/participants/${i}/actor`,
        in: 'body',
      });
    }
  });
  sources.forEach((s, i) => {
    if (s.quoted_actor && !lookups.actors.has(s.quoted_actor)) {
      errors.push({
        detail: `unknown actor "${s.quoted_actor}"`,
        pointer: `/sources/${i}/quoted_actor`,
        in: 'body',
      });
    }
    if (s.published) {
      try {
        readEdtf(s.published);
      } catch (error) {
        errors.push({ detail: (error as Error).message, pointer: `/sources/${i}/published`, in: 'body' });
      }
    }
  });
  relations.forEach((r, i) => {
    const target = resolveRef(lookups, r.event);
    if (!target)
      errors.push({ detail: `unknown event "${r.event}"`, pointer: `/relations/${i}/event`, in: 'body' });
    else if (target === selfId)
      errors.push({
        detail: 'an event cannot relate to itself',
        pointer: `/relations/${i}/event`,
        in: 'body',
      });
  });
  if (input.location) {
    for (const p of placeProblems(input.location)) {
      errors.push({ detail: p.detail, pointer: `/location/${p.member}`, in: 'body' });
    }
  }
  const seen = new Set<string>();
  participants.forEach((p, i) => {
    const key = `${p.actor}/${p.role ?? 'party'}`;
    if (seen.has(key)) {
      errors.push({
        detail: `"${p.actor}" is listed twice with role ${p.role ?? 'party'}`,
        pointer: `/participants/${i}`,
        in: 'body',
      });
    }
    seen.add(key);
  });
  if (dateErrors.length > 0) {
    return {
      ok: false,
      problem: new Problem('validation', `date: ${dateErrors[0]?.detail}`, [...dateErrors, ...errors]),
    };
  }
  if (errors.length > 0 || !bounds) {
    const summary = errors.map((e) => `${e.pointer.slice(1)}: ${e.detail}`).join('; ');
    return { ok: false, problem: new Problem('unprocessable', summary, errors) };
  }

  const location = input.location ?? null;
  return {
    ok: true,
    prepared: {
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
        location_precision: location?.precision ?? null,
        tags: [...new Set(input.tags ?? [])].sort(),
      },
      links: {
        participants: participants.map((p) => ({
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
          target_id: resolveRef(lookups, r.event) as string,
        })),
      },
    },
  };
}

/** Validates one input against the database and derives its row; throws the problem found. */
export async function prepareEvent(db: Db, input: EventInput, selfId?: string): Promise<PreparedEvent> {
  const check = checkEvent(input, await loadEventLookups(db, [input]), selfId);
  if (!check.ok) throw check.problem;
  return check.prepared;
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

/** Whether writing `input` would leave `current` as it is (defaults, order of sets and references aside). */
export function sameContent(current: ApiEvent, input: EventInput, lookups: EventLookups): boolean {
  const wanted = normalizedInput({
    ...input,
    relations: (input.relations ?? []).map((r) => ({ ...r, event: resolveRef(lookups, r.event) ?? r.event })),
  });
  return canonicalJson(normalizedInput(eventToInput(current))) === canonicalJson(wanted);
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
