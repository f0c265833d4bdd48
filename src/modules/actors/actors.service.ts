import type { Static } from 'typebox';
import type { Db, Place } from '../../db/schema.ts';
import { type CursorCodec, pageOf } from '../../http/cursor.ts';
import { Problem } from '../../http/problem.ts';
import { type ActorRecord, actorStats, findActor, listActorRows } from './actors.queries.ts';
import type { ActorDetailSchema, ActorInputSchema, ActorSchema } from './actors.schemas.ts';

// Reading actors, and what other modules may use from this one.

export { findActor } from './actors.queries.ts';

export type ApiActor = Static<typeof ActorSchema>;
export type ActorInput = Static<typeof ActorInputSchema>;

/** A stored place with its members in the API's order, empty ones left out; null when nothing is left. */
function toApiPlace(place: Place | null): ApiActor['seat'] {
  if (!place) return null;
  const out: NonNullable<ApiActor['seat']> = {};
  if (place.name) out.name = place.name;
  if (place.country) out.country = place.country;
  if (typeof place.lat === 'number') out.lat = place.lat;
  if (typeof place.lon === 'number') out.lon = place.lon;
  if (place.precision) out.precision = place.precision;
  return Object.keys(out).length > 0 ? out : null;
}

export function toApiActor(row: ActorRecord): ApiActor {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    aliases: row.aliases,
    country: row.country,
    wikidata: row.wikidata,
    affiliations: row.affiliations.map((a) => ({
      actor: a.actor,
      ...(a.role ? { role: a.role } : {}),
      ...(a.date ? { date: a.date } : {}),
    })),
    seat: toApiPlace(row.seat),
    version: row.version,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export async function getActor(db: Db, id: string): Promise<Static<typeof ActorDetailSchema>> {
  const row = await findActor(db, id);
  if (!row) throw new Problem('notFound', `No actor "${id}": list actors with GET /v1/actors?q=…`);
  const stats = await actorStats(db, id);
  const ref = (e: typeof stats.first) => (e ? { id: e.id, slug: e.slug, date: e.edtf } : null);
  return {
    ...toApiActor(row),
    stats: {
      events: stats.total,
      by_type: Object.fromEntries(stats.byType.map((t) => [t.type, t.n])),
      first_event: ref(stats.first),
      last_event: ref(stats.last),
    },
  };
}

export interface ActorListParams {
  q?: string;
  kind?: string[];
  limit?: number;
  cursor?: string;
}

export async function listActors(db: Db, codec: CursorCodec, params: ActorListParams) {
  const limit = params.limit ?? 50;
  const kinds = [...new Set((params.kind ?? []).flatMap((k) => k.split(',')))].sort();
  const q = params.q?.trim() || null;
  const queryKey = JSON.stringify({ kinds, q });
  const after = params.cursor ? codec.decode(params.cursor, queryKey, ['slug'])[0] : null;
  const rows = await listActorRows(db, { q, kinds, after, limit });
  const page = pageOf(rows, limit, (last) => codec.encode([last.id], queryKey));
  return { data: page.rows.map(toApiActor), next_cursor: page.nextCursor };
}

export function actorToInput(actor: ApiActor): ActorInput {
  return {
    id: actor.id,
    kind: actor.kind,
    name: actor.name,
    aliases: actor.aliases,
    country: actor.country,
    wikidata: actor.wikidata,
    affiliations: actor.affiliations,
    seat: actor.seat,
  };
}
