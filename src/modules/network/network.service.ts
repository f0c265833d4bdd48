import type { Static } from 'typebox';
import type { Db } from '../../db/schema.ts';
import { type CursorCodec, pageOf } from '../../http/cursor.ts';
import { Problem } from '../../http/problem.ts';
import { findActor } from '../actors/actors.service.ts';
import { type EventFilterQuery, filtersKey, normalizeFilters } from '../events/events.service.ts';
import { type NetworkRow, networkRows } from './network.queries.ts';
import type { NetworkLinkSchema, NetworkSchema } from './network.schemas.ts';

// An actor's network: who takes part in the matching events with it. Sorted by the number of shared events
// (then by id) and paged by a signed offset, as the stats are (docs/decisions.md).

export type NetworkQuery = Omit<EventFilterQuery, 'actor' | 'actor_match' | 'role'> & {
  limit?: number;
  cursor?: string;
};

type NetworkLink = Static<typeof NetworkLinkSchema>;

const toLink = (r: NetworkRow): NetworkLink => ({
  actor: { id: r.id, kind: r.kind, name: r.name },
  events: r.events,
  first: { id: r.first_id, slug: r.first_slug, date: r.first_edtf },
  last: { id: r.last_id, slug: r.last_slug, date: r.last_edtf },
});

async function actorOf(db: Db, id: string) {
  const actor = await findActor(db, id);
  if (!actor) throw new Problem('notFound', `No actor "${id}": list actors with GET /v1/actors?q=…`);
  return actor;
}

async function filtersOf(db: Db, id: string, query: NetworkQuery) {
  await actorOf(db, id);
  return normalizeFilters({ ...query, actor: [id] });
}

export async function getNetwork(
  db: Db,
  codec: CursorCodec,
  id: string,
  query: NetworkQuery,
): Promise<Static<typeof NetworkSchema>> {
  const filters = await filtersOf(db, id, query);
  const limit = query.limit ?? 50;
  const queryKey = JSON.stringify({ network: filtersKey(filters) });
  const offset = query.cursor ? codec.decode(query.cursor, queryKey, ['count'])[0] : 0;
  const rows = await networkRows(db, id, filters, { offset, limit: limit + 1 });
  const page = pageOf(rows, limit, () => codec.encode([offset + limit], queryKey));
  return { actor: id, data: page.rows.map(toLink), next_cursor: page.nextCursor };
}

/** Every link, for the CSV edge list. */
export async function allNetworkLinks(db: Db, id: string, query: NetworkQuery): Promise<NetworkLink[]> {
  const filters = await filtersOf(db, id, query);
  return (await networkRows(db, id, filters, { offset: 0, limit: null })).map(toLink);
}

/** A node of the network: the actor itself first, then each linked actor in the order of the links. */
export interface NetworkNode {
  id: string;
  kind: string;
  name: Record<string, string>;
}

/** Every node of the network (the actor and those linked to it), for the CSV nodes table. */
export async function allNetworkNodes(db: Db, id: string, query: NetworkQuery): Promise<NetworkNode[]> {
  const actor = await actorOf(db, id);
  const links = await allNetworkLinks(db, id, query);
  return [
    { id: actor.id, kind: actor.kind, name: actor.name as Record<string, string> },
    ...links.map((l) => ({ id: l.actor.id, kind: l.actor.kind, name: l.actor.name })),
  ];
}
